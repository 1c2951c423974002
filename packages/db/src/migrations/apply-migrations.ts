// Applies pending migrations in order, each inside its own transaction, recording them in Prisma's
// `_prisma_migrations` table. An advisory lock keeps two starters from migrating at once, and an applied
// migration whose file has changed stops everything: history must never be rewritten.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type MigrationFile, readMigrationFiles } from './migration-files.ts';

const MIGRATION_LOCK_KEY = 7_340_211; // arbitrary, constant: "CAPE migrations"

const CREATE_HISTORY_TABLE = `
create table if not exists _prisma_migrations (
  id                  varchar(36) primary key not null,
  checksum            varchar(64) not null,
  finished_at         timestamptz,
  migration_name      varchar(255) not null,
  logs                text,
  rolled_back_at      timestamptz,
  started_at          timestamptz not null default now(),
  applied_steps_count integer not null default 0
)`;

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export async function applyMigrations(
  ownerUrl: string,
  migrations: MigrationFile[] = readMigrationFiles(),
): Promise<MigrationReport> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_HISTORY_TABLE);
    const history = await client.query<{ migration_name: string; checksum: string }>(
      'select migration_name, checksum from _prisma_migrations where finished_at is not null and rolled_back_at is null',
    );
    const applied = new Map(history.rows.map((row) => [row.migration_name, row.checksum]));
    const known = new Set(migrations.map((migration) => migration.name));
    for (const name of applied.keys()) {
      if (!known.has(name)) {
        throw new Error(`The database has migration "${name}", which is not in prisma/migrations.`);
      }
    }
    const report: MigrationReport = { applied: [], alreadyApplied: 0 };
    for (const migration of migrations) {
      const recorded = applied.get(migration.name);
      if (recorded !== undefined) {
        if (recorded !== migration.checksum) {
          throw new Error(
            `Migration "${migration.name}" was changed after it was applied. Revert the edit and add a new migration.`,
          );
        }
        report.alreadyApplied++;
        continue;
      }
      await client.query('begin');
      try {
        await client.query(migration.sql);
        await client.query(
          `insert into _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count)
           values ($1, $2, $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Migration "${migration.name}" failed and was rolled back: ${String(error)}`);
      }
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
