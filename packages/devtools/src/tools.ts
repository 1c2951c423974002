// Installers for the two outside tools the tests need, run by the project itself (nothing by hand):
// Debian's Chromium for the browser test and k6 (built from source with Go) for the load smoke test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const K6_VERSION = 'v1.8.1';

function run(executable: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(executable, args, { stdio: 'inherit', env });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${executable} ${args.join(' ')} exited with ${result.status}`);
}

function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Path of a Chromium binary, installing Debian's package when none is present. */
export function ensureChromium(log: (message: string) => void): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist.`);
    return configured;
  }
  const debianPath = '/usr/bin/chromium';
  if (existsSync(debianPath)) return debianPath;
  if (process.getuid?.() !== 0 || !commandExists('apt-get')) {
    throw new Error('Chromium is missing: install Debian\'s "chromium" package or set CHROMIUM_PATH.');
  }
  log('installing Chromium from Debian (apt-get install chromium)');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    ...process.env,
    DEBIAN_FRONTEND: 'noninteractive',
  });
  return debianPath;
}

/** Path of a k6 binary: K6_PATH, or the pinned version built once with `go install` into a user cache. */
export function ensureK6(log: (message: string) => void): string {
  if (process.env.K6_PATH) return process.env.K6_PATH;
  const cacheDir = join(
    process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'cape-tools',
    `k6-${K6_VERSION}`,
  );
  const binary = join(cacheDir, 'k6');
  if (existsSync(binary)) return binary;
  if (!commandExists('go')) {
    throw new Error(
      'k6 is missing and Go is not installed: install Go 1.22+ (k6 is built from source) or set K6_PATH.',
    );
  }
  log(`building k6 ${K6_VERSION} with go install (first run only; a few minutes)`);
  mkdirSync(cacheDir, { recursive: true });
  run('go', ['install', `go.k6.io/k6@${K6_VERSION}`], {
    ...process.env,
    GOBIN: cacheDir,
    GOFLAGS: '-mod=mod',
  });
  return binary;
}
