// Every table the application can reach has row-level security, or is listed here with the reason it needs
// none. A new table without RLS fails this test until it gets policies or a reason.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from './testing/use-test-database.ts';

const db = await useTestDatabase();
const owner = new pg.Client({ connectionString: db.ownerUrl });
await owner.connect();
afterAll(() => owner.end());

const WITHOUT_ROW_LEVEL_SECURITY: Record<string, string> = {
  'public._prisma_migrations': 'migration history; the application roles have no privileges on it at all',
  'public.sign_in_throttle':
    'sign-in attempt counters keyed by hashes; belong to no tenant and are needed before any tenant is known',
};

describe('row-level security', () => {
  it('is enabled on every table outside the allow-list', async () => {
    const { rows } = await owner.query<{ name: string; rls: boolean }>(
      `select n.nspname || '.' || c.relname as name, c.relrowsecurity as rls
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p')
          and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
          and n.nspname not like 'pg_temp%'
        order by 1`,
    );
    expect(rows.length).toBeGreaterThan(20);
    const missing = rows
      .filter((row) => !row.rls && !(row.name in WITHOUT_ROW_LEVEL_SECURITY))
      .map((row) => row.name);
    expect(missing, 'enable row-level security (with policies) or add the table and a reason here').toEqual(
      [],
    );
    // The allow-list names no table that no longer exists or has since gained RLS.
    const allowed = rows.filter((row) => row.name in WITHOUT_ROW_LEVEL_SECURITY);
    expect(allowed).toEqual(Object.keys(WITHOUT_ROW_LEVEL_SECURITY).map((name) => ({ name, rls: false })));
  });

  it('has a policy on every table where it is enabled (otherwise the table is silently empty)', async () => {
    const { rows } = await owner.query<{ name: string }>(
      `select n.nspname || '.' || c.relname as name
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and c.relrowsecurity
          and not exists (select 1 from pg_policy p where p.polrelid = c.oid)
        order by 1`,
    );
    expect(rows).toEqual([]);
  });

  it('leaves the application role no privileges on the migration history', async () => {
    const { rows } = await owner.query<{ privileges: boolean }>(
      `select has_table_privilege('cape_app', 'public._prisma_migrations', 'SELECT, INSERT, UPDATE, DELETE') as privileges`,
    );
    expect(rows).toEqual([{ privileges: false }]);
  });
});
