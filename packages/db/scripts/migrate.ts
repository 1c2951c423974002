// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded development database.
import { runDatabaseCommand } from '../src/database-environment.ts';
import { applyMigrations } from '../src/migrations/apply-migrations.ts';

await runDatabaseCommand('db:migrate', async (environment) => {
  const report = await applyMigrations(environment.ownerUrl);
  for (const name of report.applied) console.log(`applied ${name}`);
  console.log(`migrations: ${report.applied.length} applied, ${report.alreadyApplied} already applied`);
  return 0;
});
