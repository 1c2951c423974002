/**
 * `pnpm gen:data --entries 1000000 [--seed 42] [--brokers N] [--importers-per-broker N]`
 * Loads synthetic data into the configured database (DATABASE_URL, or the embedded dev server), migrating
 * it first. Progress and phase timings go to stderr; the last line of stdout is
 * `generated entries=<n> lines=<n> seconds=<s>` (seconds = the load transaction, connect to commit).
 */
import { runDatabaseCommand } from '@cape/db';
import { applyMigrations } from '@cape/db/migrations';
import { loadSyntheticData } from '../loader/load-synthetic-data.ts';
import { ArgumentError, parseGenerateDataArguments } from './arguments.ts';

let args: ReturnType<typeof parseGenerateDataArguments>;
try {
  args = parseGenerateDataArguments(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ArgumentError)) throw error;
  console.error(`gen:data: ${error.message}`);
  process.exit(2);
}

const log = (message: string) => console.error(`[gen:data] ${message}`);
const setupStart = performance.now();
await runDatabaseCommand('gen:data', async (env) => {
  const migrations = await applyMigrations(env.ownerUrl);
  log(
    `database ready in ${((performance.now() - setupStart) / 1000).toFixed(2)} s ` +
      `(${env.embedded ? 'embedded' : 'DATABASE_URL'}; ${migrations.applied.length} migrations applied)`,
  );
  let nextReport = 0;
  const report = await loadSyntheticData({
    ownerUrl: env.ownerUrl,
    entries: args.entries,
    seed: args.seed,
    brokers: args.brokers,
    importersPerBroker: args.importersPerBroker,
    referenceDate: args.referenceDate,
    constraintStrategy: args.constraintStrategy,
    log,
    onProgress: (p) => {
      if (p.entries >= nextReport || p.entries === p.totalEntries) {
        log(`  ${p.entries}/${p.totalEntries} entries, ${p.lines} lines, ${p.tariffs} tariffs`);
        nextReport = p.entries + Math.max(100_000, Math.ceil(p.totalEntries / 10));
      }
    },
  });
  log(`filer codes: ${report.filerCodes.join(' ')}; first entry summary id ${report.firstEntrySummaryId}`);
  console.log(
    `generated entries=${report.entries} lines=${report.lines} seconds=${report.seconds.toFixed(2)}`,
  );
  return 0;
});
