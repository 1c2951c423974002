// The embedded server must start wherever the repository is cloned. As root it runs as the OS user
// `postgres`, which cannot traverse a checkout under a 0700 folder (a clone under /root or `mktemp -d`):
// these tests build such a checkout (this module and its packages copied under a fresh 0700 folder)
// and start the server from it, in a separate process, as a user would.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, startEmbeddedPostgres } from './embedded-postgres.ts';
import { REPO_ROOT } from './migrations/migration-files.ts';

const require = createRequire(import.meta.url);

/** The real folder of an installed package: upwards from its entry file to its package.json. */
function packageDir(name: string): string {
  let dir = dirname(realpathSync(require.resolve(name)));
  while (!existsSync(join(dir, 'package.json')) || readJson(join(dir, 'package.json')).name !== name) {
    if (dirname(dir) === dir) throw new Error(`no package.json for ${name}`);
    dir = dirname(dir);
  }
  return dir;
}

function readJson(file: string): { name?: string } {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * <private 0700 folder>/cape: this module, `pg` (linked), and `embedded-postgres` with its platform package
 * holding the PostgreSQL binaries (copied, so that they really live inside the private folder).
 */
function privateCheckout(privateFolder: string): string {
  const checkout = join(privateFolder, 'cape');
  const source = join(checkout, 'packages', 'db', 'src');
  mkdirSync(join(checkout, 'packages', 'db', 'node_modules'), { recursive: true });
  mkdirSync(join(source, 'testing'), { recursive: true });
  writeFileSync(join(checkout, 'packages', 'db', 'package.json'), '{ "type": "module" }');
  for (const file of ['embedded-postgres.ts', join('testing', 'embedded-start-check.ts')]) {
    cpSync(join(REPO_ROOT, 'packages', 'db', 'src', file), join(source, file));
  }
  symlinkSync(packageDir('pg'), join(checkout, 'packages', 'db', 'node_modules', 'pg'));

  const embeddedPostgres = packageDir('embedded-postgres');
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const siblings = dirname(embeddedPostgres); // pnpm: the package's own dependencies sit next to it
  const modules = join(checkout, 'node_modules');
  mkdirSync(join(modules, '@embedded-postgres'), { recursive: true });
  for (const entry of readdirSync(siblings)) {
    if (entry === '@embedded-postgres' || entry === 'embedded-postgres') continue;
    symlinkSync(realpathSync(join(siblings, entry)), join(modules, entry));
  }
  cpSync(embeddedPostgres, join(modules, 'embedded-postgres'), { recursive: true, dereference: true });
  cpSync(realpathSync(join(siblings, platformPackage)), join(modules, platformPackage), {
    recursive: true,
    verbatimSymlinks: true,
  });
  return checkout;
}

const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

/** The command line that runs the start check (testing/embedded-start-check.ts) inside the checkout. */
function startCheck(checkout: string, cacheDir: string, args: string[]) {
  const driver = join(checkout, 'packages', 'db', 'src', 'testing', 'embedded-start-check.ts');
  return {
    args: [driver, ...args],
    options: { cwd: checkout, env: { ...process.env, EMBEDDED_PG_CACHE_DIR: cacheDir } },
  };
}

/** Starts the persistent server from the private checkout in its own process, as a command would. */
function startFromCheckout(
  checkout: string,
  cacheDir: string,
  sql: string,
): { dataDirectory: string; executable: string; answer: number } {
  const { args, options } = startCheck(checkout, cacheDir, [
    'persistent',
    join(checkout, '.data', 'postgres'),
    sql,
  ]);
  const result = spawnSync(TSX, args, { ...options, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(
      `starting from ${checkout} failed (exit ${result.status}):\n${result.stderr}${result.stdout}`,
    );
  }
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded PostgreSQL from a checkout under a 0700 folder', () => {
  let privateFolder: string;
  let checkout: string;
  /** A fresh binary cache, so that the copy is made (and checked) on every run. */
  const cacheDir = join(tmpdir(), `cape-pg-cache-${process.pid}-${Date.now()}`);
  const dataDirectories: string[] = [];

  beforeAll(() => {
    privateFolder = mkdtempSync(join(tmpdir(), 'cape-private-'));
    chmodSync(privateFolder, 0o700);
    checkout = privateCheckout(privateFolder);
  });

  afterAll(() => {
    rmSync(privateFolder, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
    for (const directory of dataDirectories) rmSync(directory, { recursive: true, force: true });
  });

  it('starts, keeps its data between starts, and stops', () => {
    const first = startFromCheckout(
      checkout,
      cacheDir,
      'create table kept (answer int); insert into kept values (42); select answer from kept',
    );
    dataDirectories.push(first.dataDirectory);
    expect(first.answer).toBe(42);
    const second = startFromCheckout(checkout, cacheDir, 'select answer from kept');
    expect(second).toEqual(first);
    expect(existsSync(join(first.dataDirectory, 'postmaster.pid'))).toBe(false);
    if (userInfo().uid === 0) {
      // The server runs as `postgres`, which cannot reach anything inside the private folder.
      expect(first.executable.startsWith(`${cacheDir}/`)).toBe(true);
      expect(first.dataDirectory.startsWith(privateFolder)).toBe(false);
      const owner = execFileSync('stat', ['-c', '%U', first.dataDirectory]).toString().trim();
      expect(owner).toBe('postgres');
    } else {
      // As its owner we reach the private folder: binaries and data stay in the checkout.
      expect(first.executable.startsWith(`${privateFolder}/`)).toBe(true);
      expect(first.dataDirectory).toBe(join(checkout, '.data', 'postgres'));
    }
  });

  it('stops a throwaway server and deletes its data when the command gets SIGTERM', async () => {
    const { args, options } = startCheck(checkout, cacheDir, ['hold', join(checkout, '.data', 'throwaway')]);
    const command = spawn(TSX, args, { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
    const [firstLine] = (await once(createInterface({ input: command.stdout }), 'line')) as [string];
    const { dataDirectory, postmasterPid } = JSON.parse(firstLine);
    expect(isRunning(postmasterPid)).toBe(true);
    const exited = once(command, 'exit');
    command.kill('SIGTERM');
    await exited;
    expect(isRunning(postmasterPid)).toBe(false);
    expect(existsSync(dataDirectory)).toBe(false);
  });
});

describe('embedded PostgreSQL start failures', () => {
  let portHolder: Server;
  let takenPort: number;
  let dataDir: string;

  beforeAll(async () => {
    takenPort = await findFreePort();
    portHolder = createServer();
    await new Promise<void>((resolve) => portHolder.listen(takenPort, '127.0.0.1', resolve));
    dataDir = mkdtempSync(join(tmpdir(), 'cape-port-taken-'));
  });

  afterAll(async () => {
    await new Promise((resolve) => portHolder.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('explains a taken port in one message with the remedy', async () => {
    const attempt = startEmbeddedPostgres({ dataDir, port: takenPort, throwaway: true });
    await expect(attempt).rejects.toThrow(
      new RegExp(`port ${takenPort} is in use.*EMBEDDED_PG_PORT.*DATABASE_URL`, 's'),
    );
  });
});

describe('a persistent server shared between commands', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cape-shared-pg-'));
  });

  afterAll(async () => {
    // Should an assertion fail with the server still up, end it before deleting its data.
    if (existsSync(join(dataDir, 'postmaster.pid')) && isRunning(postmasterPid())) {
      const pid = postmasterPid();
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 100));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  function postmasterPid(): number {
    return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  it('stops when only the starting command is connected, stays up while a sharer is', async () => {
    const starter = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), throwaway: false });
    const firstPid = postmasterPid();
    // The starter's own pool, still open when it stops (as a CLI's may be), must not keep the server up.
    const ownPool = new pg.Client({ connectionString: starter.superuserUrl() });
    await ownPool.connect();
    ownPool.on('error', () => {});
    await starter.stop();
    await ownPool.end().catch(() => undefined);
    expect(isRunning(firstPid)).toBe(false);

    const secondStarter = await startEmbeddedPostgres({
      dataDir,
      port: await findFreePort(),
      throwaway: false,
    });
    const sharer = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), throwaway: false });
    expect(sharer.port).toBe(secondStarter.port);
    const secondPid = postmasterPid();
    await secondStarter.stop();
    expect(isRunning(secondPid)).toBe(true);
    const client = new pg.Client({ connectionString: sharer.superuserUrl() });
    await client.connect();
    expect((await client.query<{ answer: number }>('select 6 * 7 as answer')).rows[0]?.answer).toBe(42);
    await client.end();
    await sharer.stop();
    // Left running for whichever command comes next; this test ends it.
    process.kill(secondPid, 'SIGINT');
    for (let i = 0; i < 100 && isRunning(secondPid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(isRunning(secondPid)).toBe(false);
  });
});

describe('a server whose starter is busy', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cape-busy-starter-pg-'));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  // About 2 MB of server log (each failing statement logs its error and the statement), then a
  // checkpoint, from another process while this one's event loop is blocked in spawnSync: a server
  // logging into a pipe of this process blocks once the pipe is full, and the child never finishes.
  const FLOOD = `
import pg from 'pg';
const client = new pg.Client({ connectionString: process.env.FLOOD_URL });
await client.connect();
const padding = 'x'.repeat(500);
for (let i = 0; i < 2000; i++) await client.query('select 1/0 as "' + padding + '"').catch(() => {});
await client.query('checkpoint');
await client.end();
`;

  it('keeps serving and checkpointing while the starting process is blocked', async () => {
    const server = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), throwaway: true });
    try {
      const flood = spawnSync(process.execPath, ['--input-type=module', '-e', FLOOD], {
        cwd: join(REPO_ROOT, 'packages', 'db'),
        env: { ...process.env, FLOOD_URL: server.superuserUrl() },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(flood.error).toBeUndefined();
      expect(flood.status, flood.stderr).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
