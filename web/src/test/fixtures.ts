import type { EntryRowFragment } from '../graphql/generated/graphql.ts';

export function entryRow(overrides: Partial<EntryRowFragment> = {}): EntryRowFragment {
  return {
    id: '1',
    entryNumber: 'ABC12345678',
    formattedEntryNumber: 'ABC-1234567-8',
    entryType: '01',
    entryDate: '2025-04-09',
    portCode: '2704',
    liquidationStatus: 'UNLIQUIDATED',
    liquidationDate: null,
    ieepaDutyCents: '123456',
    totalDutyCents: '98765432101',
    flags: [],
    importer: { name: 'Acme Imports LLC', iorNumber: '12-3456789AB' },
    ...overrides,
  };
}
