// Where the database is. With DATABASE_URL (the owner) set, that server is used; APP_DATABASE_URL is the
// application role's login, or, when unset, the owner's login assuming the application role (likewise
// OPERATOR_DATABASE_URL for the operator role). Without
// DATABASE_URL an embedded PostgreSQL is started with its data in the git-ignored `.data/` folder (as root,
// when the `postgres` OS user cannot reach the checkout, in a folder of that user's: see embedded-postgres.ts).
import { join } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { REPO_ROOT } from './migrations/migration-files.ts';
import {
  appUrlFromOwnerUrl,
  type DatabaseUrls,
  operatorUrlFromOwnerUrl,
  provisionDatabase,
} from './provisioning.ts';

export const DEFAULT_EMBEDDED_PORT = 54329;

export interface DatabaseEnvironment extends DatabaseUrls {
  embedded: boolean;
  /** Where the embedded server keeps its data; null when DATABASE_URL names the server. */
  embeddedDataDir: string | null;
  stop(): Promise<void>;
}

export async function openDatabaseEnvironment(
  options: { log?: (message: string) => void; database?: string } = {},
): Promise<DatabaseEnvironment> {
  const ownerUrl = process.env.DATABASE_URL;
  if (ownerUrl) {
    return {
      ownerUrl,
      appUrl: process.env.APP_DATABASE_URL ?? appUrlFromOwnerUrl(ownerUrl),
      operatorUrl: process.env.OPERATOR_DATABASE_URL ?? operatorUrlFromOwnerUrl(ownerUrl),
      embedded: false,
      embeddedDataDir: null,
      stop: async () => {},
    };
  }
  const port = Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PORT);
  const server = await startEmbeddedPostgres({
    dataDir: join(REPO_ROOT, '.data', 'postgres'),
    port,
    throwaway: false,
    log: options.log,
  });
  const urls = await provisionDatabase(server.superuserUrl(), options.database ?? 'cape');
  return { ...urls, embedded: true, embeddedDataDir: server.dataDir, stop: () => server.stop() };
}

/**
 * For command-line tools: opens the database environment, runs the work, always stops what it started,
 * and exits with the work's code (1 on an error, reported as its message alone: a failed start of the
 * embedded server already says what to do). The explicit exit ends whatever pools the work left open.
 */
export async function runDatabaseCommand(
  name: string,
  work: (environment: DatabaseEnvironment) => Promise<number | undefined>,
): Promise<never> {
  let code = 1;
  try {
    const environment = await openDatabaseEnvironment({
      log: (message) => console.error(`[${name}] ${message}`),
    });
    try {
      code = (await work(environment)) ?? 0;
    } finally {
      await environment.stop();
    }
  } catch (error) {
    console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(code);
}
