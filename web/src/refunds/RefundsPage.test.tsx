import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { brokerStaff, notifyPartyStaff } from '../test/fixtures.ts';
import { operationName } from '../test/mock-client.ts';
import { renderPortal } from '../test/render.tsx';

function refund(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Rev603Row',
    refundNumber: 'R2026000001',
    recipientName: 'Acme Imports LLC',
    recipientNumber: '12-3456789AB',
    liquidationDate: '2026-03-13',
    entries: 3,
    principalCents: '12500000',
    interestCents: '31217',
    offsetCents: '0',
    payableCents: '12531217',
    status: 'SENT_TO_TREASURY',
    sentOn: '2026-03-16',
    issuedOn: null,
    treasuryReference: null,
    ...overrides,
  };
}

function page(rows: ReturnType<typeof refund>[], nextCursor: string | null = null) {
  return { data: { rev603Report: { __typename: 'Rev603RowPage', nextCursor, rows } } };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RefundsPage', () => {
  it('lists refunds with principal, interest, offset, payable and status', async () => {
    const { operations } = renderPortal('/refunds', brokerStaff(), () => page([refund()]));
    const table = await screen.findByRole('table', { name: 'Refunds' });
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(row).getByRole('rowheader').textContent).toContain('R2026000001');
    expect(row.textContent).toContain('$125,000.00');
    expect(row.textContent).toContain('$312.17');
    expect(row.textContent).toContain('$125,312.17');
    expect(row.textContent).toContain('Sent to Treasury');
    expect(row.textContent).toContain('Sent Mar 16, 2026');
    expect(operations[0]?.variables).toEqual({
      first: 100,
      after: null,
      filter: { statuses: null, from: null, until: null },
    });
  });

  it('checks the date range before filtering, then filters by status and dates in the address', async () => {
    const { operations, user, router } = renderPortal('/refunds', brokerStaff(), () => page([refund()]));
    await screen.findByRole('table', { name: 'Refunds' });
    const from = screen.getByLabelText('Liquidated from');
    const until = screen.getByLabelText('Liquidated until');
    for (const input of [from, until]) input.setAttribute('type', 'text');
    await user.type(from, '2026-03-31');
    await user.type(until, '2026-03-01');
    await user.click(screen.getByRole('button', { name: 'Show refunds' }));
    expect(until.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(until.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'The end of the range is before its start.',
    );
    expect(router.state.location.search).toEqual({});

    await user.clear(until);
    await user.type(until, '2026-04-30');
    await user.selectOptions(screen.getByLabelText('Status'), 'HELD');
    await user.click(screen.getByRole('button', { name: 'Show refunds' }));
    await vi.waitFor(() =>
      expect(router.state.location.search).toEqual({
        status: 'HELD',
        from: '2026-03-31',
        until: '2026-04-30',
      }),
    );
    await vi.waitFor(() =>
      expect(operations.at(-1)?.variables).toMatchObject({
        filter: { statuses: ['HELD'], from: '2026-03-31', until: '2026-04-30' },
      }),
    );
  });

  it('shows an empty state, and says when no refund matches', async () => {
    renderPortal('/refunds?status=ACH_RETURNED', notifyPartyStaff(), () => page([]));
    expect((await screen.findByTestId('refunds-empty')).textContent).toContain(
      'No refunds match these filters.',
    );
  });

  it('shows the API refusing the report', async () => {
    renderPortal('/refunds', notifyPartyStaff(), () => ({
      data: { rev603Report: { __typename: 'ForbiddenError', message: 'Your role may not read refunds.' } },
    }));
    expect((await screen.findByTestId('refunds-refused')).textContent).toBe(
      'Your role may not read refunds.',
    );
  });

  it('downloads the same report as CSV with the same filter', async () => {
    const csv = 'Refund number,Payable (cents)\nR2026000001,12531217\n';
    const clicked: { download: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href });
    });
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:refunds';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const { operations, user } = renderPortal('/refunds?status=HELD', brokerStaff(), (operation) =>
      operationName(operation) === 'RefundsCsv'
        ? {
            data: {
              refundReportCsv: {
                __typename: 'CsvDocument',
                fileName: 'rev-603.csv',
                contentType: 'text/csv',
                content: csv,
                rows: 1,
              },
            },
          }
        : page([refund({ status: 'HELD' })]),
    );
    await user.click(await screen.findByRole('button', { name: 'Download CSV' }));
    await vi.waitFor(() => expect(clicked).toEqual([{ download: 'rev-603.csv', href: 'blob:refunds' }]));
    expect(await blobs[0]?.text()).toBe(csv);
    const csvRequest = operations.find((operation) => operationName(operation) === 'RefundsCsv');
    expect(csvRequest?.variables).toEqual({ filter: { statuses: ['HELD'], from: null, until: null } });
  });
});
