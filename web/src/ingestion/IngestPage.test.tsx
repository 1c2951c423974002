import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { brokerStaff } from '../test/fixtures.ts';
import { renderPortal } from '../test/render.tsx';

const NO_UPLOADS = { data: { entryIngestions: { __typename: 'QueryEntryIngestionsConnection', edges: [] } } };

function storedRecord(overrides: Record<string, unknown> = {}) {
  return {
    id: '2b1c7a52-9d3f-4a57-9a2e-5f0e2f1d7c10',
    organizationId: 'o-broker',
    fileName: 'june.csv',
    fileSizeBytes: '412',
    outcome: 'REFUSED',
    businessDate: '2026-03-02',
    rowCount: 2,
    entryCount: 1,
    createdCount: 0,
    updatedCount: 0,
    versionedCount: 0,
    unchangedCount: 0,
    errorCount: 1,
    errors: [
      {
        row: 3,
        column: 'Duty Amount',
        value: '10.0.0',
        problem: 'Duty Amount is not an amount.',
        fix: 'Write dollars and cents, e.g. 1000.00.',
      },
    ],
    startedAt: '2026-03-02T15:04:05.000Z',
    finishedAt: '2026-03-02T15:04:06.000Z',
    ...overrides,
  };
}

function stubUpload(status: number, body: unknown) {
  const fetchMock = vi.fn(async () => Response.json(body, { status }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('IngestPage', () => {
  it('asks for a CSV file before sending anything', async () => {
    const fetchMock = stubUpload(200, {});
    renderPortal('/ingest', brokerStaff(), () => NO_UPLOADS);
    // A file picker offers CSV files first, but a person can still pick another kind of file.
    const user = userEvent.setup({ applyAccept: false });
    await screen.findByTestId('uploads-empty');
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    const input = screen.getByLabelText('Entry-summary file (CSV)');
    expect(document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Choose the CSV file to upload.',
    );
    await user.upload(input, new File(['%PDF'], 'june.pdf', { type: 'application/pdf' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent).toContain(
      'Upload a CSV file',
    );
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('streams the file to the upload route and shows a refused file’s problems by row', async () => {
    sessionStorage.setItem('cape.sessionToken', 'tok');
    const fetchMock = stubUpload(422, storedRecord());
    const { user } = renderPortal('/ingest', brokerStaff(), () => NO_UPLOADS);
    await screen.findByTestId('uploads-empty');
    const file = new File(['Entry Number\r\nB76\r\n'], 'june.csv', { type: 'text/csv' });
    await user.upload(screen.getByLabelText('Entry-summary file (CSV)'), file);
    await user.click(screen.getByRole('button', { name: 'Upload' }));

    const report = await screen.findByTestId('ingestion-report');
    expect(report.textContent).toContain('Nothing from this file was written: 1 problem in 2 rows.');
    const row = within(within(report).getByRole('table')).getAllByRole('row')[1] as HTMLElement;
    expect(row.textContent).toBe(
      '3Duty Amount10.0.0Duty Amount is not an amount.Write dollars and cents, e.g. 1000.00.',
    );

    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/ingestion/entry-summaries?fileName=june.csv');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(file);
    expect(init.headers).toMatchObject({ 'content-type': 'text/csv', authorization: 'Bearer tok' });
  });

  it('shows what a loaded file changed', async () => {
    stubUpload(
      200,
      storedRecord({
        outcome: 'LOADED',
        rowCount: 6,
        entryCount: 3,
        createdCount: 2,
        versionedCount: 1,
        errorCount: 0,
        errors: [],
      }),
    );
    const { user } = renderPortal('/ingest', brokerStaff(), () => NO_UPLOADS);
    await screen.findByTestId('uploads-empty');
    await user.upload(screen.getByLabelText('Entry-summary file (CSV)'), new File(['x'], 'june.csv'));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect((await screen.findByTestId('ingestion-report')).textContent).toContain(
      '3 entries from 6 rows: 2 new, 0 updated, 1 corrected (new version), 0 unchanged.',
    );
  });

  it('shows why the route refused the request', async () => {
    stubUpload(413, {
      errors: [{ message: 'The file is larger than 134217728 bytes; split it into several files.' }],
    });
    const { user } = renderPortal('/ingest', brokerStaff(), () => NO_UPLOADS);
    await screen.findByTestId('uploads-empty');
    await user.upload(screen.getByLabelText('Entry-summary file (CSV)'), new File(['x'], 'huge.csv'));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect((await screen.findByTestId('upload-error')).textContent).toBe(
      'The file is larger than 134217728 bytes; split it into several files.',
    );
  });
});
