// Tests run against real PostgreSQL: the server named by DATABASE_URL, or a throwaway embedded one.
// Each test run migrates one template database; each test file then gets its own copy of it
// (CREATE DATABASE ... TEMPLATE, fast), so files never see each other's rows.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findFreePort, startEmbeddedPostgres } from '../embedded-postgres.ts';
import { applyMigrations } from '../migrations/apply-migrations.ts';
import {
  APP_ROLE,
  appUrlFromOwnerUrl,
  databaseUrlFor,
  operatorUrlFromOwnerUrl,
  provisionDatabase,
} from '../provisioning.ts';

export interface TestServer {
  /** Owner URL of the migrated template database. */
  templateOwnerUrl: string;
  /** Application-role URL pattern: the same login, any database. */
  appUrlBase: string;
  /** Operator-role URL pattern. */
  operatorUrlBase: string;
  templateName: string;
  stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const templateName = `cape_template_${process.pid}_${randomBytes(3).toString('hex')}`;
  let ownerUrlBase: string;
  let appUrlBase: string;
  let operatorUrlBase: string;
  let stopServer = async () => {};
  if (process.env.DATABASE_URL) {
    ownerUrlBase = process.env.DATABASE_URL;
    appUrlBase = process.env.APP_DATABASE_URL ?? appUrlFromOwnerUrl(ownerUrlBase);
    operatorUrlBase = process.env.OPERATOR_DATABASE_URL ?? operatorUrlFromOwnerUrl(ownerUrlBase);
    await runSql(ownerUrlBase, `create database "${templateName}"`);
  } else {
    const dataDir = await mkdtemp(join(tmpdir(), 'cape-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), throwaway: true });
    const urls = await provisionDatabase(server.superuserUrl(), templateName);
    ownerUrlBase = urls.ownerUrl;
    appUrlBase = urls.appUrl;
    operatorUrlBase = urls.operatorUrl;
    stopServer = () => server.stop();
  }
  const templateOwnerUrl = databaseUrlFor(ownerUrlBase, templateName);
  await applyMigrations(templateOwnerUrl);
  return {
    templateOwnerUrl,
    appUrlBase,
    operatorUrlBase,
    templateName,
    stop: async () => {
      await dropDatabase(databaseUrlFor(ownerUrlBase, 'postgres'), templateName).catch(() => undefined);
      await stopServer();
    },
  };
}

export interface TestDatabase {
  name: string;
  ownerUrl: string;
  /** Logs in as (or assumes) the application role: row-level security applies. */
  appUrl: string;
  /** Logs in as (or assumes) the operator role: row-level security shows every tenant. */
  operatorUrl: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(
  server: Pick<TestServer, 'templateOwnerUrl' | 'appUrlBase' | 'operatorUrlBase' | 'templateName'>,
): Promise<TestDatabase> {
  const name = `cape_test_${randomBytes(6).toString('hex')}`;
  const maintenanceUrl = databaseUrlFor(server.templateOwnerUrl, 'postgres');
  await runSql(maintenanceUrl, `create database "${name}" template "${server.templateName}"`);
  return {
    name,
    ownerUrl: databaseUrlFor(server.templateOwnerUrl, name),
    appUrl: databaseUrlFor(server.appUrlBase, name),
    operatorUrl: databaseUrlFor(server.operatorUrlBase, name),
    drop: () => dropDatabase(maintenanceUrl, name),
  };
}

/**
 * DROP DATABASE ... WITH (FORCE) by the owner fails ("permission denied to terminate process", 42501) while a
 * superuser's backend is in the database, such as an autovacuum worker: only a superuser may end those.
 * Such a backend is done soon, so the drop is tried again for up to ten seconds.
 */
export async function dropDatabase(maintenanceUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runSql(maintenanceUrl, `drop database if exists "${name}" with (force)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export { APP_ROLE };
