// Broker staff upload entry summaries through the portal: a file with problems is refused whole and its
// report lists each problem by row with the fix; a correct file loads, and its entries appear in the list.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestDatabase } from '@cape/db/testing';
import { createBrokerWithFilerCode, createImporterParty, createUser, entryNumberFor } from '@cape/testkit';
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
} from './harness.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: useTestDatabase is a Vitest fixture, not a React hook.
const db = await useTestDatabase();

const HEADER =
  'Entry Number,Entry Type,IOR Number,Notify Party Number,Port Code,Entry Date,Deposit Date,Summary Status,' +
  'Liquidation Status,Liquidation Date,Reconciliation Flagged,Reconciliation Entry Filed,Drawback Designated,' +
  'Open Protest,ADCVD 1504d Pending,IEEPA Paid By Surety,In ACE,Line Number,Country Of Origin,Entered Value,' +
  'Tariff Sequence,HTS Number,Rate,Duty Amount';

/** Two tariff rows of one entry: the laptop line (Free) and the 10% IEEPA reciprocal duty on $10,000.00. */
function entryRows(entryNumber: string, iorNumber: string): string[] {
  const common = `${entryNumber},01,${iorNumber},,2704,2025-06-02,2025-06-12,ACCEPTED,UNLIQUIDATED,,N,N,N,N,N,N,Y,1,VN,10000.00`;
  return [`${common},1,8471.30.0100,Free,0.00`, `${common},2,9903.01.25,10%,1000.00`];
}

let api: RunningApi | undefined;
let browser: Browser | undefined;
let page: Page;
let problems: string[];
let files: { refused: string; loaded: string; entryNumbers: string[] };

beforeAll(async () => {
  const broker = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Customs Brokerage' });
  const { user, password } = await createUser(db.owner, {
    email: 'uma@harbor.test',
    displayName: 'Uma Uploader',
    organizationId: broker.organizationId,
    role: 'STAFF',
  });
  const acme = await createImporterParty(db.owner, {
    name: 'Acme Imports LLC',
    clientOf: broker.organizationId,
  });
  const entryNumbers = [entryNumberFor(broker.filerCode, 4_100), entryNumberFor(broker.filerCode, 4_101)];
  const folder = await mkdtemp(join(tmpdir(), 'cape-ingest-e2e-'));
  files = {
    // Another filer's code: every row of the file is refused, with the fix.
    refused: join(folder, 'other-filer.csv'),
    loaded: join(folder, 'harbor-june.csv'),
    entryNumbers: entryNumbers.map(formatted),
  };
  await writeFile(
    files.refused,
    [HEADER, ...entryRows('B76-0324527-8', acme.party.partyNumber)].join('\r\n'),
  );
  await writeFile(
    files.loaded,
    [HEADER, ...entryNumbers.flatMap((number) => entryRows(formatted(number), acme.party.partyNumber))].join(
      '\r\n',
    ),
  );
  api = await startApi(db);
  browser = await launchChromium();
  ({ page, problems } = await openPage(browser, 'laptop'));
  await page.goto(api.url);
  await signIn(page, user.email, password);
  await page.waitForURL(/\/entries$/);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('ingest entry summaries', () => {
  it('refuses a file with problems, whole, and lists each problem by row with its fix', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ingest' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ingest entry summaries' }).waitFor();
    await page.getByTestId('uploads-empty').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Upload' }).click();
    const fileInput = page.getByLabel('Entry-summary file (CSV)');
    expect(await fileInput.getAttribute('aria-invalid')).toBe('true');

    await fileInput.setInputFiles(files.refused);
    await page.getByRole('button', { name: 'Upload' }).click();
    const report = page.getByTestId('ingestion-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('Refused');
    expect(await report.textContent()).toContain('Nothing from this file was written');
    const rows = page.getByTestId('row-errors').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.first().textContent()).toContain('B76');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'ingest-refused-laptop');
  });

  it('loads a correct file and its entries appear in the list', async () => {
    await page.getByLabel('Entry-summary file (CSV)').setInputFiles(files.loaded);
    await page.getByRole('button', { name: 'Upload' }).click();
    const report = page.getByTestId('ingestion-report');
    await report.getByText('Loaded', { exact: true }).waitFor();
    expect(await report.textContent()).toContain('2 entries from 4 rows: 2 new');
    const uploads = page.getByRole('table', { name: 'Recent uploads' });
    await uploads.getByText('harbor-june.csv').waitFor();
    expect(await uploads.locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'ingest-loaded-laptop');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Entries' }).click();
    await page.getByTestId('total-count').filter({ hasText: '2 entries' }).waitFor();
    const shown = await page.locator('table tbody th[scope="row"] a').allTextContents();
    expect(shown.sort()).toEqual([...files.entryNumbers].sort());
    // The refused upload's answer is an HTTP 422, which Chromium logs as a failed resource; nothing else.
    expect(problems.filter((problem) => !problem.includes('status of 422'))).toEqual([]);
  });
});
