#!/usr/bin/env node
// `npm start` / `npm test` on a machine with nothing but Node.js 20+: installs pnpm (pinned, into the
// git-ignored .tools/ folder, never globally), the workspace's packages, generates code, then hands over
// to the TypeScript command (packages/devtools/src/<command>.ts). No dependencies: it runs before install.
// `bootstrap.mjs pnpm <args>` does the same and then runs the pinned pnpm: the root package.json's other
// scripts (`npm run gen:data -- ...`, `npm run pnpm -- ...`) go through it, so they need no pnpm on PATH.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PNPM_VERSION = '10.34.8';
const root = fileURLToPath(new URL('../../', import.meta.url));
const command = process.argv[2];
const commands = { start: 'src/start.ts', test: 'src/test.ts', 'load-test': 'src/load-test.ts' };

if (!(command in commands) && command !== 'pnpm') {
  console.error(
    `usage: node packages/devtools/bootstrap.mjs <${Object.keys(commands).join('|')}|pnpm> [args]`,
  );
  process.exit(2);
}
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node.js 20.19 or newer is required (this is ${process.versions.node}).`);
  process.exit(2);
}

function run(executable, args, options = {}) {
  const result = spawnSync(executable, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const toolsDir = join(root, '.tools', `pnpm-${PNPM_VERSION}`);
const pnpm = join(toolsDir, 'node_modules', '.bin', 'pnpm');
if (!existsSync(pnpm)) {
  console.log(`[bootstrap] installing pnpm ${PNPM_VERSION} into .tools/`);
  run('npm', [
    'install',
    '--prefix',
    toolsDir,
    '--no-save',
    '--no-audit',
    '--no-fund',
    `pnpm@${PNPM_VERSION}`,
  ]);
}

const env = { ...process.env, PATH: `${join(toolsDir, 'node_modules', '.bin')}:${process.env.PATH}` };
console.log('[bootstrap] installing workspace packages');
run(pnpm, ['install', '--frozen-lockfile', '--prefer-offline'], { env });
console.log('[bootstrap] generating code (Prisma client, Pothos types, typed GraphQL operations)');
run(pnpm, ['exec', 'turbo', 'run', 'generate', '--output-logs=errors-only'], { env });
// The command runs as a child that gets our signals (Ctrl+C, a service manager's SIGTERM) and our exit code.
const args =
  command === 'pnpm'
    ? process.argv.slice(3)
    : ['exec', 'tsx', join('packages', 'devtools', commands[command]), ...process.argv.slice(3)];
const child = spawn(pnpm, args, { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
