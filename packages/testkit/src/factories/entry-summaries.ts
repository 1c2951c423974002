/**
 * createEntrySummary: an entry summary with version 1 (ORIGINAL), its lines and their tariffs, totals kept
 * consistent with the tariffs. Tenant keys follow the data: filer_organization_id is the owner of the filer
 * code, importer_organization_id the importer party's own organization.
 */
import type {
  EntryLineModel,
  EntryLineTariffModel,
  EntrySummaryModel,
  EntrySummaryStatus,
  LiquidationStatus,
  PrismaClient,
} from '@cape/db';
import { type IsoDate, ieepaHeadingOn } from '@cape/domain';
import { entryNumberFor } from '../generator/identifiers.ts';
import { dutyFor, rateText, type TariffClass, tariffClassOf } from '../generator/tariffs.ts';
import { createBrokerWithFilerCode } from './organizations.ts';
import { createImporterParty, dateOnly } from './parties.ts';
import { nextTransactionNumber } from './sequence.ts';

export interface Chapter99Spec {
  /** 8 or 10 digits, dots allowed ('9903.01.25'). */
  htsNumber: string;
  /** Ad valorem rate in basis points (25% = 2500). Default for IEEPA headings: the registry rate on the entry date. */
  basisPoints?: number;
  /** Default: entered value x rate, rounded half up. */
  dutyCents?: bigint;
  rateText?: string;
}

export interface EntryLineSpec {
  countryOfOrigin?: string;
  /** Default $10,000.00. */
  enteredValueCents?: bigint;
  /** Chapter 1-97 number; default 8471300100 (laptops, Free). */
  htsNumber?: string;
  /** MFN rate in basis points; default 0 (Free). */
  mfnBasisPoints?: number;
  /**
   * Chapter 99 numbers after the Chapter 1-97 one. Default: the 10% reciprocal baseline 9903.01.25 when the
   * entry date is in its period (2025-04-05 .. 2026-02-23), otherwise none.
   */
  chapter99?: Chapter99Spec[];
}

export interface EntrySummaryOverrides {
  /** Default: a new broker with a fresh filer code. */
  filerCode?: string;
  /** Default: a new importer with its own account (client of the filer when that was created here too). */
  importerPartyId?: string;
  notifyPartyId?: string | null;
  /** Full 11-character entry number (must start with the filer code); default: next transaction number. */
  entryNumber?: string;
  transactionNumber?: number;
  entryType?: string;
  portCode?: string;
  /** Default 2025-06-02. */
  entryDate?: IsoDate;
  /** Default: the entry date. */
  depositDate?: IsoDate;
  summaryStatus?: EntrySummaryStatus;
  inAce?: boolean;
  liquidationStatus?: LiquidationStatus;
  /** Required with LIQUIDATED/FINAL (constraint); default null. */
  liquidationDate?: IsoDate | null;
  reconciliationFlagged?: boolean;
  reconciliationEntryFiled?: boolean;
  drawbackDesignated?: boolean;
  openProtest?: boolean;
  adcvdPendingLiquidation1504d?: boolean;
  /** The IEEPA duty was paid (in part) by a surety; default false. */
  ieepaDutyPaidBySurety?: boolean;
  /** Default: one line from China. */
  lines?: EntryLineSpec[];
}

export interface CreatedEntrySummary {
  entrySummary: EntrySummaryModel;
  entryNumber: string;
  lines: (EntryLineModel & { tariffs: EntryLineTariffModel[] })[];
  totalDutyCents: bigint;
  ieepaDutyCents: bigint;
}

interface TariffRow {
  sequence: number;
  htsNumber: string;
  tariffClass: TariffClass;
  rateText: string;
  dutyCents: bigint;
}

function digitsOnly(htsNumber: string): string {
  return htsNumber.replace(/\D/g, '');
}

function chapter99Row(
  spec: Chapter99Spec,
  sequence: number,
  valueCents: bigint,
  entryDate: IsoDate,
): TariffRow {
  const tariffClass = tariffClassOf(spec.htsNumber);
  let basisPoints = spec.basisPoints;
  if (basisPoints === undefined && tariffClass === 'IEEPA') {
    basisPoints = ieepaHeadingOn(spec.htsNumber, entryDate)?.rateBasisPoints ?? undefined;
  }
  if (basisPoints === undefined && (spec.dutyCents === undefined || spec.rateText === undefined)) {
    throw new RangeError(
      `Chapter 99 number ${spec.htsNumber} has no registry rate on ${entryDate}: pass basisPoints (or dutyCents and rateText)`,
    );
  }
  return {
    sequence,
    htsNumber: digitsOnly(spec.htsNumber),
    tariffClass,
    rateText: spec.rateText ?? rateText(basisPoints!),
    dutyCents: spec.dutyCents ?? dutyFor(valueCents, basisPoints!),
  };
}

function defaultChapter99(entryDate: IsoDate): Chapter99Spec[] {
  return entryDate >= '2025-04-05' && entryDate < '2026-02-24' ? [{ htsNumber: '99030125' }] : [];
}

export async function createEntrySummary(
  prisma: PrismaClient,
  overrides: EntrySummaryOverrides = {},
): Promise<CreatedEntrySummary> {
  let filerCode = overrides.filerCode;
  let newBrokerId: string | null = null;
  if (filerCode === undefined) {
    const broker = await createBrokerWithFilerCode(prisma);
    filerCode = broker.filerCode;
    newBrokerId = broker.organizationId;
  }
  const filer = await prisma.filerCode.findUniqueOrThrow({ where: { code: filerCode } });
  const importerPartyId =
    overrides.importerPartyId ??
    (await createImporterParty(prisma, { clientOf: newBrokerId ?? filer.organizationId })).partyId;
  const importer = await prisma.party.findUniqueOrThrow({ where: { id: importerPartyId } });

  const entryDate = overrides.entryDate ?? '2025-06-02';
  const entryNumber =
    overrides.entryNumber ??
    entryNumberFor(filerCode, overrides.transactionNumber ?? nextTransactionNumber());
  const lineSpecs = overrides.lines ?? [{}];
  let totalDutyCents = 0n;
  let ieepaDutyCents = 0n;
  const lines = lineSpecs.map((spec, index) => {
    const valueCents = spec.enteredValueCents ?? 1_000_000n;
    const mfn = spec.mfnBasisPoints ?? 0;
    const tariffs: TariffRow[] = [
      {
        sequence: 1,
        htsNumber: digitsOnly(spec.htsNumber ?? '8471300100'),
        tariffClass: 'HTS_CHAPTER_1_97',
        rateText: rateText(mfn),
        dutyCents: dutyFor(valueCents, mfn),
      },
    ];
    for (const ch99 of spec.chapter99 ?? defaultChapter99(entryDate)) {
      tariffs.push(chapter99Row(ch99, tariffs.length + 1, valueCents, entryDate));
    }
    for (const tariff of tariffs) {
      totalDutyCents += tariff.dutyCents;
      if (tariff.tariffClass === 'IEEPA') ieepaDutyCents += tariff.dutyCents;
    }
    return {
      lineNumber: index + 1,
      countryOfOrigin: spec.countryOfOrigin ?? 'CN',
      enteredValueCents: valueCents,
      tariffs: { create: tariffs },
    };
  });

  const liquidationDate = overrides.liquidationDate ?? null;
  const entrySummary = await prisma.entrySummary.create({
    data: {
      entryNumber,
      entryType: overrides.entryType ?? '01',
      filerCode,
      filerOrganizationId: filer.organizationId,
      importerPartyId,
      importerOrganizationId: importer.organizationId,
      notifyPartyId: overrides.notifyPartyId ?? null,
      portCode: overrides.portCode ?? '2704',
      entryDate: dateOnly(entryDate),
      depositDate: dateOnly(overrides.depositDate ?? entryDate),
      summaryStatus: overrides.summaryStatus ?? 'ACCEPTED',
      inAce: overrides.inAce ?? true,
      liquidationStatus:
        overrides.liquidationStatus ?? (liquidationDate === null ? 'UNLIQUIDATED' : 'LIQUIDATED'),
      liquidationDate: liquidationDate === null ? null : dateOnly(liquidationDate),
      reconciliationFlagged: overrides.reconciliationFlagged ?? false,
      reconciliationEntryFiled: overrides.reconciliationEntryFiled ?? false,
      drawbackDesignated: overrides.drawbackDesignated ?? false,
      openProtest: overrides.openProtest ?? false,
      adcvdPendingLiquidation1504d: overrides.adcvdPendingLiquidation1504d ?? false,
      ieepaDutyPaidBySurety: overrides.ieepaDutyPaidBySurety ?? false,
      currentVersion: 1,
      totalDutyCents,
      ieepaDutyCents,
      versions: {
        create: { versionNumber: 1, reason: 'ORIGINAL', totalDutyCents, lines: { create: lines } },
      },
    },
  });
  const createdLines = await prisma.entryLine.findMany({
    where: { entrySummaryId: entrySummary.id, versionNumber: 1 },
    include: { tariffs: { orderBy: { sequence: 'asc' } } },
    orderBy: { lineNumber: 'asc' },
  });
  return { entrySummary, entryNumber, lines: createdLines, totalDutyCents, ieepaDutyCents };
}
