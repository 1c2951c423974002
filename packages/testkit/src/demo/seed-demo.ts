/**
 * Demo data for the platform's `start` command: a customs broker with ~300 importer clients and tens of
 * thousands of entries, an importer with a self-service login, a Form 4811 notify party and the CBP
 * operator, each with a login. Idempotent: when the demo users exist nothing is done.
 */
import { hashPassword } from '@cape/auth';
import { type IsoDate, isIsoDate } from '@cape/domain';
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
/** CAPE Phase 1 opened on 2026-04-20 (docs/domain.md 0): the demo starts that day unless DEMO_START_DATE says. */
export const DEFAULT_DEMO_START_DATE: IsoDate = '2026-04-20';

/** The demo's first business date: the option, else DEMO_START_DATE, else CAPE's launch day. */
export function demoStartDate(option?: string, environment: NodeJS.ProcessEnv = process.env): IsoDate {
  const date = option ?? environment.DEMO_START_DATE ?? DEFAULT_DEMO_START_DATE;
  if (!isIsoDate(date))
    throw new RangeError(`DEMO_START_DATE must be a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return date;
}
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

/**
 * The business clock starts on the demo's date, so that what the demo data shows (liquidated within the
 * last 80 days, unliquidated, final) is what CAPE sees that day; the operator moves it from there.
 */
async function startBusinessClock(client: pg.ClientBase, date: IsoDate): Promise<void> {
  await client.query(
    `INSERT INTO business_clock (id, override_date) VALUES (1, $1::date)
     ON CONFLICT (id) DO UPDATE SET override_date = EXCLUDED.override_date, set_by_user_id = NULL, set_at = now()`,
    [date],
  );
  await client.query(
    `INSERT INTO audit_log (action, subject_type, subject_id, details)
     VALUES ('business_clock.set', 'business_clock', '1', jsonb_build_object('date', $1::text, 'actor', 'demo seed'))`,
    [date],
  );
}

export async function seedDemoData(
  ownerUrl: string,
  options: { entries?: number; startDate?: IsoDate } = {},
): Promise<SeedDemoResult> {
  const entries = options.entries ?? DEFAULT_DEMO_ENTRIES;
  const startDate = demoStartDate(options.startDate);
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
      // Liquidation statuses as of the demo's first day: entries liquidated within 80 days (eligible), earlier
      // (outside the window, or final after 180 days), and the unliquidated rest; none dated after it.
      referenceDate: startDate,
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
        await startBusinessClock(client, startDate);
      },
    });
    return { created: true, logins: DEMO_LOGINS, load };
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [DEMO_LOCK_KEY]).catch(() => undefined);
    await lockClient.end();
  }
}
