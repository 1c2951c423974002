import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { brokerStaff, entryRow } from '../test/fixtures.ts';
import { renderPortal } from '../test/render.tsx';

function answer(nodes: ReturnType<typeof entryRow>[]) {
  return {
    data: {
      entries: {
        __typename: 'QueryEntriesConnection',
        edges: nodes.map((node) => ({
          __typename: 'QueryEntriesConnectionEdge',
          node: {
            __typename: 'EntrySummary',
            ...node,
            filerCode: 'ABC',
            depositDate: '2025-04-11',
            importer: { __typename: 'ImporterOfRecordSummary', ...node.importer },
          },
        })),
      },
    },
  };
}

describe('EntryDetailPage', () => {
  it('looks the entry up by its whole number and shows its summary', async () => {
    const entry = entryRow({
      flags: ['OPEN_PROTEST'],
      liquidationStatus: 'LIQUIDATED',
      liquidationDate: '2025-09-26',
    });
    const { operations } = renderPortal('/entries/ABC-1234567-8', brokerStaff(), () => answer([entry]));
    const heading = await screen.findByRole('heading', { level: 1 });
    expect(heading.textContent).toBe('Entry ABC-1234567-8');
    expect(operations[0]?.variables).toEqual({ entryNumber: 'ABC12345678' });
    const summary = screen.getByRole('region', { name: 'Entry summary' });
    expect(within(summary).getByText('Deposit date').nextSibling?.textContent).toBe('Apr 11, 2025');
    expect(within(summary).getByText('Filer code').nextSibling?.textContent).toBe('ABC');
    const duty = screen.getByRole('region', { name: 'Duty and liquidation' });
    expect(within(duty).getByText('IEEPA duty').nextSibling?.textContent).toBe('$1,234.56');
    expect(within(duty).getByText('Liquidation date').nextSibling?.textContent).toBe('Sep 26, 2025');
    expect(screen.getByRole('region', { name: 'Conditions' }).textContent).toContain(
      'A protest is open on this entry.',
    );
    expect(document.title).toBe('Entry ABC-1234567-8 · CAPE Refund Portal');
    const breadcrumb = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(within(breadcrumb).getByRole('link', { name: 'Entries' }).getAttribute('href')).toBe('/entries');
  });

  it('says so when no visible entry has that number (a longer number that merely starts with it is not it)', async () => {
    renderPortal('/entries/ABC12345678', brokerStaff(), () =>
      answer([entryRow({ entryNumber: 'ABC123456789', formattedEntryNumber: 'ABC-1234567-89' })]),
    );
    expect((await screen.findByTestId('entry-not-found')).textContent).toContain(
      'No entry ABC12345678 is visible to your organization.',
    );
  });

  it('does not ask the API about a malformed entry number', async () => {
    const { operations } = renderPortal('/entries/not-an-entry', brokerStaff());
    expect((await screen.findByTestId('entry-not-found')).textContent).toContain('3-character filer code');
    expect(operations).toEqual([]);
  });
});
