// Each kind of account signs in through the form and lands on its own start page, with the navigation of
// its kind: broker staff and importers on their entries (an importer sees its entries whoever filed them),
// an operator on the review queue (and processing), a notify party on its refunds. Checked with axe and
// photographed at laptop and tablet widths.
import { useTestDatabase } from '@cape/db/testing';
import {
  createBrokerWithFilerCode,
  createEntrySummary,
  createImporterParty,
  createNotifyParty,
  createOrganization,
  createUser,
} from '@cape/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatted,
  launchChromium,
  openPage,
  type RunningApi,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
  startApi,
  VIEWPORTS,
} from './harness.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: useTestDatabase is a Vitest fixture, not a React hook.
const db = await useTestDatabase();

async function seed() {
  const broker = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Customs Brokerage' });
  const otherBroker = await createBrokerWithFilerCode(db.owner, { name: 'Gulf Coast Brokers' });
  const acme = await createImporterParty(db.owner, {
    name: 'Acme Imports LLC',
    clientOf: broker.organizationId,
  });
  const pacific = await createImporterParty(db.owner, {
    name: 'Pacific Rim Trading Co.',
    clientOf: broker.organizationId,
  });
  const byBrokerForAcme = [
    await createEntrySummary(db.owner, { filerCode: broker.filerCode, importerPartyId: acme.partyId }),
    await createEntrySummary(db.owner, { filerCode: broker.filerCode, importerPartyId: acme.partyId }),
  ];
  const byOtherBrokerForAcme = await createEntrySummary(db.owner, {
    filerCode: otherBroker.filerCode,
    importerPartyId: acme.partyId,
  });
  const byBrokerForPacific = await createEntrySummary(db.owner, {
    filerCode: broker.filerCode,
    importerPartyId: pacific.partyId,
  });
  const notifyParty = await createNotifyParty(db.owner, { name: 'Keystone Trade Finance LLC' });
  const operator = await createOrganization(db.owner, { kind: 'OPERATOR', name: 'CBP Revenue Division' });

  const users = {
    broker: await createUser(db.owner, {
      email: 'bea@harbor.test',
      displayName: 'Bea Broker',
      organizationId: broker.organizationId,
      role: 'STAFF',
    }),
    importer: await createUser(db.owner, {
      email: 'ivy@acme.test',
      displayName: 'Ivy Importer',
      organizationId: acme.organizationId ?? undefined,
      role: 'ADMIN',
    }),
    notifyParty: await createUser(db.owner, {
      email: 'nia@keystone.test',
      displayName: 'Nia Notify',
      organizationId: notifyParty.organizationId ?? undefined,
      role: 'STAFF',
    }),
    operator: await createUser(db.owner, {
      email: 'omar@cbp.test',
      displayName: 'Omar Operator',
      organizationId: operator.id,
      role: 'STAFF',
    }),
  };
  return {
    users,
    brokerSees: [...byBrokerForAcme, byBrokerForPacific].map((entry) => formatted(entry.entryNumber)).sort(),
    importerSees: [...byBrokerForAcme, byOtherBrokerForAcme]
      .map((entry) => formatted(entry.entryNumber))
      .sort(),
  };
}

let seeded: Awaited<ReturnType<typeof seed>>;
let api: RunningApi | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  seeded = await seed();
  api = await startApi(db);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function signedIn(email: string, password: string) {
  if (!browser || !api) throw new Error('The browser and the API are started in beforeAll.');
  const opened = await openPage(browser, 'laptop');
  await opened.page.goto(api.url);
  await signIn(opened.page, email, password);
  await opened.page.getByTestId('viewer-name').waitFor();
  return opened;
}

async function mainNavigation(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  return (await nav.count()) === 0 ? [] : await nav.getByRole('link').allTextContents();
}

async function shownEntryNumbers(page: Page): Promise<string[]> {
  await page.locator('table tbody th[scope="row"] a').first().waitFor();
  await page.getByTestId('loaded-count').filter({ hasText: 'Showing all' }).waitFor();
  return (await page.locator('table tbody th[scope="row"] a').allTextContents()).sort();
}

/** axe at both widths, and a photograph of each. */
async function checkAtBothWidths(page: Page, name: string) {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    expect(await seriousAccessibilityViolations(page), `${name} at ${width} width`).toEqual([]);
    await screenshot(page, `${name}-${width}`);
  }
}

describe('each kind of account after signing in', () => {
  it('broker staff: entries it filed, for each of its clients', async () => {
    const { page, problems } = await signedIn(seeded.users.broker.user.email, seeded.users.broker.password);
    await page.waitForURL(/\/entries$/);
    expect(await mainNavigation(page)).toEqual(['Entries', 'Ingest', 'Refunds']);
    expect(await shownEntryNumbers(page)).toEqual(seeded.brokerSees);
    await checkAtBothWidths(page, 'broker-entries');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('importer: its own entries, whoever filed them', async () => {
    const { page, problems } = await signedIn(
      seeded.users.importer.user.email,
      seeded.users.importer.password,
    );
    await page.waitForURL(/\/entries$/);
    expect(await page.getByTestId('organization-kind').textContent()).toBe('Importer');
    expect(await mainNavigation(page)).toEqual(['Entries', 'Ingest', 'Refunds']);
    expect(await shownEntryNumbers(page)).toEqual(seeded.importerSees);
    await checkAtBothWidths(page, 'importer-entries');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('notify party: its refunds, its account, and an explanation instead of entries', async () => {
    const { page, problems } = await signedIn(
      seeded.users.notifyParty.user.email,
      seeded.users.notifyParty.password,
    );
    await page.waitForURL(/\/refunds$/);
    expect(await mainNavigation(page)).toEqual(['Refunds']);
    await page.getByTestId('refunds-empty').waitFor();
    await checkAtBothWidths(page, 'notify-party-refunds');
    await page.setViewportSize(VIEWPORTS.laptop);
    await page.getByRole('link', { name: /Your account/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    expect(await page.getByTestId('permissions').textContent()).toContain('See refunds');
    await checkAtBothWidths(page, 'notify-party-account');
    await page.goto(`${api?.url}/entries`);
    const explanation = page.getByTestId('page-not-available');
    await explanation.waitFor();
    expect(await explanation.textContent()).toContain('notify party');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('operator: the review queue and processing, and its account listing what it may run', async () => {
    const { page, problems } = await signedIn(
      seeded.users.operator.user.email,
      seeded.users.operator.password,
    );
    await page.waitForURL(/\/review-queue$/);
    expect(await mainNavigation(page)).toEqual(['Review queue', 'Processing']);
    await page.getByTestId('review-queue-empty').waitFor();
    await checkAtBothWidths(page, 'operator-review-queue');
    await page.setViewportSize(VIEWPORTS.laptop);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Processing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Processing' }).waitFor();
    await page.getByTestId('cycles-empty').or(page.getByTestId('cycles')).waitFor();
    await checkAtBothWidths(page, 'operator-processing');
    await page.setViewportSize(VIEWPORTS.laptop);
    await page.getByRole('link', { name: /Your account/ }).click();
    const permissions = await page.getByTestId('permissions').getByRole('listitem').allTextContents();
    expect(permissions).toContain('Run the processing cycle');
    expect(permissions).toContain('Hold or release refunds in the review queue');
    await checkAtBothWidths(page, 'operator-account');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('signing out leaves the page and returns to the sign-in form', async () => {
    const { page } = await signedIn(seeded.users.broker.user.email, seeded.users.broker.password);
    await page.waitForURL(/\/entries$/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.evaluate(() => sessionStorage.getItem('cape.sessionToken'))).toBeNull();
    await page.close();
  });
});
