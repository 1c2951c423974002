import { screen, within } from '@testing-library/react';
import type { Operation } from '@urql/core';
import { describe, expect, it, vi } from 'vitest';
import { brokerStaff, entryRow, notifyPartyStaff } from '../test/fixtures.ts';
import { renderPortal } from '../test/render.tsx';
import { SORT_LIMIT } from './EntriesPage.tsx';
import { PAGE_SIZE } from './use-entry-pages.ts';

type Row = ReturnType<typeof entryRow>;

function connection(
  nodes: Row[],
  totalCount: number | undefined,
  pageInfo = { hasNextPage: false, endCursor: nodes.at(-1)?.id ?? null },
) {
  return {
    entries: {
      __typename: 'QueryEntriesConnection',
      ...(totalCount === undefined ? {} : { totalCount }),
      pageInfo: { __typename: 'PageInfo', ...pageInfo },
      edges: nodes.map((node) => ({
        __typename: 'QueryEntriesConnectionEdge',
        node: {
          __typename: 'EntrySummary',
          ...node,
          importer: { __typename: 'ImporterOfRecordSummary', ...node.importer },
        },
      })),
    },
  };
}

interface EntriesVariables {
  first: number;
  after: string | null;
  filter: { entryNumber: string | null; liquidationStatus: string | null };
  withTotal: boolean;
}

function variablesOf(operation: Operation | undefined): EntriesVariables | undefined {
  return operation?.variables as EntriesVariables | undefined;
}

function row(id: number, overrides: Partial<Row> = {}): Row {
  const digits = String(id).padStart(7, '0');
  return entryRow({
    id: String(id),
    entryNumber: `ABC${digits}0`,
    formattedEntryNumber: `ABC-${digits}-0`,
    ...overrides,
  });
}

function shownEntryNumbers(): string[] {
  return within(screen.getByRole('table'))
    .getAllByRole('rowheader')
    .map((cell) => within(cell).getByRole('link').textContent ?? '');
}

describe('EntriesPage', () => {
  it('shows the entries and their count, asking for the total only with the first page', async () => {
    const { operations } = renderPortal('/entries', brokerStaff(), () => ({
      data: connection([row(2), row(1)], 2),
    }));
    expect((await screen.findByRole('heading', { name: 'Entry summaries' })).tagName).toBe('H1');
    await screen.findByRole('table');
    expect(screen.getByTestId('total-count').textContent).toBe('2 entries');
    expect(shownEntryNumbers()).toEqual(['ABC-0000002-0', 'ABC-0000001-0']);
    expect(variablesOf(operations[0])).toEqual({
      first: PAGE_SIZE,
      after: null,
      filter: { entryNumber: null, liquidationStatus: null },
      withTotal: true,
    });
    expect(screen.getByTestId('loaded-count').textContent).toBe('Showing all 2 entries.');
    expect(screen.queryByRole('button', { name: /more/ })).toBeNull();
    expect(document.title).toBe('Entries · CAPE Refund Portal');
  });

  it('shows an empty state', async () => {
    renderPortal('/entries', brokerStaff(), () => ({ data: connection([], 0) }));
    expect((await screen.findByTestId('entries-empty')).textContent).toContain('No entry summaries yet.');
    expect(screen.getByTestId('total-count').textContent).toBe('0 entries');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows GraphQL error messages plainly, and tries again on request', async () => {
    let calls = 0;
    const { user } = renderPortal('/entries', brokerStaff(), () => {
      calls += 1;
      return calls === 1
        ? {
            errors: [
              { message: 'Invalid arguments. filter.entryNumber: Entry numbers contain only letters.' },
            ],
          }
        : { data: connection([row(1)], 1) };
    });
    const error = await screen.findByTestId('entries-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain(
      'Invalid arguments. filter.entryNumber: Entry numbers contain only letters.',
    );
    expect(error.textContent).not.toContain('[GraphQL]');
    await user.click(within(error).getByRole('button', { name: 'Try again' }));
    await screen.findByRole('table');
    expect(screen.queryByTestId('entries-error')).toBeNull();
  });

  it('filters by liquidation status and by entry number, keeping the filters in the address', async () => {
    const { operations, user, router } = renderPortal('/entries', brokerStaff(), () => ({
      data: connection([row(1)], 1),
    }));
    await screen.findByRole('table');
    await user.selectOptions(screen.getByLabelText('Liquidation status'), 'LIQUIDATED');
    await user.type(screen.getByLabelText('Entry number'), 'abc-123');
    await vi.waitFor(() =>
      expect(variablesOf(operations.at(-1))).toEqual({
        first: PAGE_SIZE,
        after: null,
        filter: { entryNumber: 'abc-123', liquidationStatus: 'LIQUIDATED' },
        withTotal: true,
      }),
    );
    expect(router.state.location.search).toEqual({ status: 'LIQUIDATED', q: 'abc-123' });

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await vi.waitFor(() => expect(router.state.location.search).toEqual({}));
    expect((screen.getByLabelText('Entry number') as HTMLInputElement).value).toBe('');
  });

  it('starts from the filters in the address, and ignores malformed ones', async () => {
    const { operations } = renderPortal('/entries?status=FINAL&q=B76&sort=nonsense', brokerStaff(), () => ({
      data: connection([row(1)], 1),
    }));
    await screen.findByRole('table');
    expect(variablesOf(operations[0])?.filter).toEqual({ entryNumber: 'B76', liquidationStatus: 'FINAL' });
    expect((screen.getByLabelText('Liquidation status') as HTMLSelectElement).value).toBe('FINAL');
    expect((screen.getByLabelText('Entry number') as HTMLInputElement).value).toBe('B76');
  });

  it('explains a malformed entry number at the field and does not send it', async () => {
    const { operations, user } = renderPortal('/entries', brokerStaff(), () => ({
      data: connection([row(1)], 1),
    }));
    await screen.findByRole('table');
    const input = screen.getByLabelText('Entry number');
    await user.type(input, 'B76_03');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const error = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(error?.textContent).toBe('Entry numbers contain only letters, digits and hyphens.');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(operations.every((operation) => variablesOf(operation)?.filter.entryNumber === null)).toBe(true);
  });

  it('loads the next page by its end cursor and appends it', async () => {
    const { operations } = renderPortal('/entries', brokerStaff(), (operation) => {
      const after = variablesOf(operation)?.after;
      return after === null
        ? { data: connection([row(9), row(8)], 3, { hasNextPage: true, endCursor: '8' }) }
        : { data: connection([row(4)], undefined) };
    });
    await screen.findByRole('table');
    // Two rows are all in view, so the table asks for more by itself; the button does the same by hand.
    await vi.waitFor(() =>
      expect(shownEntryNumbers()).toEqual(['ABC-0000009-0', 'ABC-0000008-0', 'ABC-0000004-0']),
    );
    const pageRequests = operations.map(variablesOf).filter((variables) => variables?.after === '8');
    expect(pageRequests).toHaveLength(1);
    expect(pageRequests[0]?.withTotal).toBe(false);
    expect(screen.getByTestId('loaded-count').textContent).toBe('Showing all 3 entries.');
    expect(screen.getByTestId('total-count').textContent).toBe('3 entries');
    expect(screen.queryByRole('button', { name: /more/ })).toBeNull();
  });

  it('sorts the whole matching list by a column after loading all of it', async () => {
    const firstPage = [row(30, { ieepaDutyCents: '100' }), row(20, { ieepaDutyCents: '300' })];
    const secondPage = [row(10, { ieepaDutyCents: '200' })];
    const { operations, user, router } = renderPortal('/entries', brokerStaff(), (operation) =>
      variablesOf(operation)?.after === null
        ? { data: connection(firstPage, 3, { hasNextPage: true, endCursor: '20' }) }
        : { data: connection(secondPage, undefined) },
    );
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: /IEEPA duty/ }));
    await vi.waitFor(() =>
      expect(shownEntryNumbers()).toEqual(['ABC-0000020-0', 'ABC-0000010-0', 'ABC-0000030-0']),
    );
    expect(router.state.location.search).toEqual({ sort: 'ieepaDuty', dir: 'desc' });
    expect(operations.filter((operation) => variablesOf(operation)?.after === '20')).toHaveLength(1);
    expect(screen.getByRole('columnheader', { name: /IEEPA duty/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
  });

  it('does not pretend to sort a list larger than it can load, and says so', async () => {
    const { operations } = renderPortal('/entries?sort=ieepaDuty&dir=desc', brokerStaff(), () => ({
      data: connection([row(2, { ieepaDutyCents: '1' }), row(1, { ieepaDutyCents: '2' })], SORT_LIMIT + 1, {
        hasNextPage: true,
        endCursor: '1',
      }),
    }));
    const notice = await screen.findByTestId('sort-notice');
    expect(notice.textContent).toContain('2,001 match');
    expect(shownEntryNumbers()).toEqual(['ABC-0000002-0', 'ABC-0000001-0']);
    expect(screen.getByRole('columnheader', { name: /IEEPA duty/ }).getAttribute('aria-sort')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(operations).toHaveLength(1);
  });

  it('explains to a notify party why it sees no entries, without asking the API', async () => {
    const { operations } = renderPortal('/entries', notifyPartyStaff());
    expect((await screen.findByTestId('page-not-available')).textContent).toContain('notify party');
    expect(operations).toEqual([]);
  });
});
