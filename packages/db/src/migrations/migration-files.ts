// Migrations live in Prisma's own layout (prisma/migrations/<timestamp>_<name>/migration.sql), so a machine
// with the regular Prisma CLI can still run `prisma migrate deploy` against the same history.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const SCHEMA_PATH = join(REPO_ROOT, 'prisma', 'schema.prisma');
export const MIGRATIONS_DIR = join(REPO_ROOT, 'prisma', 'migrations');

export interface MigrationFile {
  /** Directory name, e.g. `20261123083000_initial`. Applied in lexical order. */
  name: string;
  sql: string;
  /** sha256 of the file, hex: the same checksum Prisma records. */
  checksum: string;
}

const MIGRATION_NAME = /^\d{14}_[a-z0-9_]+$/;

export function readMigrationFiles(migrationsDir = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      if (!MIGRATION_NAME.test(name)) {
        throw new Error(
          `Migration directory "${name}" must be named <14-digit timestamp>_<snake_case_name>.`,
        );
      }
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}
