/**
 * Demo data for the platform's `start` command: a customs broker with ~300 importer clients and tens of
 * thousands of entries, an importer with a self-service login, a Form 4811 notify party and the CBP
 * operator, each with a login. Idempotent: when the demo users exist nothing is done.
 */
import { hashPassword } from '@cape/auth';
import pg from 'pg';
import { type LoadReport, loadSyntheticData } from '../loader/load-synthetic-data.ts';

export const DEMO_PASSWORD = 'demo-password-2026';

export interface DemoLogin {
  email: string;
  password: string;
  organizationName: string;
  organizationKind: 'BROKER' | 'IMPORTER' | 'NOTIFY_PARTY' | 'OPERATOR';
  /** What this login can do today, in a sentence (printed by `npm start`). */
  role: string;
}

export const DEMO_BROKER_NAME = 'Harbor Customs Brokerage';
export const DEMO_BROKER_FILER_CODES = ['B76', 'H7C'] as const;
export const DEMO_IMPORTER_NAME = 'Great Lakes Outdoor Supply Co.';
export const DEMO_NOTIFY_PARTY_NAME = 'Keystone Trade Finance LLC';
export const DEMO_OPERATOR_NAME = 'U.S. Customs and Border Protection - CAPE Operations';

export const DEMO_LOGINS: readonly DemoLogin[] = [
  {
    email: 'broker@demo.cape.test',
    password: DEMO_PASSWORD,
    organizationName: DEMO_BROKER_NAME,
    organizationKind: 'BROKER',
    role: 'Customs broker (filer codes B76, H7C): sees the entries it filed for its ~300 importer clients',
  },
  {
    email: 'importer@demo.cape.test',
    password: DEMO_PASSWORD,
    organizationName: DEMO_IMPORTER_NAME,
    organizationKind: 'IMPORTER',
    role: 'Importer of record (self-service): sees the entries filed for its IOR number',
  },
  {
    email: 'notify@demo.cape.test',
    password: DEMO_PASSWORD,
    organizationName: DEMO_NOTIFY_PARTY_NAME,
    organizationKind: 'NOTIFY_PARTY',
    role: 'Form 4811 notify party: sees no entries (refunds are not available yet)',
  },
  {
    email: 'operator@demo.cape.test',
    password: DEMO_PASSWORD,
    organizationName: DEMO_OPERATOR_NAME,
    organizationKind: 'OPERATOR',
    role: "CBP operator: sees every organization's entries (read-only)",
  },
];

export const DEFAULT_DEMO_ENTRIES = 30_000;
const DEMO_SEED = 2026;
const DEMO_LOCK_KEY = 7_340_213; // arbitrary, constant: "CAPE demo seed"

export interface SeedDemoResult {
  /** False when the demo users already existed (nothing was done). */
  created: boolean;
  logins: readonly DemoLogin[];
  /** The load, when data was created. */
  load: LoadReport | null;
}

async function insertDemoAccounts(
  client: pg.ClientBase,
  organizationIds: Record<DemoLogin['organizationKind'], string>,
  passwordHashes: readonly string[],
): Promise<void> {
  for (const [index, login] of DEMO_LOGINS.entries()) {
    const displayName = `Demo ${login.organizationKind.toLowerCase().replace('_', ' ')} user`;
    const user = await client.query<{ id: string }>(
      'insert into users (id, email, display_name, password_hash) values (gen_random_uuid(), $1, $2, $3) returning id',
      [login.email, displayName, passwordHashes[index]],
    );
    await client.query(
      `insert into memberships (id, user_id, organization_id, role) values (gen_random_uuid(), $1, $2, 'ADMIN')`,
      [user.rows[0]!.id, organizationIds[login.organizationKind]],
    );
  }
}

export async function seedDemoData(
  ownerUrl: string,
  options: { entries?: number } = {},
): Promise<SeedDemoResult> {
  const entries = options.entries ?? DEFAULT_DEMO_ENTRIES;
  const lockClient = new pg.Client({ connectionString: ownerUrl });
  await lockClient.connect();
  try {
    // Two starters at once: the second waits, then finds the users and does nothing.
    await lockClient.query('select pg_advisory_lock($1)', [DEMO_LOCK_KEY]);
    const existing = await lockClient.query<{ email: string }>(
      'select email from users where email = any($1::text[])',
      [DEMO_LOGINS.map((l) => l.email)],
    );
    if (existing.rows.length > 0) return { created: false, logins: DEMO_LOGINS, load: null };

    const passwordHashes = await Promise.all(DEMO_LOGINS.map((login) => hashPassword(login.password)));
    const load = await loadSyntheticData({
      ownerUrl,
      entries,
      seed: DEMO_SEED,
      brokers: 1,
      importersPerBroker: 300,
      selfFilingImporters: 0,
      notifyParties: 1,
      brokerNames: [DEMO_BROKER_NAME],
      preferredFilerCodes: [DEMO_BROKER_FILER_CODES],
      featuredImporters: [{ name: DEMO_IMPORTER_NAME, entryShare: 0.03 }],
      notifyPartyNames: [DEMO_NOTIFY_PARTY_NAME],
      // Row-by-row checks: no exclusive locks on tables the running platform is reading.
      constraintStrategy: 'keep',
      beforeCommit: async (client, world) => {
        const operator = await client.query<{ id: string }>(
          `insert into organizations (id, kind, name) values (gen_random_uuid(), 'OPERATOR', $1) returning id`,
          [DEMO_OPERATOR_NAME],
        );
        await insertDemoAccounts(
          client,
          {
            BROKER: world.brokers[0]!.organizationId,
            IMPORTER: world.featuredImporters[0]!.organizationId,
            NOTIFY_PARTY: world.notifyParties[0]!.organizationId,
            OPERATOR: operator.rows[0]!.id,
          },
          passwordHashes,
        );
      },
    });
    return { created: true, logins: DEMO_LOGINS, load };
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [DEMO_LOCK_KEY]).catch(() => undefined);
    await lockClient.end();
  }
}
