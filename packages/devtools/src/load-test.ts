// `npm run load-test`: the k6 smoke scenario against a real API on a throwaway database with demo data.
// The bootstrap runs this file as the command; there is deliberately no "am I the main module?" check,
// which could silently skip the run (a path needing percent-encoding made one do exactly that).
import { createTestDatabase, startTestServer } from '@cape/db/testing/server';
import { exitWithError } from './command.ts';
import { runSmokeLoadTest } from './smoke-load-test.ts';

const log = (message: string) => console.log(`[load-test] ${message}`);
let passed = false;
try {
  const server = await startTestServer();
  try {
    const database = await createTestDatabase(server);
    try {
      passed = await runSmokeLoadTest(database, log);
    } finally {
      await database.drop();
    }
  } finally {
    await server.stop();
  }
} catch (error) {
  exitWithError('load-test', error);
}
log(passed ? 'smoke thresholds met' : 'smoke thresholds NOT met');
process.exit(passed ? 0 : 1);
