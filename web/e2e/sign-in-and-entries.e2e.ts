// The portal end to end: Chromium signs in through the form against the real API and a real database,
// and sees its organization's entry summaries (and not another organization's).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { useTestDatabase } from '@cape/db/testing';
import {
  createBrokerWithFilerCode,
  createEntrySummary,
  createImporterParty,
  createUser,
} from '@cape/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  type RunningApi,
  type RunningPortal,
  startApi,
  startPortal,
  WEB_ROOT,
} from './harness.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: useTestDatabase is a Vitest fixture, not a React hook.
const db = await useTestDatabase();

const RESULTS = join(WEB_ROOT, 'test-results');
const EMAIL = 'dana.reyes@harbor-brokerage.test';

/** "B7603245278" → "B76-0324527-8", the way the API formats it. */
function formatted(entryNumber: string): string {
  return `${entryNumber.slice(0, 3)}-${entryNumber.slice(3, 10)}-${entryNumber.slice(10)}`;
}

async function seed() {
  const broker = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Customs Brokerage' });
  const { password } = await createUser(db.owner, {
    email: EMAIL,
    displayName: 'Dana Reyes',
    organizationId: broker.organizationId,
    role: 'STAFF',
  });
  const acme = await createImporterParty(db.owner, {
    name: 'Acme Imports LLC',
    clientOf: broker.organizationId,
  });
  const pacific = await createImporterParty(db.owner, {
    name: 'Pacific Rim Trading Co.',
    clientOf: broker.organizationId,
  });
  const entries = [
    await createEntrySummary(db.owner, {
      filerCode: broker.filerCode,
      importerPartyId: acme.partyId,
      entryDate: '2025-05-12',
      liquidationDate: '2025-09-26',
    }),
    await createEntrySummary(db.owner, {
      filerCode: broker.filerCode,
      importerPartyId: pacific.partyId,
      entryDate: '2025-06-03',
      openProtest: true,
      lines: [{ enteredValueCents: 4_825_000n }, { enteredValueCents: 1_250_050n, countryOfOrigin: 'VN' }],
    }),
    await createEntrySummary(db.owner, {
      filerCode: broker.filerCode,
      importerPartyId: acme.partyId,
      entryDate: '2025-07-21',
      liquidationStatus: 'EXTENDED',
      reconciliationFlagged: true,
    }),
  ];
  // Another broker's entry: row-level security and the API must keep it out of Dana's list.
  const foreign = await createEntrySummary(db.owner, { entryDate: '2025-06-10' });
  return {
    organizationName: broker.organization.name,
    password,
    entryNumbers: entries.map((entry) => formatted(entry.entryNumber)),
    foreignEntryNumber: formatted(foreign.entryNumber),
  };
}

let seeded: Awaited<ReturnType<typeof seed>>;
let api: RunningApi | undefined;
let portal: RunningPortal | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  seeded = await seed();
  api = await startApi(db.appUrl);
  portal = await startPortal(api.url);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(portal.url);
  await mkdir(RESULTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await api?.close();
});

async function signIn(email: string, password: string) {
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('sign in and entries', () => {
  it('shows the InvalidCredentialsError message for a wrong password', async () => {
    await signIn(EMAIL, 'not-the-password');
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    await page.screenshot({ path: join(RESULTS, 'sign-in-error.png') });
    expect(await error.textContent()).toBe('The e-mail address or password is not correct.');
    expect(await page.getByRole('alert').filter({ has: error }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    expect(await page.getByTestId('viewer-name').count()).toBe(0);
  });

  it("signs in and lists the organization's entries", async () => {
    await signIn(EMAIL, seeded.password);
    const viewerName = page.getByTestId('viewer-name');
    await viewerName.waitFor();
    expect(await viewerName.textContent()).toBe('Dana Reyes');
    expect(await page.getByTestId('organization-name').textContent()).toBe(seeded.organizationName);
    expect(await page.getByTestId('organization-kind').textContent()).toBe('Broker');

    const entryNumbers = page.locator('table tbody th[scope="row"] .mono');
    await entryNumbers.first().waitFor();
    expect(await page.getByTestId('total-count').textContent()).toBe('3 entries');
    // Newest first.
    expect(await entryNumbers.allTextContents()).toEqual([...seeded.entryNumbers].reverse());
    expect(await page.locator('table').textContent()).not.toContain(seeded.foreignEntryNumber);

    await page.screenshot({ path: join(RESULTS, 'entries.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(RESULTS, 'entries-narrow.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
