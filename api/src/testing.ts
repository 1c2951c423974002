// Shared set-up for the API's integration tests: the API's config, and the API started as its own process
// (as `npm start` runs it) for tests that attack it over HTTP and watch the process itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PrismaClient } from '@cape/db';
import {
  createBrokerWithFilerCode,
  createEntrySummary,
  createImporterParty,
  createUser,
} from '@cape/testkit';
import type { ApiConfig } from './config.ts';
import { type GraphqlClient, graphqlClient } from './http-testing.ts';

export const TEST_API_CONFIG: ApiConfig = {
  port: 0,
  host: '127.0.0.1',
  sessionSecret: 'test-session-secret-test-session-secret',
  sessionTtlSeconds: 3600,
  maxBodyBytes: 1024 * 1024,
  trustedProxies: ['127.0.0.0/8', '::1/128'],
  corsOrigins: ['http://127.0.0.1:5173'],
  // The test users' hashes (testkit's TEST_PASSWORD_COST): signing in does not rehash them.
  passwordCost: { N: 1024, r: 8, p: 1 },
};

export interface ApiProcess extends GraphqlClient {
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resident memory now and at its peak, in bytes (Linux /proc). */
  memory(): { residentBytes: number; peakResidentBytes: number };
  stop(): Promise<void>;
}

const API_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Starts `src/main.ts` in a child Node process (tsx loader, no build) and waits until it listens. */
export async function startApiProcess(environment: Record<string, string>): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      API_PORT: '0',
      SESSION_SECRET: TEST_API_CONFIG.sessionSecret,
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API did not start:\n${output}`)), 60_000);
    const onData = () => {
      const match = output.match(/API listening on (http:\/\/[^/\s]+)\/graphql/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`API exited with code ${code} before listening:\n${output}`));
    });
  });
  const pid = child.pid!;
  return {
    ...graphqlClient(url),
    pid,
    child,
    output: () => output,
    memory: () => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kilobytes = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+) kB`))?.[1]);
      return { residentBytes: kilobytes('VmRSS') * 1024, peakResidentBytes: kilobytes('VmHWM') * 1024 };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A broker with a filer code, a staff login and `entries` entry summaries filed for one client of it. */
export async function seedBrokerWithEntries(
  owner: PrismaClient,
  broker: { name: string; filerCode: string; email: string; entries: number },
): Promise<{ email: string; password: string }> {
  const organization = await createBrokerWithFilerCode(owner, {
    name: broker.name,
    filerCode: broker.filerCode,
  });
  const staff = await createUser(owner, {
    email: broker.email,
    organizationId: organization.organizationId,
    role: 'STAFF',
  });
  const client = await createImporterParty(owner, {
    name: `${broker.name} client`,
    clientOf: organization.organizationId,
  });
  for (let i = 0; i < broker.entries; i++) {
    await createEntrySummary(owner, { filerCode: broker.filerCode, importerPartyId: client.partyId });
  }
  return { email: broker.email, password: staff.password };
}
