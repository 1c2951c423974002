/**
 * The entry summaries: a sequential, seeded stream (so it can be written to COPY in chunks without holding
 * millions of rows) whose mix follows docs/domain.md sections 2, 3 and 5.
 */
import type { EntryForEligibility, IsoDate, LiquidationStatus } from '@cape/domain';
import { addWorkingDays, dayNumberOf, fridayOnOrAfter, isoOf, workingDaysBetween } from './calendar.ts';
import { entryNumberFor, MAX_TRANSACTION_NUMBER } from './identifiers.ts';
import { Prng, weighted } from './prng.ts';
import { COUNTRY_TABLE, type CountryProfile, productTable } from './reference-data.ts';
import { type GeneratedTariff, lineTariffs } from './tariffs.ts';
import type { Filer, FilerCodeCounter, World } from './world.ts';

export type { EntrySummaryStatus, LiquidationStatus } from '@cape/domain';

export interface GeneratedLine {
  id: number;
  lineNumber: number;
  countryOfOrigin: string;
  enteredValueCents: bigint;
  tariffs: GeneratedTariff[];
}

/**
 * One entry summary with its version 1 (ORIGINAL) lines and tariffs: the rules' entry shape plus what the
 * database needs. Ids are sequence values (safe integers); money is bigint cents.
 */
export interface GeneratedEntry extends Omit<EntryForEligibility, 'iorNumber' | 'lines'> {
  id: number;
  filerOrganizationId: string;
  importerPartyId: string;
  importerOrganizationId: string | null;
  notifyPartyId: string | null;
  portCode: string;
  depositDate: IsoDate;
  totalDutyCents: bigint;
  ieepaDutyCents: bigint;
  lines: GeneratedLine[];
}

export interface EntryStreamParams {
  seed: number;
  /** Liquidations on or before this date have happened; later ones are still scheduled. */
  referenceDate: IsoDate;
  firstEntrySummaryId: number;
  firstEntryLineId: number;
}

/** Entry types (7501 block 2): mostly consumption, some informal/AD-CVD/FTZ/warehouse, a few excluded. */
const ENTRY_TYPES = weighted([
  ['01', 78],
  ['11', 6],
  ['06', 4],
  ['03', 3],
  ['31', 2.5],
  ['21', 2],
  ['02', 1],
  ['08', 0.8],
  ['09', 0.5],
  ['23', 0.5],
  ['47', 0.4],
  ['07', 0.3],
] as const);

const LINE_COUNTS = weighted([
  [1, 40],
  [2, 30],
  [3, 20],
  [4, 10],
] as const);

const AD_CVD_TYPES = new Set(['03', '07']);
const RECONCILABLE_TYPES = new Set(['01', '02', '06']);
const IEEPA_ERA_DAYS = workingDaysBetween('2025-02-04', '2026-02-24');
const POST_IEEPA_DAYS = workingDaysBetween('2026-02-24', '2026-05-01');
/** Share of entries dated after IEEPA collection stopped (they carry no IEEPA lines). */
const POST_IEEPA_SHARE = 0.05;
/** ACE typically schedules liquidation about 314 days after entry, on a Friday. */
const TYPICAL_LIQUIDATION_DAYS = 314;
/**
 * Share of entries with IEEPA duty on which a surety paid (part of) that duty after the importer defaulted:
 * rare (no public figure; a few in a thousand is our assumption).
 */
const SURETY_PAID_SHARE = 0.003;
/** Informal entries (type 11) liquidate within weeks of entry. */
const INFORMAL_LIQUIDATION_DAYS = 7;
/** An unprotested liquidation is final 180 days later (19 U.S.C. 1514). */
const PROTEST_PERIOD_DAYS = 180;

export class EntryStream {
  private readonly rng: Prng;
  private readonly referenceDay: number;
  /** Entry dates on or before the reference date: no entry is dated after "today". */
  private readonly ieepaEraDays: number[];
  private readonly postIeepaDays: number[];
  private nextEntryId: number;
  private nextLineId: number;
  private readonly productTables = new Map<string, ReturnType<typeof productTable>>();

  constructor(
    private readonly world: World,
    params: EntryStreamParams,
  ) {
    this.rng = Prng.derive(params.seed, 'entries', world.filerCodes.map((f) => f.code).join(''));
    this.referenceDay = dayNumberOf(params.referenceDate);
    this.ieepaEraDays = IEEPA_ERA_DAYS.filter((day) => day <= this.referenceDay);
    this.postIeepaDays = POST_IEEPA_DAYS.filter((day) => day <= this.referenceDay);
    if (this.ieepaEraDays.length === 0) {
      throw new RangeError(
        `Reference date ${params.referenceDate} is before IEEPA duties were first collected`,
      );
    }
    this.nextEntryId = params.firstEntrySummaryId;
    this.nextLineId = params.firstEntryLineId;
  }

  /** Next line id to be handed out (after the last generated entry). */
  get nextLineIdToUse(): number {
    return this.nextLineId;
  }

  private productsOf(country: CountryProfile) {
    let table = this.productTables.get(country.code);
    if (table === undefined) {
      table = productTable(country);
      this.productTables.set(country.code, table);
    }
    return table;
  }

  private takeTransactionNumber(filer: Filer): FilerCodeCounter {
    let counter = this.rng.pickWeighted(filer.filerCodeTable);
    if (counter.nextTransactionNumber > MAX_TRANSACTION_NUMBER) {
      const spare = filer.filerCodes.find((c) => c.nextTransactionNumber <= MAX_TRANSACTION_NUMBER);
      if (spare === undefined) {
        throw new Error(
          `Filer codes ${filer.filerCodes.map((c) => c.code).join(', ')} have used all 7-digit transaction numbers; ` +
            'use more brokers for this many entries.',
        );
      }
      counter = spare;
    }
    return counter;
  }

  next(): GeneratedEntry {
    const rng = this.rng;
    const filer = rng.pickWeighted(this.world.filers);
    const importer = rng.pickWeighted(filer.clients);
    const counter = this.takeTransactionNumber(filer);
    const entryNumber = entryNumberFor(counter.code, counter.nextTransactionNumber);
    counter.nextTransactionNumber++;

    const entryType = rng.pickWeighted(ENTRY_TYPES);
    const country = rng.chance(0.75) ? importer.mainCountry : rng.pickWeighted(COUNTRY_TABLE);
    const postIeepa = rng.chance(POST_IEEPA_SHARE) && this.postIeepaDays.length > 0;
    const entryDay = postIeepa ? rng.pick(this.postIeepaDays) : rng.pick(this.ieepaEraDays);
    const entryDate = isoOf(entryDay);
    // Duties are deposited with the entry summary, within 10 working days of entry (and not after today).
    const depositDate = isoOf(Math.min(addWorkingDays(entryDay, rng.int(0, 10)), this.referenceDay));

    const informal = entryType === '11';
    const lineCount = informal ? rng.int(1, 2) : rng.pickWeighted(LINE_COUNTS);
    const lines: GeneratedLine[] = [];
    let totalDutyCents = 0n;
    let ieepaDutyCents = 0n;
    for (let lineNumber = 1; lineNumber <= lineCount; lineNumber++) {
      const lineCountry = rng.chance(0.85) ? country : rng.pickWeighted(COUNTRY_TABLE);
      const product = rng.pickWeighted(this.productsOf(lineCountry));
      // Informal entries stay under $2,500; formal lines range from $500 to $500,000.
      const enteredValueCents = BigInt(
        informal ? rng.int(5_000, 120_000) : rng.logUniformInt(50_000, 50_000_000),
      );
      const tariffs = lineTariffs(lineCountry, product, entryDate, enteredValueCents, rng);
      for (const tariff of tariffs) {
        totalDutyCents += tariff.dutyCents;
        if (tariff.tariffClass === 'IEEPA') ieepaDutyCents += tariff.dutyCents;
      }
      lines.push({
        id: this.nextLineId++,
        lineNumber,
        countryOfOrigin: lineCountry.code,
        enteredValueCents,
        tariffs,
      });
    }

    const adcvd = AD_CVD_TYPES.has(entryType);
    const adcvdPendingLiquidation1504d = adcvd && rng.chance(0.15);
    const reconciliationFlagged = RECONCILABLE_TYPES.has(entryType) && rng.chance(0.035);
    const status = this.liquidation(entryDay, entryType, adcvd, adcvdPendingLiquidation1504d);
    const notify = importer.notify;
    const named =
      notify !== null && entryDate >= notify.from && (notify.until === null || entryDate < notify.until);
    const summaryRoll = rng.next();
    return {
      id: this.nextEntryId++,
      entryNumber,
      entryType,
      filerCode: counter.code,
      filerOrganizationId: filer.organizationId,
      importerPartyId: importer.partyId,
      importerOrganizationId: importer.organizationId,
      notifyPartyId: named ? notify.notifyPartyId : null,
      portCode: rng.pick(country.ports),
      entryDate,
      depositDate,
      summaryStatus: summaryRoll < 0.008 ? 'CANCELLED' : summaryRoll < 0.013 ? 'REJECTED' : 'ACCEPTED',
      inAce: !rng.chance(0.002),
      liquidationStatus: status.liquidationStatus,
      liquidationDate: status.liquidationDate,
      reconciliationFlagged,
      reconciliationEntryFiled: reconciliationFlagged && rng.chance(0.4),
      drawbackDesignated: rng.chance(0.01),
      openProtest: status.openProtest,
      adcvdPendingLiquidation1504d,
      ieepaDutyPaidBySurety: ieepaDutyCents > 0n && rng.chance(SURETY_PAID_SHARE),
      totalDutyCents,
      ieepaDutyCents,
      lines,
    };
  }

  private liquidation(
    entryDay: number,
    entryType: string,
    adcvd: boolean,
    pending1504d: boolean,
  ): { liquidationStatus: LiquidationStatus; liquidationDate: IsoDate | null; openProtest: boolean } {
    const rng = this.rng;
    const open = (liquidationStatus: LiquidationStatus) => ({
      liquidationStatus,
      liquidationDate: null,
      openProtest: false,
    });
    // Informal entries liquidate at or near entry (docs/domain.md 2: most are final long before CAPE).
    const jitter = rng.int(0, 28);
    const scheduled = fridayOnOrAfter(
      entryDay + (entryType === '11' ? INFORMAL_LIQUIDATION_DAYS : TYPICAL_LIQUIDATION_DAYS - 14) + jitter,
    );
    const roll = rng.next();
    // AD/CVD entries wait for Commerce; warehouse entries liquidate after the last withdrawal.
    if (pending1504d) return open('UNLIQUIDATED');
    if (adcvd && roll < 0.6) return open('SUSPENDED');
    if (entryType === '21') return open('UNLIQUIDATED');
    if (roll < 0.03) return open('EXTENDED');
    if (roll < 0.04) return open('SUSPENDED');
    if (roll < 0.05) return open('UNDER_REVIEW');
    if (scheduled > this.referenceDay) return open('UNLIQUIDATED');
    const openProtest = rng.chance(0.012);
    const final = !openProtest && this.referenceDay - scheduled > PROTEST_PERIOD_DAYS;
    return {
      liquidationStatus: final ? 'FINAL' : 'LIQUIDATED',
      liquidationDate: isoOf(scheduled),
      openProtest,
    };
  }
}
