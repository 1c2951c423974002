// SECURITY DEFINER functions run as their owner. Each must pin a search path that puts the session's
// temporary schema last, or the application role can shadow a table with a temporary one and get its
// own code run as the owner. Attacked here as the application role on a raw connection.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from './testing/use-test-database.ts';

const db = await useTestDatabase();

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}
const owner = await connect(db.ownerUrl);
const attacker = await connect(db.appUrl);
afterAll(async () => {
  await attacker.end();
  await owner.end();
});

const SAFE_SEARCH_PATH = 'search_path=pg_catalog, public, pg_temp';

describe('SECURITY DEFINER functions', () => {
  it('all pin the search path with the temporary schema last', async () => {
    const { rows } = await owner.query<{ name: string; config: string[] | null }>(
      `select p.oid::regprocedure::text as name, p.proconfig as config
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
        order by 1`,
    );
    // The two the platform started with are among them: the list is not empty by accident.
    expect(rows.map((row) => row.name)).toEqual(
      expect.arrayContaining([
        'app_find_user_for_sign_in(text)',
        'app_record_tenantless_audit(text,text,text,jsonb)',
      ]),
    );
    const unsafe = rows
      .filter((row) => !(row.config ?? []).includes(SAFE_SEARCH_PATH))
      .map((row) => row.name);
    expect(unsafe, `add "SET ${SAFE_SEARCH_PATH.replace('=', ' = ')}" to these`).toEqual([]);
  });

  it('cannot be made to write into a temporary audit_log whose trigger acts as the owner', async () => {
    await owner.query(
      `insert into audit_log (organization_id, action, subject_type, subject_id) values (null, 'witness', 'test', 'w1')`,
    );
    await attacker.query(`
      create temporary table audit_log (organization_id uuid, actor_user_id uuid, action text, subject_type text,
                                        subject_id text, details jsonb);
      create function pg_temp.take_over() returns trigger language plpgsql as $$
      begin
        alter table public.audit_log disable trigger audit_log_append_only_rows;
        delete from public.audit_log where action = 'witness';
        return new;
      end $$;
      create trigger take_over before insert on pg_temp.audit_log for each row execute function pg_temp.take_over();
    `);
    await attacker.query(`select app_record_tenantless_audit('probe', 'test', 'p1', '{}'::jsonb)`);
    const witness = await owner.query(`select 1 from audit_log where action = 'witness'`);
    expect(witness.rowCount).toBe(1);
    const probe = await owner.query(`select 1 from audit_log where action = 'probe'`);
    expect(probe.rowCount).toBe(1);
    const trigger = await owner.query<{ tgenabled: string }>(
      `select tgenabled from pg_trigger where tgname = 'audit_log_append_only_rows'`,
    );
    expect(trigger.rows).toEqual([{ tgenabled: 'O' }]);
    const captured = await attacker.query('select * from pg_temp.audit_log');
    expect(captured.rowCount).toBe(0);
  });

  it('look users up in public.users, never in a temporary table of the same name', async () => {
    await owner.query(
      `insert into users (id, email, display_name, password_hash)
       values ('00000000-0000-4000-8000-00000000000a', 'real@example.test', 'Real', 'scrypt$real')`,
    );
    await attacker.query(`
      create temporary table users (id uuid, email text, display_name text, password_hash text);
      insert into pg_temp.users values ('00000000-0000-4000-8000-00000000000b', 'real@example.test', 'Forged', 'scrypt$mine');
    `);
    const { rows } = await attacker.query(
      `select id, password_hash from app_find_user_for_sign_in('real@example.test')`,
    );
    expect(rows).toEqual([{ id: '00000000-0000-4000-8000-00000000000a', password_hash: 'scrypt$real' }]);
  });

  it('leave the application role unable to create objects in the public schema', async () => {
    await expect(attacker.query('create table public.users_shadow (id int)')).rejects.toThrow(
      /permission denied/,
    );
  });
});
