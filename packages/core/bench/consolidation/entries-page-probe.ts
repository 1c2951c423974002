// While processing runs, a broker's staff member keeps opening the portal's entries page: the API (its own
// process, application role, row-level security) answers `entries(first: 50)` with the total count, one
// request after another. The latencies say whether processing blocks the portal.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { findFreePort } from '@cape/db/embedded';
import { appUrlFromOwnerUrl, operatorUrlFromOwnerUrl } from '@cape/db/provisioning';

const ENTRIES_PAGE = `query EntriesPage { entries(first: 50) { totalCount edges { node { entryNumber liquidationStatus
  totalDutyCents ieepaDutyCents importer { iorNumber name } } } } }`;

export interface PageLatency {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  errors: number;
}

export interface EntriesPageProbe {
  /** The latencies measured so far; the next call (or stop) measures from here on. */
  restart(): PageLatency;
  stop(): Promise<PageLatency>;
}

async function graphql(url: string, query: string, variables: object, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

async function waitForHealth(base: string, api: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited (code ${api.exitCode})`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the API did not start within 60 s');
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Starts the API on `ownerUrl`'s database, signs in, and requests the entries page until stopped. */
export async function startEntriesPageProbe(
  ownerUrl: string,
  credentials: { email: string; password: string },
): Promise<EntriesPageProbe> {
  const port = await findFreePort();
  const apiDir = join(import.meta.dirname, '..', '..', '..', '..', 'api');
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  const api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env: {
      ...env,
      APP_DATABASE_URL: appUrlFromOwnerUrl(ownerUrl),
      OPERATOR_DATABASE_URL: operatorUrlFromOwnerUrl(ownerUrl),
      API_PORT: String(port),
      API_HOST: '127.0.0.1',
      SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
    },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, api);
  const signIn = await graphql(
    `${base}/graphql`,
    `mutation SignIn($input: SignInInput!) { signIn(input: $input) {
       __typename ... on MutationSignInSuccess { data { token } } ... on Error { message } } }`,
    { input: credentials },
  );
  const token = (signIn.data?.signIn as { data?: { token: string } } | undefined)?.data?.token;
  if (!token) throw new Error(`the benchmark broker could not sign in: ${JSON.stringify(signIn)}`);

  let latencies: number[] = [];
  let errors = 0;
  const summary = (): PageLatency => {
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      requests: sorted.length,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      maxMs: sorted.at(-1) ?? Number.NaN,
      errors,
    };
  };
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const result = await graphql(`${base}/graphql`, ENTRIES_PAGE, {}, token).catch(() => ({ errors: [1] }));
      latencies.push(performance.now() - started);
      if (result.errors) errors += 1;
      // A person reading the page: a request every 100 ms at most.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    restart: () => {
      const measured = summary();
      latencies = [];
      errors = 0;
      return measured;
    },
    stop: async () => {
      running = false;
      await loop;
      api.kill('SIGTERM');
      await new Promise((resolve) => api.once('exit', resolve));
      return summary();
    },
  };
}
