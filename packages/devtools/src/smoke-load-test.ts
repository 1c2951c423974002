// The k6 smoke scenario against a real API on a database with demo data, for `npm run load-test` and the
// test command. Loopback only; k6 stops by itself (bounded duration).

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from '@cape/db/embedded';
import { REPO_ROOT } from '@cape/db/migrations';
import { DEMO_LOGINS, seedDemoData } from '@cape/testkit';
import { startApi, waitForUrl } from './processes.ts';
import { ensureK6 } from './tools.ts';

const SMOKE_DEMO_ENTRIES = 5_000;

export interface DatabaseForLoadTest {
  ownerUrl: string;
  appUrl: string;
}

export async function runSmokeLoadTest(
  database: DatabaseForLoadTest,
  log: (message: string) => void,
): Promise<boolean> {
  const k6 = ensureK6(log);
  const { logins } = await seedDemoData(database.ownerUrl, { entries: SMOKE_DEMO_ENTRIES });
  const broker = logins.find((login) => login.organizationKind === 'BROKER') ?? DEMO_LOGINS[0];
  if (!broker) throw new Error('The demo data has no broker login.');
  const port = await findFreePort();
  const api = startApi(
    {
      ...process.env,
      APP_DATABASE_URL: database.appUrl,
      API_PORT: String(port),
      SESSION_SECRET: randomBytes(32).toString('hex'),
    },
    { quiet: true },
  );
  try {
    await waitForUrl(`http://127.0.0.1:${port}/health`, api);
    const resultsDir = join(REPO_ROOT, 'load-tests', 'results');
    mkdirSync(resultsDir, { recursive: true });
    log(`k6 smoke against http://127.0.0.1:${port} as ${broker.email}`);
    const result = spawnSync(
      k6,
      [
        'run',
        '--quiet',
        '--summary-export',
        join(resultsDir, 'smoke-summary.json'),
        join(REPO_ROOT, 'load-tests', 'smoke.js'),
      ],
      {
        stdio: 'inherit',
        env: {
          ...process.env,
          BASE_URL: `http://127.0.0.1:${port}`,
          EMAIL: broker.email,
          PASSWORD: broker.password,
          K6_NO_USAGE_REPORT: 'true',
        },
      },
    );
    return result.status === 0;
  } finally {
    await api.stop();
  }
}
