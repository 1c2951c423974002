import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@urql/core';
import { Provider } from 'urql';
import { describe, expect, it, vi } from 'vitest';
import { EntriesPage, PAGE_SIZE } from './EntriesPage.tsx';
import { entryRow } from './test/fixtures.ts';
import { type MockHandler, mockClient } from './test/mock-client.ts';

function connection(
  nodes: ReturnType<typeof entryRow>[],
  totalCount: number,
  pageInfo = { hasNextPage: false, endCursor: nodes.at(-1)?.id ?? null },
) {
  return {
    entries: {
      __typename: 'QueryEntriesConnection',
      totalCount,
      pageInfo: { __typename: 'PageInfo', ...pageInfo },
      edges: nodes.map((node) => ({
        __typename: 'QueryEntriesConnectionEdge',
        cursor: node.id,
        node: {
          __typename: 'EntrySummary',
          ...node,
          importer: { __typename: 'ImporterOfRecordSummary', ...node.importer },
        },
      })),
    },
  };
}

function renderPage(handler: MockHandler) {
  const operations: Operation[] = [];
  const client = mockClient((operation) => {
    operations.push(operation);
    return handler(operation);
  });
  render(
    <Provider value={client}>
      <EntriesPage />
    </Provider>,
  );
  return { operations, user: userEvent.setup() };
}

describe('EntriesPage', () => {
  it('shows the entries and their count', async () => {
    const { operations } = renderPage(() => ({
      data: connection(
        [entryRow({ id: '2', formattedEntryNumber: 'ABC-0000002-1' }), entryRow({ id: '1' })],
        2,
      ),
    }));
    expect((await screen.findByTestId('total-count')).textContent).toBe('2 entries');
    const table = await screen.findByRole('table');
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent),
    ).toEqual(['ABC-0000002-1Port 2704', 'ABC-1234567-8Port 2704']);
    expect(operations[0]?.variables).toEqual({
      first: PAGE_SIZE,
      after: null,
      filter: { entryNumber: null, liquidationStatus: null },
    });
    expect(screen.getByText('Showing 1–2 of 2')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Next page' })).toBeNull();
  });

  it('shows an empty state', async () => {
    renderPage(() => ({ data: connection([], 0) }));
    expect((await screen.findByTestId('entries-empty')).textContent).toContain('No entry summaries yet.');
    expect(screen.getByTestId('total-count').textContent).toBe('0 entries');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows GraphQL error messages plainly', async () => {
    renderPage(() => ({
      errors: [
        {
          message:
            'Invalid arguments. filter.entryNumber: Entry numbers contain only letters, digits and hyphens.',
        },
      ],
    }));
    const error = await screen.findByTestId('entries-error');
    expect(error.textContent).toContain(
      'Invalid arguments. filter.entryNumber: Entry numbers contain only letters, digits and hyphens.',
    );
    expect(error.textContent).not.toContain('[GraphQL]');
  });

  it('filters by liquidation status and by entry number', async () => {
    const { operations, user } = renderPage(() => ({ data: connection([entryRow()], 1) }));
    await screen.findByRole('table');
    await user.selectOptions(screen.getByLabelText('Liquidation status'), 'LIQUIDATED');
    await user.type(screen.getByLabelText('Entry number'), 'abc-123');
    await vi.waitFor(() =>
      expect(operations.at(-1)?.variables).toEqual({
        first: PAGE_SIZE,
        after: null,
        filter: { entryNumber: 'abc-123', liquidationStatus: 'LIQUIDATED' },
      }),
    );
  });

  it('pages forward with the end cursor and back again', async () => {
    const { operations, user } = renderPage((operation) => {
      const after = (operation.variables as { after: string | null }).after;
      return after === null
        ? { data: connection([entryRow({ id: '9' })], 2, { hasNextPage: true, endCursor: '9' }) }
        : { data: connection([entryRow({ id: '4', formattedEntryNumber: 'ABC-0000004-0' })], 2) };
    });
    await user.click(await screen.findByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('ABC-0000004-0')).toBeTruthy();
    expect(operations.at(-1)?.variables).toMatchObject({ after: '9' });
    expect(screen.getByText(/Showing 51/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByText('ABC-1234567-8')).toBeTruthy();
  });
});
