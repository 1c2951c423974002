// Child processes for the platform: prefixed output, readiness by polling a URL, clean shutdown.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@cape/db/migrations';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
  /** Immediate, synchronous SIGTERM to the whole process group (for exit handlers). */
  kill(): void;
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { quiet?: boolean; cwd?: string } = {},
): ManagedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = `[${name}] `;
  const forward = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    if (options.quiet) return;
    const text = chunk.toString();
    stream.write(
      text
        .split('\n')
        .filter((line, index, lines) => line !== '' || index < lines.length - 1)
        .map((line) => `${prefix}${line}\n`)
        .join(''),
    );
  };
  child.stdout?.on('data', forward(process.stdout));
  child.stderr?.on('data', forward(process.stderr));
  const kill = () => {
    try {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  return {
    name,
    child,
    kill,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.pid === undefined) return resolve();
        child.once('exit', () => resolve());
        // The whole process group: tsx and vite start children of their own.
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          resolve();
        }
        setTimeout(() => {
          try {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }, 5_000).unref();
      }),
  };
}

/** The API (tsx, no build step) as a child process. */
export function startApi(env: NodeJS.ProcessEnv, options: { quiet?: boolean } = {}): ManagedProcess {
  const apiDir = join(REPO_ROOT, 'api');
  return startProcess('api', join(apiDir, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], env, {
    ...options,
    cwd: apiDir,
  });
}

/** The portal's Vite dev server as a child process (proxies /graphql to API_URL). */
export function startPortal(env: NodeJS.ProcessEnv): ManagedProcess {
  const webDir = join(REPO_ROOT, 'web');
  return startProcess('web', join(webDir, 'node_modules', '.bin', 'vite'), [], env, { cwd: webDir });
}

export async function waitForUrl(url: string, managed: ManagedProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (managed.child.exitCode !== null) {
      throw new Error(`${managed.name} exited (code ${managed.child.exitCode}) before ${url} answered.`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s.`);
}
