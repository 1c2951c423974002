import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { operatorStaff } from '../test/fixtures.ts';
import { operationName } from '../test/mock-client.ts';
import { renderPortal } from '../test/render.tsx';

function item(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'ReviewQueueItem',
    id: '41',
    entryNumber: 'B7603245278',
    formattedEntryNumber: 'B76-0324527-8',
    claimNumber: '100000000017',
    importerName: 'Acme Imports LLC',
    importerNumber: '12-3456789AB',
    acceptanceDate: '2026-03-02',
    state: 'AWAITING_REVIEW',
    flags: [{ __typename: 'ReviewFlag', code: 'LARGE_REFUND', description: 'Principal above $1,000,000.00' }],
    principalCents: '150000000',
    liquidationKind: 'RELIQUIDATION',
    scheduledDate: null,
    reliquidationDeadline: '2026-05-31',
    scheduleNote: null,
    reviewReason: null,
    reviewedAt: null,
    ...overrides,
  };
}

function queue(items: ReturnType<typeof item>[], nextCursor: string | null = null) {
  return { data: { reviewQueue: { __typename: 'ReviewQueuePage', nextCursor, items } } };
}

describe('ReviewQueuePage', () => {
  it('lists waiting entries with their state, checks and money, newest state filter in the address', async () => {
    const { operations, user, router } = renderPortal('/review-queue', operatorStaff(), () =>
      queue([item()]),
    );
    const table = await screen.findByRole('table', { name: 'Entries waiting for review' });
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(row).getByRole('rowheader').textContent).toBe('B76-0324527-8Claim 100000000017');
    expect(row.textContent).toContain('$1,500,000.00');
    expect(row.textContent).toContain('Awaiting review');
    expect(row.textContent).toContain('Principal above $1,000,000.00');
    expect(row.textContent).toContain('Limit May 31, 2026');
    expect(operations[0]?.variables).toEqual({ first: 50, after: null, states: null });

    await user.selectOptions(screen.getByLabelText('State'), 'HELD');
    await vi.waitFor(() => expect(operations.at(-1)?.variables).toMatchObject({ states: ['HELD'] }));
    expect(router.state.location.search).toEqual({ state: 'HELD' });
  });

  it('shows an empty state', async () => {
    renderPortal('/review-queue', operatorStaff(), () => queue([]));
    expect((await screen.findByTestId('review-queue-empty')).textContent).toContain('No entries are waiting');
  });

  it('asks for a reason of at least 3 characters before holding, then holds and says so', async () => {
    const inputs: unknown[] = [];
    const { operations, user } = renderPortal('/review-queue', operatorStaff(), (operation) => {
      if (operationName(operation) === 'HoldEntry') {
        inputs.push(operation.variables);
        return {
          data: {
            holdEntry: {
              __typename: 'ReviewDecisionSuccess',
              entry: item({ state: 'HELD', reviewReason: 'Bank details under review' }),
            },
          },
        };
      }
      return queue([item()]);
    });
    await user.click(await screen.findByRole('button', { name: 'Hold entry B76-0324527-8' }));
    const dialog = await screen.findByTestId('review-decision');
    expect(within(dialog).getByRole('heading').textContent).toBe('Hold entry B76-0324527-8');
    const reason = within(dialog).getByLabelText('Reason');
    await user.type(reason, ' ok ');
    await user.click(within(dialog).getByRole('button', { name: 'Hold entry' }));
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(reason.getAttribute('aria-describedby') ?? '')?.textContent).toContain(
      'at least 3 characters',
    );
    expect(inputs).toEqual([]);

    await user.clear(reason);
    await user.type(reason, 'Bank details under review');
    const queriesBefore = operations.filter((operation) => operationName(operation) === 'ReviewQueue').length;
    await user.click(within(dialog).getByRole('button', { name: 'Hold entry' }));
    await vi.waitFor(() =>
      expect(screen.getByTestId('review-announcement').textContent).toBe('Entry B76-0324527-8 is held.'),
    );
    expect(inputs).toEqual([{ input: { entryNumber: 'B7603245278', reason: 'Bank details under review' } }]);
    expect(screen.queryByTestId('review-decision')).toBeNull();
    expect(
      operations.filter((operation) => operationName(operation) === 'ReviewQueue').length,
    ).toBeGreaterThan(queriesBefore);
  });

  it("shows the API's refusal inside the dialog and keeps it open", async () => {
    const { user } = renderPortal('/review-queue', operatorStaff(), (operation) =>
      operationName(operation) === 'ReleaseEntry'
        ? {
            data: {
              releaseEntry: {
                __typename: 'NotAllowedError',
                message: 'Entry B76-0324527-8 was liquidated already.',
              },
            },
          }
        : queue([item({ state: 'HELD' })]),
    );
    expect(screen.queryByRole('button', { name: /^Hold entry/ })).toBeNull();
    await user.click(await screen.findByRole('button', { name: 'Release entry B76-0324527-8' }));
    const dialog = await screen.findByTestId('review-decision');
    await user.type(within(dialog).getByLabelText('Reason'), 'Checked with the importer');
    await user.click(within(dialog).getByRole('button', { name: 'Release entry' }));
    expect((await within(dialog).findByTestId('review-decision-error')).textContent).toBe(
      'Entry B76-0324527-8 was liquidated already.',
    );
    expect(screen.getByTestId('review-decision')).toBeTruthy();
  });

  it('pages forward by the cursor the API gives', async () => {
    const { operations, user } = renderPortal('/review-queue', operatorStaff(), (operation) =>
      (operation.variables as { after: string | null }).after === null
        ? queue([item()], '41')
        : queue([item({ id: '77', formattedEntryNumber: 'B76-0000077-1' })]),
    );
    await user.click(await screen.findByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('B76-0000077-1')).toBeTruthy();
    expect(operations.at(-1)?.variables).toMatchObject({ after: '41' });
    expect(screen.getByText('Showing 51–51')).toBeTruthy();
  });
});
