// The portal end to end, as production serves it: Chromium signs in through the form against the real API
// and a real database, and works with its organization's entry summaries (and never another's): filters,
// keyset pages loaded by scrolling, a sort over the whole list, an entry's page. axe checks each page.
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

const EMAIL = 'dana.reyes@harbor-brokerage.test';
/** More than one page of the API's 200, so the list has to load a second page. */
const BULK_ENTRIES = 205;

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
  // Older entries first (ids grow, and the list is newest first), each with its own entered value.
  const bulk = [];
  for (let index = 0; index < BULK_ENTRIES; index++) {
    bulk.push(
      await createEntrySummary(db.owner, {
        filerCode: broker.filerCode,
        importerPartyId: acme.partyId,
        entryDate: '2025-05-02',
        lines: [{ enteredValueCents: 100_000n + BigInt(index) * 7_919n }],
      }),
    );
  }
  const notable = [
    await createEntrySummary(db.owner, {
      filerCode: broker.filerCode,
      importerPartyId: acme.partyId,
      entryDate: '2025-05-12',
      liquidationStatus: 'LIQUIDATED',
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
  const all = [...bulk, ...notable];
  // The oracle for the sort: the largest IEEPA duty, found with BigInt from what the factory created.
  const largestIeepa = all.reduce((best, entry) =>
    entry.ieepaDutyCents > best.ieepaDutyCents ? entry : best,
  );
  return {
    organizationName: broker.organization.name,
    password,
    total: all.length,
    newestFirst: [...notable].reverse().map((entry) => formatted(entry.entryNumber)),
    oldest: formatted(bulk[0]?.entryNumber ?? ''),
    protested: formatted(notable[1]?.entryNumber ?? ''),
    extended: formatted(notable[2]?.entryNumber ?? ''),
    largestIeepa: formatted(largestIeepa.entryNumber),
    foreign: formatted(foreign.entryNumber),
  };
}

let seeded: Awaited<ReturnType<typeof seed>>;
let api: RunningApi | undefined;
let browser: Browser | undefined;
let page: Page;
let problems: string[];

beforeAll(async () => {
  seeded = await seed();
  api = await startApi(db);
  browser = await launchChromium();
  ({ page, problems } = await openPage(browser, 'laptop'));
  await page.goto(api.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const entryNumbers = () => page.locator('table tbody th[scope="row"] a').allTextContents();
const loadedCount = () => page.getByTestId('loaded-count').textContent();

describe('sign in and entries (production build, same origin)', () => {
  it('shows the InvalidCredentialsError message for a wrong password', async () => {
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await signIn(page, EMAIL, 'not-the-password');
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    await screenshot(page, 'sign-in-error');
    expect(await error.textContent()).toBe('The e-mail address or password is not correct.');
    expect(await page.getByRole('alert').filter({ has: error }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    expect(await page.getByTestId('viewer-name').count()).toBe(0);
  });

  it("signs in and lists the organization's entries, newest first", async () => {
    await signIn(page, EMAIL, seeded.password);
    await page.getByTestId('viewer-name').waitFor();
    expect(await page.getByTestId('viewer-name').textContent()).toBe('Dana Reyes');
    expect(await page.getByTestId('organization-name').textContent()).toBe(seeded.organizationName);
    expect(await page.getByTestId('organization-kind').textContent()).toBe('Broker');
    await page.waitForURL(/\/entries$/);
    await page.locator('table tbody th[scope="row"] a').first().waitFor();
    expect(await page.getByTestId('total-count').textContent()).toBe(`${seeded.total} entries`);
    expect((await entryNumbers()).slice(0, 3)).toEqual(seeded.newestFirst);
    expect(await page.title()).toBe('Entries · CAPE Refund Portal');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // The list scrolls in its own box: nothing of it, not even hidden texts, stretches the page.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
      VIEWPORTS.laptop.height,
    );
    await screenshot(page, 'entries-laptop');
  });

  it('filters by liquidation status, with the filter in the address', async () => {
    await page.getByLabel('Liquidation status').selectOption('EXTENDED');
    await page.waitForURL(/status=EXTENDED/);
    await page.getByTestId('total-count').filter({ hasText: '1 entry' }).waitFor();
    expect(await entryNumbers()).toEqual([seeded.extended]);
    await page.reload();
    await page.getByTestId('total-count').filter({ hasText: '1 entry' }).waitFor();
    expect(await page.getByLabel('Liquidation status').inputValue()).toBe('EXTENDED');
  });

  it("finds an entry by its number, and never another broker's", async () => {
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Entry number').fill(seeded.protested.toLowerCase());
    await page.getByTestId('total-count').filter({ hasText: '1 entry' }).waitFor();
    expect(await entryNumbers()).toEqual([seeded.protested]);
    await page.getByLabel('Entry number').fill(seeded.foreign);
    const empty = page.getByTestId('entries-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('No entries match these filters.');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page
      .getByTestId('total-count')
      .filter({ hasText: `${seeded.total} entries` })
      .waitFor();
  });

  it('loads the next page by keyset cursor when the list is scrolled to its end', async () => {
    await page.getByTestId('loaded-count').filter({ hasText: 'Showing 200 of' }).waitFor();
    expect(await page.locator('table tbody tr:not(.spacer)').count()).toBeLessThan(60);
    await page.getByTestId('entries-scroll').evaluate((box) => box.scrollTo(0, box.scrollHeight));
    await page.getByTestId('loaded-count').filter({ hasText: 'Showing all' }).waitFor();
    expect(await loadedCount()).toBe(`Showing all ${seeded.total} entries.`);
    await page.getByTestId('entries-scroll').evaluate((box) => box.scrollTo(0, box.scrollHeight));
    await page.waitForFunction(
      (oldest) =>
        [...document.querySelectorAll('table tbody th a')].some((link) => link.textContent === oldest),
      seeded.oldest,
    );
    expect((await entryNumbers()).at(-1)).toBe(seeded.oldest);
  });

  it('sorts the whole list by IEEPA duty, largest first', async () => {
    await page.getByRole('button', { name: /IEEPA duty/ }).click();
    await page.waitForURL(/sort=ieepaDuty&dir=desc/);
    const header = page.getByRole('columnheader', { name: /IEEPA duty/ });
    // Sorted, and scrolled back to the top of the list.
    await page.waitForFunction(
      () =>
        document.querySelector('th[aria-sort="descending"]') !== null &&
        document.querySelector('table tbody tr[aria-rowindex="2"]') !== null,
    );
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect((await entryNumbers())[0]).toBe(seeded.largestIeepa);
  });

  it("opens an entry's page from the list and comes back", async () => {
    await page.getByRole('link', { name: seeded.largestIeepa }).click();
    await page.getByRole('heading', { level: 1, name: `Entry ${seeded.largestIeepa}` }).waitFor();
    // Two lines of entered value make the protested Pacific Rim entry the one with the largest IEEPA duty.
    expect(seeded.largestIeepa).toBe(seeded.protested);
    expect(await page.getByRole('region', { name: 'Importer of record' }).textContent()).toContain(
      'Pacific Rim Trading Co.',
    );
    expect(await page.getByRole('region', { name: 'Conditions' }).textContent()).toContain(
      'A protest is open on this entry.',
    );
    expect(await page.title()).toBe(`Entry ${seeded.largestIeepa} · CAPE Refund Portal`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'entry-detail-laptop');
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Entries' }).click();
    await page.getByRole('heading', { level: 1, name: 'Entry summaries' }).waitFor();
  });

  it('works at tablet width', async () => {
    await page.setViewportSize(VIEWPORTS.tablet);
    await page.locator('table tbody th[scope="row"] a').first().waitFor();
    // The table fits the tablet's width: no sideways scrolling of the page.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'entries-tablet');
    await page.getByRole('link', { name: seeded.protested }).click();
    await page.getByRole('heading', { level: 1, name: `Entry ${seeded.protested}` }).waitFor();
    await screenshot(page, 'entry-detail-tablet');
    expect(problems).toEqual([]);
  });
});
