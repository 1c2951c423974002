// Vitest global setup for the browser tests: the portal's production build in web/dist, which the API
// serves. Built once per run, with the real build's checks (the initial JavaScript budget among them).
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));

export default async function buildPortal(): Promise<void> {
  // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: WEB_ROOT,
      configFile: `${WEB_ROOT}vite.config.ts`,
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
