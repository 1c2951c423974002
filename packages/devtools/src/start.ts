// `npm start`: the whole platform on localhost: PostgreSQL (embedded unless DATABASE_URL is set),
// migrations, demo data, the API and the portal. Ctrl+C stops everything.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DatabaseEnvironment, openDatabaseEnvironment } from '@cape/db';
import { applyMigrations, REPO_ROOT } from '@cape/db/migrations';
import { seedDemoData } from '@cape/testkit';
import { exitWithError } from './command.ts';
import { type ManagedProcess, startApi, startPortal, startProcess, waitForUrl } from './processes.ts';

const apiPort = Number(process.env.API_PORT ?? 4000);
const webPort = Number(process.env.WEB_PORT ?? 5173);
const demoEntries = Number(process.env.DEMO_ENTRIES ?? 30_000);

function log(message: string): void {
  console.log(`[start] ${message}`);
}

/** The variable's value, else a secret generated once and kept in .data/<file> (survives restarts). */
function keptSecret(variable: string, file: string, generate: () => string): string {
  const configured = process.env[variable];
  if (configured) return configured;
  const path = join(REPO_ROOT, '.data', file);
  if (!existsSync(path)) {
    mkdirSync(join(REPO_ROOT, '.data'), { recursive: true });
    writeFileSync(path, generate(), { mode: 0o600 });
  }
  return readFileSync(path, 'utf8').trim();
}

/** Kept so signed-in portal sessions survive an API restart. */
const sessionSecret = () =>
  keptSecret('SESSION_SECRET', 'session-secret', () => randomBytes(32).toString('hex'));
/** Kept so stored ACH account numbers stay readable (`<key id>:<base64 of 32 bytes>`, see README). */
const achEncryptionKeys = () =>
  keptSecret(
    'ACH_ENCRYPTION_KEYS',
    'ach-encryption-keys',
    () => `dev1:${randomBytes(32).toString('base64')}`,
  );

async function openDatabase(): Promise<DatabaseEnvironment> {
  try {
    return await openDatabaseEnvironment({ log });
  } catch (error) {
    exitWithError('start', error);
  }
}

const database = await openDatabase();
log(
  database.embeddedDataDir
    ? `embedded PostgreSQL is up (data in ${database.embeddedDataDir})`
    : 'using DATABASE_URL',
);
const processes: ManagedProcess[] = [];
let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('stopping');
    await Promise.all(processes.map((managed) => managed.stop()));
    await database.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));
// Last resort when this process dies on an error: never leave the API or the portal running orphaned.
process.on('exit', () => {
  for (const managed of processes) managed.kill();
});

try {
  const migrations = await applyMigrations(database.ownerUrl);
  log(`migrations: ${migrations.applied.length} applied, ${migrations.alreadyApplied} already applied`);
  log(`loading demo data (first start only: ${demoEntries} entries)`);
  const { logins, created } = await seedDemoData(database.ownerUrl, { entries: demoEntries });
  log(created ? 'demo data loaded' : 'demo data already present');

  const childEnv = {
    ...process.env,
    APP_DATABASE_URL: database.appUrl,
    OPERATOR_DATABASE_URL: database.operatorUrl,
    API_PORT: String(apiPort),
    SESSION_SECRET: sessionSecret(),
    ACH_ENCRYPTION_KEYS: achEncryptionKeys(),
    API_URL: `http://127.0.0.1:${apiPort}`,
    WEB_PORT: String(webPort),
  };
  const api = startApi(childEnv);
  processes.push(api);
  await waitForUrl(`http://127.0.0.1:${apiPort}/health`, api);
  // CAPE's processing worker: cycles, the schedule, held-refund releases (owner login, see docs/processing.md).
  const worker = startProcess(
    'worker',
    join(REPO_ROOT, 'packages', 'core', 'node_modules', '.bin', 'tsx'),
    ['src/jobs/worker-main.ts'],
    { ...childEnv, DATABASE_URL: database.ownerUrl },
    { cwd: join(REPO_ROOT, 'packages', 'core') },
  );
  processes.push(worker);
  const web = startPortal(childEnv);
  processes.push(web);
  await waitForUrl(`http://127.0.0.1:${webPort}/`, web);

  console.log(`
  CAPE refund platform is running
    portal   http://127.0.0.1:${webPort}/
    GraphQL  http://127.0.0.1:${apiPort}/graphql
    health   http://127.0.0.1:${apiPort}/health

  Demo logins:
${logins.map((login) => `    ${login.email.padEnd(28)} ${login.password.padEnd(22)} ${login.role}`).join('\n')}

  Ctrl+C stops everything.
`);
  // A crashed API is reported loudly and restarted (a few times); a crashed portal stops the platform.
  const apiCrashes: number[] = [];
  const superviseApi = (managed: ManagedProcess): void => {
    managed.child.once('exit', (code, signal) => {
      if (stopping) return;
      apiCrashes.push(Date.now());
      const recent = apiCrashes.filter((at) => at > Date.now() - 10 * 60_000).length;
      console.error(
        `\n[start] !!! The API stopped unexpectedly (${signal ?? `exit code ${code}`}); see its output above.`,
      );
      if (recent > 3) {
        console.error(`[start] !!! It stopped ${recent} times within 10 minutes: stopping the platform.`);
        void shutdown(1);
        return;
      }
      console.error('[start] !!! Restarting the API.');
      const restarted = startApi(childEnv);
      processes[processes.indexOf(managed)] = restarted;
      superviseApi(restarted);
      waitForUrl(`http://127.0.0.1:${apiPort}/health`, restarted).then(
        () => log('the API is answering again'),
        (error: Error) => console.error(`[start] !!! The restarted API did not come up: ${error.message}`),
      );
    });
  };
  superviseApi(api);
  web.child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(
      `\n[start] !!! The portal stopped unexpectedly (${signal ?? `exit code ${code}`}): stopping the platform.`,
    );
    void shutdown(1);
  });
  worker.child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(
      `\n[start] !!! The processing worker stopped unexpectedly (${signal ?? `exit code ${code}`}): stopping the platform.`,
    );
    void shutdown(1);
  });
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}
