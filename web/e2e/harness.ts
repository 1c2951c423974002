// What the browser tests run against: the real API in-process (on the test's own database) serving the
// portal's production build on its own origin, as in production (the build is made once per run by
// e2e/build-portal.ts), and Debian's Chromium driven by playwright-core.
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { loadApiConfig } from '@cape/api/config';
import { createApiServer } from '@cape/api/server';
import { createPrismaClient } from '@cape/db';
// Brings in the typing of what the global setup provides, which useTestDatabase() injects.
import type {} from '@cape/db/testing/global-setup';
import { type Browser, chromium, type Page } from 'playwright-core';

export const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SCREENSHOTS = join(WEB_ROOT, 'test-results', 'screenshots');

/** The widths the portal is made for: a laptop and a tablet held upright. */
export const VIEWPORTS = {
  laptop: { width: 1366, height: 768 },
  tablet: { width: 768, height: 1024 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

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

/** The API as `npm start` runs it: the application role, and the operator role for CBP operations staff. */
export async function startApi(database: { appUrl: string; operatorUrl: string }): Promise<RunningApi> {
  const prisma = createPrismaClient(database.appUrl, { maxConnections: 4 });
  const operatorPrisma = createPrismaClient(database.operatorUrl, { maxConnections: 2 });
  const port = await freePort();
  // An empty environment: the test does not depend on a developer's API_* or SESSION_* variables.
  const config = { ...loadApiConfig({}), port };
  const server = createApiServer(prisma, config, { operatorPrisma });
  server.listen(config.port, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await closeServer(server);
      await Promise.all([prisma.$disconnect(), operatorPrisma.$disconnect()]);
    },
  };
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

/** A page that records what went wrong in it: uncaught errors and console errors (CSP violations among them). */
export async function openPage(browser: Browser, viewport: ViewportName = 'laptop') {
  // A context of its own (axe needs one): no cookies or storage shared with other pages.
  const context = await browser.newContext({ viewport: VIEWPORTS[viewport] });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return { page, problems };
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** axe's serious and critical violations on the page as it is now (WCAG 2.2 A and AA rules). */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

/** "B7603245278" → "B76-0324527-8", the way the API formats entry numbers. */
export function formatted(entryNumber: string): string {
  return `${entryNumber.slice(0, 3)}-${entryNumber.slice(3, 10)}-${entryNumber.slice(10)}`;
}
