// What the browser test runs against: the real API in-process (on the test's own database), the Vite dev
// server in-process (proxying /graphql to that API), and Debian's Chromium driven by playwright-core.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadApiConfig } from '@cape/api/config';
import { createApiServer } from '@cape/api/server';
import { createPrismaClient } from '@cape/db';
// Brings in the typing of what the global setup provides, which useTestDatabase() injects.
import type {} from '@cape/db/testing/global-setup';
import { type Browser, chromium } from 'playwright-core';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { portalViteConfig } from '../vite.config.ts';

export const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

export async function startApi(appDatabaseUrl: string): Promise<RunningApi> {
  const prisma = createPrismaClient(appDatabaseUrl, { maxConnections: 4 });
  const port = await freePort();
  // An empty environment: the test does not depend on a developer's API_* or SESSION_* variables.
  const config = { ...loadApiConfig({}), port };
  const server = createApiServer(prisma, config);
  server.listen(config.port, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await closeServer(server);
      await prisma.$disconnect();
    },
  };
}

export interface RunningPortal {
  url: string;
  server: ViteDevServer;
  close(): Promise<void>;
}

export async function startPortal(apiUrl: string): Promise<RunningPortal> {
  const port = await freePort();
  const base = portalViteConfig({ apiUrl, port });
  const server = await createViteServer({
    ...base,
    configFile: false,
    root: WEB_ROOT,
    // Its own dependency cache, so a developer's `pnpm dev` running alongside is left alone.
    cacheDir: 'node_modules/.vite-e2e',
    logLevel: 'warn',
    clearScreen: false,
    server: { ...base.server, hmr: false, watch: null },
  });
  await server.listen();
  return { url: `http://127.0.0.1:${port}`, server, close: () => server.close() };
}

export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await closeServer(probe);
  return port;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
