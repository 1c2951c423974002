// Row-level checks of the ingestion file that need nothing but the row itself: every cell read with
// @cape/domain's parsers (entry numbers, importer numbers, HTS numbers, the refundable-IEEPA rule) or the
// cell readers. Checks across rows and against the database run in SQL on the staged rows (staging.ts).
import type { TariffClass } from '@cape/db';
import {
  classifyChapter99,
  ENTRY_SUMMARY_STATUSES,
  type EntryForEligibility,
  formatEntryNumber,
  type HtsNumberError,
  type ImporterNumberKind,
  type IsoDate,
  judgeTariffForRefund,
  LIQUIDATION_STATUSES,
  type LiquidationStatus,
  parseEntryNumber,
  parseHtsNumber,
  parseImporterNumber,
} from '@cape/domain';
import {
  type CellResult,
  parseBusinessDate,
  parseChoice,
  parseDollarsToCents,
  parseFlag,
  parseWholeNumber,
  trimCell,
} from './cell-values.ts';
import { columnHeader, type IngestionColumnKey } from './format.ts';

/** One problem with one cell (or, with column null, with the row as a whole). */
export interface RowError {
  /** The row as a spreadsheet numbers it: the header is row 1, the first data row is row 2. */
  row: number;
  column: string | null;
  value: string | null;
  problem: string;
  fix: string;
}

/** An entry's header fields as the rules read them, plus what the entry summary also records. */
export interface EntryHeader extends Omit<EntryForEligibility, 'lines'> {
  iorNumberKind: ImporterNumberKind;
  notifyPartyNumber: string | null;
  notifyPartyNumberKind: ImporterNumberKind | null;
  portCode: string;
  depositDate: IsoDate;
}

/** A valid row: its entry's header (one object shared by the entry's rows), its line and one tariff number. */
export interface IngestionRow {
  row: number;
  header: EntryHeader;
  lineNumber: number;
  countryOfOrigin: string;
  enteredValueCents: bigint;
  tariffSequence: number;
  /** Digits only (8 or 10). */
  htsNumber: string;
  tariffClass: TariffClass;
  rateText: string;
  dutyCents: bigint;
  /** The domain's refundable-IEEPA verdict: this tariff's duty is part of the entry's IEEPA principal. */
  refundableIeepa: boolean;
}

export type RawRow = Readonly<Record<IngestionColumnKey, string>>;

const HEADER_KEYS = [
  'entryNumber',
  'entryType',
  'iorNumber',
  'notifyPartyNumber',
  'portCode',
  'entryDate',
  'depositDate',
  'summaryStatus',
  'liquidationStatus',
  'liquidationDate',
  'reconciliationFlagged',
  'reconciliationEntryFiled',
  'drawbackDesignated',
  'openProtest',
  'adcvdPendingLiquidation1504d',
  'ieepaDutyPaidBySurety',
  'inAce',
] as const satisfies readonly IngestionColumnKey[];

const MAX_RATE_TEXT = 40;
const LIQUIDATED_STATUSES: readonly LiquidationStatus[] = ['LIQUIDATED', 'FINAL'];

/**
 * Validates rows one by one. The header fields of an entry repeat on each of its rows and are nearly always
 * on consecutive rows, so the last header read is remembered and its result reused when the cells agree.
 */
export class RowValidator {
  private lastRaw: RawRow | null = null;
  private lastHeader: { header: EntryHeader | null; errors: Omit<RowError, 'row'>[] } | null = null;
  private readonly refundableByKey = new Map<string, boolean>();
  private readonly tariffByText = new Map<string, TariffNumber | HtsNumberError>();

  /** @param today CAPE's business date: entries cannot be dated after it. */
  constructor(private readonly today: IsoDate) {}

  /** The row's errors (none when it is valid) and, when it is valid, the row to stage. Runs once per row. */
  validate(row: number, raw: RawRow): { row: IngestionRow | null; errors: RowError[] } {
    if (this.lastHeader === null || !sameHeaderCells(raw, this.lastRaw!)) {
      this.lastHeader = this.readHeader(raw);
    }
    this.lastRaw = raw;
    const errors: RowError[] = [];
    for (const error of this.lastHeader.errors) errors.push({ row, ...error });

    const lineNumber = parseWholeNumber(raw.lineNumber, 1, 9999);
    if (!lineNumber.ok) errors.push(cellError(row, 'lineNumber', raw, lineNumber));
    const country = countryOfOrigin(raw.countryOfOrigin);
    if (!country.ok) errors.push(cellError(row, 'countryOfOrigin', raw, country));
    const enteredValue = parseDollarsToCents(raw.enteredValue);
    if (!enteredValue.ok) errors.push(cellError(row, 'enteredValue', raw, enteredValue));
    const sequence = parseWholeNumber(raw.tariffSequence, 1, 99);
    if (!sequence.ok) errors.push(cellError(row, 'tariffSequence', raw, sequence));
    const rate = rateText(raw.rate);
    if (!rate.ok) errors.push(cellError(row, 'rate', raw, rate));
    const duty = parseDollarsToCents(raw.dutyAmount);
    if (!duty.ok) errors.push(cellError(row, 'dutyAmount', raw, duty));
    const tariff = this.tariffNumber(raw.htsNumber);
    if ('message' in tariff) {
      errors.push(
        cellError(row, 'htsNumber', raw, {
          ok: false,
          problem: tariff.message,
          fix: 'Write the HTS number as on the entry summary: 10 digits for a Chapter 1-97 number (e.g. 8471.30.0100), 8 or 10 for a Chapter 99 number (e.g. 9903.01.25).',
        }),
      );
    }

    const header = this.lastHeader.header;
    if (
      errors.length > 0 ||
      header === null ||
      !lineNumber.ok ||
      !country.ok ||
      !enteredValue.ok ||
      !sequence.ok ||
      !rate.ok ||
      !duty.ok ||
      'message' in tariff
    ) {
      return { row: null, errors };
    }
    return {
      row: {
        row,
        header,
        lineNumber: lineNumber.value,
        countryOfOrigin: country.value,
        enteredValueCents: enteredValue.value,
        tariffSequence: sequence.value,
        htsNumber: tariff.digits,
        tariffClass: tariff.tariffClass,
        rateText: rate.value,
        dutyCents: duty.value,
        refundableIeepa: this.isRefundableIeepa(tariff.digits, duty.value, header.entryDate),
      },
      errors,
    };
  }

  /** An HTS number as written, read and classified by the domain once per distinct spelling in the file. */
  private tariffNumber(text: string): TariffNumber | HtsNumberError {
    let found = this.tariffByText.get(text);
    if (found === undefined) {
      const parsed = parseHtsNumber(text);
      if (parsed.ok) {
        const classified = classifyChapter99(parsed.value);
        if (!classified.ok)
          throw new Error(`parseHtsNumber accepted ${parsed.value}, classifyChapter99 did not`);
        const tariffClass = classified.value === 'NOT_CH99' ? 'HTS_CHAPTER_1_97' : classified.value;
        found = { digits: parsed.value, tariffClass };
      } else {
        found = parsed.error;
      }
      this.tariffByText.set(text, found);
    }
    return found;
  }

  /**
   * The domain's verdict for a tariff depends only on its heading, the entry date and whether it carries
   * duty; files repeat those combinations endlessly, so each is judged once.
   */
  private isRefundableIeepa(htsNumber: string, dutyCents: bigint, entryDate: IsoDate): boolean {
    const key = `${htsNumber}|${entryDate}|${dutyCents > 0n}`;
    let refundable = this.refundableByKey.get(key);
    if (refundable === undefined) {
      refundable = judgeTariffForRefund({ htsNumber, dutyCents }, entryDate).kind === 'REFUNDABLE_IEEPA';
      this.refundableByKey.set(key, refundable);
    }
    return refundable;
  }

  private readHeader(raw: RawRow): { header: EntryHeader | null; errors: Omit<RowError, 'row'>[] } {
    const errors: Omit<RowError, 'row'>[] = [];
    const report = (key: IngestionColumnKey, result: CellResult<unknown>) => {
      if (!result.ok) errors.push(cellProblem(key, raw[key], result.problem, result.fix));
    };

    const entryNumber = parseEntryNumber(raw.entryNumber);
    if (!entryNumber.ok) {
      const candidate = entryNumber.error.candidate;
      errors.push(
        cellProblem(
          'entryNumber',
          raw.entryNumber,
          entryNumber.error.message,
          candidate
            ? `Format the column as text and write ${formatEntryNumber(candidate)} if that is the entry.`
            : 'Copy the entry number from the entry summary (CBP Form 7501 block 1), e.g. B76-0324527-8.',
        ),
      );
    }
    const entryType = entryTypeCode(raw.entryType);
    report('entryType', entryType);
    const ior = partyNumber(raw.iorNumber, 'importer of record');
    report('iorNumber', ior);
    const notify =
      trimCell(raw.notifyPartyNumber) === ''
        ? ({ ok: true, value: null } as const)
        : partyNumber(raw.notifyPartyNumber, 'notify party');
    report('notifyPartyNumber', notify);
    const port = portCode(raw.portCode);
    report('portCode', port);
    const entryDate = parseBusinessDate(raw.entryDate);
    report('entryDate', entryDate);
    if (entryDate.ok && entryDate.value > this.today) {
      errors.push(
        cellProblem(
          'entryDate',
          raw.entryDate,
          `The entry date ${entryDate.value} is after today (${this.today}).`,
          'Check the entry date on the entry summary.',
        ),
      );
    }
    const depositDate = parseBusinessDate(raw.depositDate);
    report('depositDate', depositDate);
    const summaryStatus = parseChoice(raw.summaryStatus, ENTRY_SUMMARY_STATUSES, {
      CANCELED: 'CANCELLED',
    });
    report('summaryStatus', summaryStatus);
    const liquidationStatus = parseChoice(raw.liquidationStatus, LIQUIDATION_STATUSES);
    report('liquidationStatus', liquidationStatus);
    const liquidationDate = this.liquidationDate(raw, liquidationStatus, entryDate, errors);
    const flag = (key: IngestionColumnKey, emptyMeans: boolean) => {
      const result = parseFlag(raw[key], emptyMeans);
      report(key, result);
      return result.ok ? result.value : emptyMeans;
    };
    const reconciliationFlagged = flag('reconciliationFlagged', false);
    const reconciliationEntryFiled = flag('reconciliationEntryFiled', false);
    const drawbackDesignated = flag('drawbackDesignated', false);
    const openProtest = flag('openProtest', false);
    const adcvdPendingLiquidation1504d = flag('adcvdPendingLiquidation1504d', false);
    const ieepaDutyPaidBySurety = flag('ieepaDutyPaidBySurety', false);
    const inAce = flag('inAce', true);

    if (
      errors.length > 0 ||
      !entryNumber.ok ||
      !entryType.ok ||
      !ior.ok ||
      !notify.ok ||
      !port.ok ||
      !entryDate.ok ||
      !depositDate.ok ||
      !summaryStatus.ok ||
      !liquidationStatus.ok
    ) {
      return { header: null, errors };
    }
    return {
      header: {
        entryNumber: entryNumber.value,
        filerCode: entryNumber.value.slice(0, 3),
        entryType: entryType.value,
        iorNumber: ior.value.value,
        iorNumberKind: ior.value.kind,
        notifyPartyNumber: notify.value?.value ?? null,
        notifyPartyNumberKind: notify.value?.kind ?? null,
        portCode: port.value,
        entryDate: entryDate.value,
        depositDate: depositDate.value,
        summaryStatus: summaryStatus.value,
        liquidationStatus: liquidationStatus.value,
        liquidationDate,
        reconciliationFlagged,
        reconciliationEntryFiled,
        drawbackDesignated,
        openProtest,
        adcvdPendingLiquidation1504d,
        ieepaDutyPaidBySurety,
        inAce,
      },
      errors,
    };
  }

  /** Required for LIQUIDATED and FINAL, absent otherwise (as ACE holds it), and never before entry. */
  private liquidationDate(
    raw: RawRow,
    status: CellResult<LiquidationStatus>,
    entryDate: CellResult<IsoDate>,
    errors: Omit<RowError, 'row'>[],
  ): IsoDate | null {
    const text = trimCell(raw.liquidationDate);
    if (!status.ok) return null;
    const liquidated = LIQUIDATED_STATUSES.includes(status.value);
    if (text === '') {
      if (liquidated) {
        errors.push(
          cellProblem(
            'liquidationDate',
            raw.liquidationDate,
            `A ${status.value} entry needs its liquidation date.`,
            'Enter the liquidation date from ACE (YYYY-MM-DD).',
          ),
        );
      }
      return null;
    }
    if (!liquidated) {
      errors.push(
        cellProblem(
          'liquidationDate',
          raw.liquidationDate,
          `A liquidation date is given, but the liquidation status is ${status.value}.`,
          'Leave the liquidation date empty, or set the status to LIQUIDATED (or FINAL) if the entry has liquidated.',
        ),
      );
      return null;
    }
    const date = parseBusinessDate(raw.liquidationDate);
    if (!date.ok) {
      errors.push(cellProblem('liquidationDate', raw.liquidationDate, date.problem, date.fix));
      return null;
    }
    if (entryDate.ok && date.value < entryDate.value) {
      errors.push(
        cellProblem(
          'liquidationDate',
          raw.liquidationDate,
          `The liquidation date ${date.value} is before the entry date ${entryDate.value}.`,
          'Check both dates on the entry summary and in ACE.',
        ),
      );
    }
    return date.value;
  }
}

function cellProblem(
  key: IngestionColumnKey,
  value: string,
  problemText: string,
  fix: string,
): Omit<RowError, 'row'> {
  return { column: columnHeader(key), value, problem: problemText, fix };
}

function cellError(
  row: number,
  key: IngestionColumnKey,
  raw: RawRow,
  result: { ok: false; problem: string; fix: string },
): RowError {
  return { row, column: columnHeader(key), value: raw[key], problem: result.problem, fix: result.fix };
}

/** Whether two rows carry the same header cells (then the same entry, read once). */
function sameHeaderCells(a: RawRow, b: RawRow): boolean {
  for (const key of HEADER_KEYS) if (a[key] !== b[key]) return false;
  return true;
}

interface TariffNumber {
  digits: string;
  tariffClass: TariffClass;
}

function entryTypeCode(raw: string): CellResult<string> {
  const text = trimCell(raw);
  if (/^[0-9]{2}$/.test(text) && text !== '00') return { ok: true, value: text };
  const lostZero = /^[1-9]$/.test(text) ? ` A spreadsheet probably dropped the leading zero (0${text}).` : '';
  return {
    ok: false,
    problem: `"${text}" is not an entry type; an entry type has two digits.${lostZero}`,
    fix: 'Write the two-digit entry type from block 2 of the entry summary, e.g. 01, with the column formatted as text.',
  };
}

function partyNumber(raw: string, what: string): CellResult<{ value: string; kind: ImporterNumberKind }> {
  const parsed = parseImporterNumber(raw);
  if (parsed.ok) return { ok: true, value: parsed.value };
  return {
    ok: false,
    problem: parsed.error.message,
    fix: `Write the ${what} number as on the entry summary, with its hyphens (e.g. 12-345678900).`,
  };
}

function portCode(raw: string): CellResult<string> {
  const text = trimCell(raw);
  if (/^[0-9]{4}$/.test(text)) return { ok: true, value: text };
  return {
    ok: false,
    problem: `"${text}" is not a port code; a port code has four digits.`,
    fix: 'Write the four-digit port of entry (Schedule D), e.g. 2704, with the column formatted as text.',
  };
}

function countryOfOrigin(raw: string): CellResult<string> {
  const text = trimCell(raw);
  if (/^[A-Za-z]{2}$/.test(text)) return { ok: true, value: text.toUpperCase() };
  return {
    ok: false,
    problem: `"${text}" is not a two-letter country code.`,
    fix: 'Write the ISO two-letter country of origin, e.g. CN or VN.',
  };
}

function rateText(raw: string): CellResult<string> {
  const text = trimCell(raw);
  if (text !== '' && text.length <= MAX_RATE_TEXT) return { ok: true, value: text };
  return {
    ok: false,
    problem:
      text === ''
        ? 'The rate is empty.'
        : `The rate has ${text.length} characters; at most ${MAX_RATE_TEXT}.`,
    fix: 'Write the rate as printed on the entry summary, e.g. 25%, 2.6% or Free.',
  };
}
