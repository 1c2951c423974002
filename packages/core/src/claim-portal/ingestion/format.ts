// The entry-summary ingestion file (docs/ingestion.md): one CSV row per tariff number reported on an entry
// line, like ACE's ES-003 entry summary line report. The header fields of the entry repeat on each of its
// rows; the filer code is the first three characters of the entry number.
import { stringify } from 'csv-stringify/sync';

export const INGESTION_COLUMNS = [
  {
    key: 'entryNumber',
    header: 'Entry Number',
    example: 'B76-0324527-8',
    description:
      '11 characters (filer code, 7-digit transaction number, check digit); hyphens, spaces and lower case are accepted. The filer code must be one of the uploader’s (any, for the operator).',
  },
  {
    key: 'entryType',
    header: 'Entry Type',
    example: '01',
    description: 'Two digits (CBP Form 7501 block 2), e.g. 01, 03, 11, 21, 31.',
  },
  {
    key: 'iorNumber',
    header: 'IOR Number',
    example: '12-345678900',
    description:
      'Importer of record: EIN with suffix NN-NNNNNNNXX, SSN NNN-NN-NNNN or CBP-assigned YYDDPP-NNNNN, with hyphens.',
  },
  {
    key: 'notifyPartyNumber',
    header: 'Notify Party Number',
    example: '',
    description:
      'Optional: the Form 4811 notify party named on the entry summary (7501 box 28), same formats as the IOR number.',
  },
  {
    key: 'portCode',
    header: 'Port Code',
    example: '2704',
    description: 'Port of entry, 4 digits (Schedule D).',
  },
  {
    key: 'entryDate',
    header: 'Entry Date',
    example: '2025-06-02',
    description: 'YYYY-MM-DD (MM/DD/YYYY is accepted too). Not after today.',
  },
  {
    key: 'depositDate',
    header: 'Deposit Date',
    example: '2025-06-12',
    description: 'The date the duties were deposited (interest runs from it). YYYY-MM-DD or MM/DD/YYYY.',
  },
  {
    key: 'summaryStatus',
    header: 'Summary Status',
    example: 'ACCEPTED',
    description: 'ACCEPTED, CANCELLED or REJECTED (the ACE entry summary status).',
  },
  {
    key: 'liquidationStatus',
    header: 'Liquidation Status',
    example: 'UNLIQUIDATED',
    description: 'UNLIQUIDATED, LIQUIDATED, EXTENDED, SUSPENDED, UNDER_REVIEW or FINAL.',
  },
  {
    key: 'liquidationDate',
    header: 'Liquidation Date',
    example: '',
    description: 'Required for LIQUIDATED and FINAL, empty otherwise. Not before the entry date.',
  },
  {
    key: 'reconciliationFlagged',
    header: 'Reconciliation Flagged',
    example: 'N',
    description: 'Y or N (also YES/NO, TRUE/FALSE, 1/0); empty means N.',
  },
  {
    key: 'reconciliationEntryFiled',
    header: 'Reconciliation Entry Filed',
    example: 'N',
    description: 'Y when the type 09 reconciliation entry covering it has been filed; empty means N.',
  },
  {
    key: 'drawbackDesignated',
    header: 'Drawback Designated',
    example: 'N',
    description: 'Y when the entry is designated on a drawback claim; empty means N.',
  },
  {
    key: 'openProtest',
    header: 'Open Protest',
    example: 'N',
    description: 'Y when a protest on the entry is open or suspended; empty means N.',
  },
  {
    key: 'adcvdPendingLiquidation1504d',
    header: 'ADCVD 1504d Pending',
    example: 'N',
    description: 'Y when AD/CVD liquidation instructions are pending under 19 U.S.C. 1504(d); empty means N.',
  },
  {
    key: 'ieepaDutyPaidBySurety',
    header: 'IEEPA Paid By Surety',
    example: 'N',
    description: 'Y when a surety paid the IEEPA duty in whole or in part; empty means N.',
  },
  {
    key: 'inAce',
    header: 'In ACE',
    example: 'Y',
    description: 'N when the entry has no ACE entry summary or liquidation status; empty means Y.',
  },
  {
    key: 'lineNumber',
    header: 'Line Number',
    example: '1',
    description: 'The entry summary line, 1 to 9999.',
  },
  {
    key: 'countryOfOrigin',
    header: 'Country Of Origin',
    example: 'VN',
    description: 'Two-letter ISO country code of the line; the same on every row of the line.',
  },
  {
    key: 'enteredValue',
    header: 'Entered Value',
    example: '10000.00',
    description:
      'The line’s entered value in dollars, e.g. 10000.00 or "10,000.00"; the same on every row of the line.',
  },
  {
    key: 'tariffSequence',
    header: 'Tariff Sequence',
    example: '1',
    description: 'Order of the tariff number on the line, 1 to 99, unique within the line.',
  },
  {
    key: 'htsNumber',
    header: 'HTS Number',
    example: '8471.30.0100',
    description:
      'Chapter 1-97 (or 98) number, or a Chapter 99 number, in any spelling: 9903.01.25, 9903-01-25, 99030125 and HTS 9903.01.25.00 are the same. 8 or 10 digits once other characters are removed.',
  },
  {
    key: 'rate',
    header: 'Rate',
    example: 'Free',
    description: 'The rate as printed on the 7501, e.g. 25%, 2.6%, Free (up to 40 characters).',
  },
  {
    key: 'dutyAmount',
    header: 'Duty Amount',
    example: '0.00',
    description:
      'Duty of this tariff number in dollars and cents, e.g. 1000.00 or "1,000.00"; read exactly (at most two decimals).',
  },
] as const;

export type IngestionColumn = (typeof INGESTION_COLUMNS)[number];
export type IngestionColumnKey = IngestionColumn['key'];
export type IngestionColumnHeader = IngestionColumn['header'];

/** The second example row: the IEEPA Chapter 99 number on the same line as the first. */
const SECOND_EXAMPLE: Partial<Record<IngestionColumnKey, string>> = {
  tariffSequence: '2',
  htsNumber: '9903.01.25',
  rate: '10%',
  dutyAmount: '1000.00',
};

/** Header matching ignores case, spaces, hyphens and underscores ("entry_number" = "Entry Number"). */
export function headerKey(header: string): string {
  return header
    .replaceAll('\uFEFF', '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const COLUMN_BY_HEADER_KEY = new Map<string, IngestionColumn>(
  INGESTION_COLUMNS.map((column) => [headerKey(column.header), column]),
);

export function columnForHeader(header: string): IngestionColumn | undefined {
  return COLUMN_BY_HEADER_KEY.get(headerKey(header));
}

export function columnHeader(key: IngestionColumnKey): IngestionColumnHeader {
  return INGESTION_COLUMNS.find((column) => column.key === key)!.header;
}

/** The blank template: the header and two example rows (one line with its HTS and its IEEPA number). */
export function ingestionTemplateCsv(): string {
  const first = INGESTION_COLUMNS.map((column) => column.example);
  const second = INGESTION_COLUMNS.map((column) => SECOND_EXAMPLE[column.key] ?? column.example);
  return stringify([INGESTION_COLUMNS.map((column) => column.header), first, second], {
    record_delimiter: 'windows',
  });
}

export const INGESTION_TEMPLATE_FILE_NAME = 'cape-entry-summaries-template.csv';
