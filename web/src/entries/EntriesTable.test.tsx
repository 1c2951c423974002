import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EntriesTable } from './EntriesTable.tsx';
import { entryRow } from './test/fixtures.ts';

describe('EntriesTable', () => {
  it('renders one row per entry with formatted values', () => {
    render(
      <EntriesTable
        entries={[
          entryRow(),
          entryRow({
            id: '2',
            formattedEntryNumber: 'XYZ-7654321-0',
            entryType: '03',
            liquidationStatus: 'LIQUIDATED',
            liquidationDate: '2025-10-03',
            ieepaDutyCents: '0',
            totalDutyCents: '5',
            flags: ['OPEN_PROTEST', 'ADCVD_1504D'],
          }),
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Entry summaries' });
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

    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [HTMLElement, HTMLElement];

    expect(within(first).getByRole('rowheader').textContent).toContain('ABC-1234567-8');
    expect(first.textContent).toContain('Acme Imports LLC');
    expect(first.textContent).toContain('12-3456789AB');
    expect(first.textContent).toContain('Apr 9, 2025');
    expect(first.textContent).toContain('Unliquidated');
    expect(first.textContent).toContain('$1,234.56');
    expect(first.textContent).toContain('$987,654,321.01');
    expect(first.textContent).toContain('Consumption');

    expect(within(second).getByRole('rowheader').textContent).toContain('XYZ-7654321-0');
    expect(second.textContent).toContain('Liquidated');
    expect(second.textContent).toContain('Oct 3, 2025');
    expect(second.textContent).toContain('$0.00');
    expect(second.textContent).toContain('$0.05');
    const flags = within(second)
      .getAllByRole('listitem')
      .map((flag) => flag.textContent);
    expect(flags).toEqual(['Open protest', 'AD/CVD 1504(d)']);
  });
});
