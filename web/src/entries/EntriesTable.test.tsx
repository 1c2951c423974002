import type { SortingState } from '@tanstack/react-table';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { entryRow } from '../test/fixtures.ts';
import { renderWithRouter } from '../test/render.tsx';
import { TEST_ROW_HEIGHT } from '../test/setup.ts';
import { EntriesTable, type EntriesTableProps } from './EntriesTable.tsx';

function entryNumbersShown(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('rowheader')
    .map((cell) => within(cell).getByRole('link').textContent ?? '');
}

// Three entries whose duties differ only past 2^53: as JavaScript numbers the first two would be equal.
const entries = [
  entryRow({
    id: '1',
    formattedEntryNumber: 'AAA-0000001-1',
    ieepaDutyCents: '9007199254740992',
    importer: { name: 'zeta Traders', iorNumber: '1' },
  }),
  entryRow({
    id: '2',
    formattedEntryNumber: 'AAA-0000002-2',
    ieepaDutyCents: '9007199254740993',
    importer: { name: 'Alpha Imports', iorNumber: '2' },
  }),
  entryRow({
    id: '3',
    formattedEntryNumber: 'AAA-0000003-3',
    ieepaDutyCents: '5',
    importer: { name: 'beta Goods', iorNumber: '3' },
  }),
];

async function renderTable(props: Partial<EntriesTableProps> = {}) {
  renderWithRouter(<EntriesTable entries={entries} {...props} />);
  return await screen.findByRole('table', { name: 'Entry summaries' });
}

/** The table under a filter that a button changes. */
function WithScrollKey({ entries }: { entries: EntriesTableProps['entries'] }) {
  const [scrollKey, setScrollKey] = useState('first filter');
  return (
    <>
      <button type="button" onClick={() => setScrollKey('second filter')}>
        Change the filter
      </button>
      <EntriesTable entries={entries} scrollKey={scrollKey} />
    </>
  );
}

describe('EntriesTable', () => {
  it('renders one row per entry with formatted values', async () => {
    renderWithRouter(
      <EntriesTable
        entries={[
          entryRow(),
          entryRow({
            id: '2',
            entryNumber: 'XYZ76543210',
            formattedEntryNumber: 'XYZ-7654321-0',
            entryType: '03',
            summaryStatus: 'REJECTED',
            liquidationStatus: 'LIQUIDATED',
            liquidationDate: '2025-10-03',
            ieepaDutyCents: '0',
            totalDutyCents: '5',
            flags: ['OPEN_PROTEST', 'ADCVD_1504D'],
          }),
        ]}
      />,
    );
    const table = await screen.findByRole('table', { name: 'Entry summaries' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent);
    expect(headers).toEqual([
      'Entry number',
      'Type',
      'Importer of record',
      'Entry date',
      'Liquidation',
      'IEEPA duty',
      'Total duty',
      'Flags',
    ]);
    expect(table.getAttribute('aria-rowcount')).toBe('3');

    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [HTMLElement, HTMLElement];
    expect(first.getAttribute('aria-rowindex')).toBe('2');

    const link = within(first).getByRole('link', { name: 'ABC-1234567-8' });
    expect(link.getAttribute('href')).toBe('/entries/ABC12345678');
    expect(first.textContent).toContain('Acme Imports LLC');
    expect(first.textContent).toContain('12-3456789AB');
    expect(first.textContent).toContain('Apr 9, 2025');
    expect(first.textContent).toContain('Unliquidated');
    expect(first.textContent).toContain('$1,234.56');
    expect(first.textContent).toContain('$987,654,321.01');
    expect(first.textContent).toContain('Consumption');
    expect(first.textContent).not.toContain('Accepted');

    expect(within(second).getByRole('rowheader').textContent).toContain('XYZ-7654321-0');
    expect(within(second).getByRole('rowheader').textContent).toContain('Rejected');
    expect(second.textContent).toContain('Liquidated');
    expect(second.textContent).toContain('Oct 3, 2025');
    expect(second.textContent).toContain('$0.00');
    expect(second.textContent).toContain('$0.05');
    const flags = within(second)
      .getAllByRole('listitem')
      .map((flag) => flag.textContent);
    expect(flags).toEqual(['Open protest', 'AD/CVD 1504(d)']);
  });

  it('sorts money exactly, largest first, when the rows are the complete list', async () => {
    const sorting: SortingState = [{ id: 'ieepaDuty', desc: true }];
    const table = await renderTable({ sorting, onSortingChange: () => {}, sortable: true });
    expect(entryNumbersShown(table)).toEqual(['AAA-0000002-2', 'AAA-0000001-1', 'AAA-0000003-3']);
    const header = within(table).getByRole('columnheader', { name: /IEEPA duty/ });
    expect(header.getAttribute('aria-sort')).toBe('descending');
  });

  it('sorts importers by name, ignoring case', async () => {
    const sorting: SortingState = [{ id: 'importer', desc: false }];
    const table = await renderTable({ sorting, onSortingChange: () => {}, sortable: true });
    expect(entryNumbersShown(table)).toEqual(['AAA-0000002-2', 'AAA-0000003-3', 'AAA-0000001-1']);
  });

  it('keeps the given order and claims no sort when the rows are not the complete list', async () => {
    const sorting: SortingState = [{ id: 'ieepaDuty', desc: false }];
    const table = await renderTable({ sorting, onSortingChange: () => {}, sortable: false });
    expect(entryNumbersShown(table)).toEqual(['AAA-0000001-1', 'AAA-0000002-2', 'AAA-0000003-3']);
    expect(
      within(table)
        .getByRole('columnheader', { name: /IEEPA duty/ })
        .getAttribute('aria-sort'),
    ).toBeNull();
  });

  it('asks for the next sort from the column header buttons (amounts largest first, names A to Z)', async () => {
    const onSortingChange = vi.fn<(sorting: SortingState) => void>();
    const table = await renderTable({ onSortingChange });
    const user = userEvent.setup();
    await user.click(within(table).getByRole('button', { name: /IEEPA duty/ }));
    expect(onSortingChange).toHaveBeenLastCalledWith([{ id: 'ieepaDuty', desc: true }]);
    await user.click(within(table).getByRole('button', { name: /Importer of record/ }));
    expect(onSortingChange).toHaveBeenLastCalledWith([{ id: 'importer', desc: false }]);
    expect(within(table).queryByRole('button', { name: /Flags/ })).toBeNull();
  });

  it('renders only the rows in view of a long list, and asks for more near its end', async () => {
    const many = Array.from({ length: 1000 }, (_, index) =>
      entryRow({
        id: String(index + 1),
        formattedEntryNumber: `ROW-${String(index + 1).padStart(7, '0')}-0`,
      }),
    );
    const onNearEnd = vi.fn();
    renderWithRouter(<EntriesTable entries={many} totalCount={5000} onNearEnd={onNearEnd} />);
    const table = await screen.findByRole('table', { name: 'Entry summaries' });
    expect(table.getAttribute('aria-rowcount')).toBe('5001');
    const rendered = () => within(table).getAllByRole('rowheader');
    // 800 px of 61 px rows is 14 rows, plus the overscan below them: nowhere near the 1,000 loaded.
    expect(rendered().length).toBeLessThan(40);
    expect(rendered()[0]?.closest('tr')?.getAttribute('aria-rowindex')).toBe('2');
    expect(onNearEnd).not.toHaveBeenCalled();

    const scroller = screen.getByTestId('entries-scroll');
    scroller.scrollTop = 1000 * TEST_ROW_HEIGHT - 800;
    fireEvent.scroll(scroller);
    await vi.waitFor(() =>
      expect(rendered().at(-1)?.closest('tr')?.getAttribute('aria-rowindex')).toBe('1001'),
    );
    expect(rendered().length).toBeLessThan(40);
    expect(rendered().at(-1)?.textContent).toContain('ROW-0001000-0');
    expect(onNearEnd).toHaveBeenCalled();
  });

  it('scrolls back to the top of the list when its filter or sort changes', async () => {
    const many = Array.from({ length: 500 }, (_, index) =>
      entryRow({
        id: String(index + 1),
        formattedEntryNumber: `ROW-${String(index + 1).padStart(7, '0')}-0`,
      }),
    );
    renderWithRouter(<WithScrollKey entries={many} />);
    const table = await screen.findByRole('table', { name: 'Entry summaries' });
    const firstShown = () => within(table).getAllByRole('rowheader')[0]?.textContent ?? '';
    const scroller = screen.getByTestId('entries-scroll');
    scroller.scrollTop = 400 * TEST_ROW_HEIGHT;
    fireEvent.scroll(scroller);
    await vi.waitFor(() => expect(firstShown()).not.toContain('ROW-0000001-0'));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Change the filter' }));
    expect(scroller.scrollTop).toBe(0);
    fireEvent.scroll(scroller); // as a browser does after a programmatic scroll
    await vi.waitFor(() => expect(firstShown()).toContain('ROW-0000001-0'));
  });
});
