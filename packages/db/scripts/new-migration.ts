// `pnpm db:migration:new <name> [--empty]`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that brings the existing migrations up to prisma/schema.prisma. Raw SQL the schema cannot say
// (policies, triggers, checks) goes in by hand: `--empty` creates the file even when the models agree.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDatabaseCommand } from '../src/database-environment.ts';
import { MIGRATIONS_DIR } from '../src/migrations/migration-files.ts';
import { diffMigrationsToSchema } from '../src/migrations/schema-diff.ts';

const args = process.argv.slice(2);
const name = args.find((arg) => !arg.startsWith('--'));
const allowEmpty = args.includes('--empty');
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: pnpm db:migration:new <snake_case_name> [--empty]');
  process.exit(2);
}

await runDatabaseCommand('db:migration:new', async (environment) => {
  const sql = await diffMigrationsToSchema(environment.ownerUrl);
  if (sql === '' && !allowEmpty) {
    console.log(
      'schema.prisma and the migrations agree: nothing to write (use --empty for a raw SQL migration).',
    );
    return 0;
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const directory = join(MIGRATIONS_DIR, `${stamp}_${name}`);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'migration.sql'), sql === '' ? `-- ${name}\n` : `${sql}\n`);
  console.log(`wrote ${directory}/migration.sql`);
  return 0;
});
