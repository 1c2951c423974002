// Creates the three database roles and the database itself on a server we administer (the embedded one).
// The owner role runs migrations and owns every table; the application role logs in without BYPASSRLS, so
// row-level security applies to everything the API does; the operator role (CBP's operations staff) is the
// application role plus the right to see every tenant, which the policies grant to this role by name and to
// no setting a session can change (see docs/security.md). The application role is not a member of it.
import pg from 'pg';

export const OWNER_ROLE = 'cape_owner';
export const APP_ROLE = 'cape_app';
export const OPERATOR_ROLE = 'cape_operator';
// Loopback-only development server: fixed credentials are documented in the README.
const OWNER_PASSWORD = 'cape-owner-local';
const APP_PASSWORD = 'cape-app-local';
const OPERATOR_PASSWORD = 'cape-operator-local';

export interface DatabaseUrls {
  /** Owner: migrations, bulk loads, provisioning of throwaway test databases. */
  ownerUrl: string;
  /** Application: the API and services; subject to row-level security. */
  appUrl: string;
  /** Operator: requests of CBP operations staff; row-level security lets this role see every tenant. */
  operatorUrl: string;
}

function withDatabase(url: string, database: string, user?: string, password?: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (user) parsed.username = user;
  if (password) parsed.password = password;
  return parsed.toString();
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Ensures roles and the database exist (idempotent); returns the owner and application URLs. */
export async function provisionDatabase(superuserUrl: string, database: string): Promise<DatabaseUrls> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const roles = await client.query<{ rolname: string }>(
      'select rolname from pg_roles where rolname = any($1::text[])',
      [[OWNER_ROLE, APP_ROLE, OPERATOR_ROLE]],
    );
    const existing = new Set(roles.rows.map((row) => row.rolname));
    if (!existing.has(OWNER_ROLE)) {
      await client.query(`create role ${OWNER_ROLE} login createdb createrole password '${OWNER_PASSWORD}'`);
    }
    if (!existing.has(APP_ROLE)) {
      await client.query(`create role ${APP_ROLE} login nobypassrls password '${APP_PASSWORD}'`);
    }
    if (!existing.has(OPERATOR_ROLE)) {
      await client.query(`create role ${OPERATOR_ROLE} login nobypassrls password '${OPERATOR_PASSWORD}'`);
    }
    // The operator has every privilege the application role has (grants keep naming only cape_app).
    await client.query(`grant ${APP_ROLE} to ${OPERATOR_ROLE}`);
    // The owner must be able to grant to and act for both (test databases, SET ROLE).
    await client.query(`grant ${APP_ROLE}, ${OPERATOR_ROLE} to ${OWNER_ROLE}`);
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`create database ${quoteIdentifier(database)} owner ${OWNER_ROLE}`);
    }
  } finally {
    await client.end();
  }
  return {
    ownerUrl: withDatabase(superuserUrl, database, OWNER_ROLE, OWNER_PASSWORD),
    appUrl: withDatabase(superuserUrl, database, APP_ROLE, APP_PASSWORD),
    operatorUrl: withDatabase(superuserUrl, database, OPERATOR_ROLE, OPERATOR_PASSWORD),
  };
}

/**
 * With a user-supplied DATABASE_URL (the owner) and no APP_DATABASE_URL, the application connects with the
 * owner's credentials but assumes the application role at session start, so RLS still applies.
 */
export function appUrlFromOwnerUrl(ownerUrl: string): string {
  return assumingRole(ownerUrl, APP_ROLE);
}

/** As `appUrlFromOwnerUrl`, for the operator role (OPERATOR_DATABASE_URL unset). */
export function operatorUrlFromOwnerUrl(ownerUrl: string): string {
  return assumingRole(ownerUrl, OPERATOR_ROLE);
}

function assumingRole(ownerUrl: string, role: string): string {
  const parsed = new URL(ownerUrl);
  parsed.searchParams.set('options', `-c role=${role}`);
  return parsed.toString();
}

export function databaseUrlFor(url: string, database: string): string {
  return withDatabase(url, database);
}
