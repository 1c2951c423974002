import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/use-test-database.ts';
import { applyMigrations } from './apply-migrations.ts';
import { readMigrationFiles } from './migration-files.ts';
import { diffMigrationsToSchema } from './schema-diff.ts';

const db = await useTestDatabase();

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  it('agree with prisma/schema.prisma (run `pnpm db:migration:new <name>` when this fails)', async () => {
    expect(await diffMigrationsToSchema(db.ownerUrl)).toBe('');
  });

  it('are all recorded once with their checksums, and a second run applies nothing', async () => {
    const files = readMigrationFiles();
    const rows = await query<{ migration_name: string; checksum: string }>(
      db.ownerUrl,
      'select migration_name, checksum from _prisma_migrations order by migration_name',
    );
    expect(rows).toEqual(files.map((file) => ({ migration_name: file.name, checksum: file.checksum })));
    expect(await applyMigrations(db.ownerUrl)).toEqual({ applied: [], alreadyApplied: files.length });
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const files = readMigrationFiles();
    const edited = files.map((file, index) => (index === 0 ? { ...file, checksum: 'f'.repeat(64) } : file));
    await expect(applyMigrations(db.ownerUrl, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it('refuses to run when the database has a migration the repository does not', async () => {
    await expect(applyMigrations(db.ownerUrl, readMigrationFiles().slice(1))).rejects.toThrow(
      /not in prisma\/migrations/,
    );
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const broken = {
      name: '29991231000000_broken',
      sql: 'create table should_not_exist (id int); select * from no_such_table;',
      checksum: '0'.repeat(64),
    };
    await expect(applyMigrations(db.ownerUrl, [...readMigrationFiles(), broken])).rejects.toThrow(
      /29991231000000_broken" failed and was rolled back/,
    );
    const tables = await query(db.ownerUrl, "select 1 from pg_tables where tablename = 'should_not_exist'");
    expect(tables).toHaveLength(0);
    const recorded = await query(
      db.ownerUrl,
      "select 1 from _prisma_migrations where migration_name like '2999%'",
    );
    expect(recorded).toHaveLength(0);
  });

  it('lets the application role neither read the migration history nor bypass RLS', async () => {
    await expect(query(db.appUrl, 'select * from _prisma_migrations')).rejects.toThrow(/permission denied/);
    const [role] = await query<{ rolbypassrls: boolean; rolsuper: boolean }>(
      db.appUrl,
      'select rolbypassrls, rolsuper from pg_roles where rolname = current_user',
    );
    expect(role).toEqual({ rolbypassrls: false, rolsuper: false });
  });
});
