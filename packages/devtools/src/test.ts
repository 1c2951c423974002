// `npm test`: every check the project has, against real services: lint and format, type checks, each
// package's vitest suite (integration tests on a real PostgreSQL), the browser test in Chromium and the
// k6 smoke scenario. One throwaway PostgreSQL serves them all unless DATABASE_URL names a server.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, startEmbeddedPostgres } from '@cape/db/embedded';
import { REPO_ROOT } from '@cape/db/migrations';
import { provisionDatabase } from '@cape/db/provisioning';
import { createTestDatabase, startTestServer } from '@cape/db/testing/server';
import { exitWithError } from './command.ts';
import { runSmokeLoadTest } from './smoke-load-test.ts';
import { ensureChromium, ensureK6 } from './tools.ts';

interface StepResult {
  name: string;
  passed: boolean;
  seconds: number;
  /** Vitest suites count their own tests in JSON reports; other steps count as one test each. */
  countsOwnTests: boolean;
}

const log = (message: string) => console.log(`[test] ${message}`);
const results: StepResult[] = [];

function packageDirs(): string[] {
  const packages = readdirSync(join(REPO_ROOT, 'packages')).map((name) => join(REPO_ROOT, 'packages', name));
  return [join(REPO_ROOT, 'api'), join(REPO_ROOT, 'web'), ...packages];
}

function vitestReports(): string[] {
  return packageDirs().flatMap((dir) => {
    const folder = join(dir, 'test-results');
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((name) => /^vitest.*\.json$/.test(name))
      .map((name) => join(folder, name));
  });
}

async function step(
  name: string,
  work: () => boolean | Promise<boolean>,
  { countsOwnTests = false } = {},
): Promise<void> {
  log(`── ${name}`);
  const started = Date.now();
  let passed = false;
  try {
    passed = await work();
  } catch (error) {
    console.error(`[test] ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  results.push({ name, passed, seconds: (Date.now() - started) / 1000, countsOwnTests });
}

function pnpm(args: string[], env: NodeJS.ProcessEnv): boolean {
  const result = spawnSync('pnpm', args, { cwd: REPO_ROOT, stdio: 'inherit', env });
  return result.status === 0;
}

for (const report of vitestReports()) rmSync(report);

let chromium: string;
try {
  chromium = ensureChromium(log);
  ensureK6(log);
} catch (error) {
  exitWithError('test', error);
}

let stopServer = async () => {};
const env: NodeJS.ProcessEnv = {
  ...process.env,
  CHROMIUM_PATH: chromium,
  FORCE_COLOR: process.env.CI ? '0' : '1',
};
if (!process.env.DATABASE_URL) {
  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'cape-ci-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), throwaway: true, log });
    stopServer = () => server.stop();
    const urls = await provisionDatabase(server.superuserUrl(), 'cape_ci');
    env.DATABASE_URL = urls.ownerUrl;
    env.APP_DATABASE_URL = urls.appUrl;
    log('throwaway PostgreSQL is up');
  } catch (error) {
    await stopServer();
    exitWithError('test', error);
  }
}
Object.assign(process.env, { DATABASE_URL: env.DATABASE_URL, APP_DATABASE_URL: env.APP_DATABASE_URL });

try {
  await step('lint and format (biome)', () => pnpm(['exec', 'biome', 'check', '.'], env));
  await step('type checks', () =>
    pnpm(['exec', 'turbo', 'run', 'typecheck', '--continue', '--output-logs=errors-only'], env),
  );
  await step(
    'unit and integration tests',
    // --continue: one failing package must not hide the results of the others.
    () => pnpm(['exec', 'turbo', 'run', 'test', '--concurrency=2', '--continue', '--output-logs=full'], env),
    { countsOwnTests: true },
  );
  await step('browser test (Chromium)', () => pnpm(['--filter', '@cape/web', 'run', 'test:e2e'], env), {
    countsOwnTests: true,
  });
  await step('k6 smoke load test', async () => {
    const server = await startTestServer();
    const database = await createTestDatabase(server);
    try {
      return await runSmokeLoadTest(database, log);
    } finally {
      await database.drop();
      await server.stop();
    }
  });
} finally {
  await stopServer();
}

let passedTests = 0;
let failedTests = 0;
for (const report of vitestReports()) {
  const summary = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
  };
  passedTests += summary.numPassedTests;
  failedTests += summary.numFailedTests;
}
for (const result of results) {
  if (!result.countsOwnTests) {
    if (result.passed) passedTests++;
    else failedTests++;
  }
}
// A suite that failed before writing a report (or without a failing test in it) still fails the run.
if (failedTests === 0 && results.some((result) => !result.passed)) failedTests = 1;

console.log('\n[test] summary');
for (const result of results) {
  console.log(
    `  ${result.passed ? 'PASS' : 'FAIL'}  ${result.name.padEnd(30)} ${result.seconds.toFixed(1)} s`,
  );
}
console.log(`Tests: ${passedTests} passed, ${failedTests} failed`);
process.exit(results.every((result) => result.passed) && failedTests === 0 ? 0 : 1);
