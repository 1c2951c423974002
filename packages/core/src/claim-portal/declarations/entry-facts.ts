// Stage 2's one read: every listed entry's facts in ONE set-based statement, run as the filing tenant (row-level
// security applies), so validation costs the same for 1 entry or 9,999. The rules themselves stay in
// @cape/domain: this module only maps rows to the shape evaluatePhase1Eligibility reads.
import type { TenantTransaction } from '@cape/db';
import {
  type EntryForEligibility,
  type EntryLine,
  type EntrySummaryStatus,
  IEEPA_COLLECTION_PERIOD,
  type IsoDate,
  isInIeepaCollectionPeriod,
  type LiquidationStatus,
} from '@cape/domain';

export interface ListedEntry {
  row: number;
  entryNumber: string;
}

/** What the database knows about one listed entry (null fields when no entry summary has the number). */
export interface EntryFacts {
  row: number;
  entryNumber: string;
  /** null: no entry summary with this number is visible to the filer. */
  entrySummaryId: bigint | null;
  entry: EntryForEligibility | null;
  /** The IOR party's own account, for "may this importer account list it". */
  importerOrganizationId: string | null;
  importerCorporate: boolean;
  depositDate: IsoDate | null;
  notifyPartyId: string | null;
  portCode: string | null;
  /** The refundable IEEPA total ingestion keeps per entry (by the rules' findRefundableIeepaTariffs). */
  ieepaDutyCents: bigint | null;
  /**
   * Whether `entry.lines` holds the entry's IEEPA (and malformed) tariffs. They are left out when the stored
   * refundable total is above zero for an entry dated in the IEEPA collection period: the entry then has a
   * refundable IEEPA line and no line rule can reject it.
   */
  tariffsLoaded: boolean;
  /** The accepted declaration that already holds the entry, if any (any tenant's). */
  acceptedOnClaimNumber: string | null;
}

// The facts come back as ONE text per entry ("|"-separated, in FIELDS order; an empty field is NULL) rather than
// 25 typed columns: converting a quarter of a million typed values per 9,999-entry filing cost more than the
// query itself. Every field is an identifier, code, date, flag or number, none of which contains "|".
const FIELDS = [
  'entry_number',
  'id',
  'entry_type',
  'entry_date',
  'deposit_date',
  'filer_code',
  'ior_number',
  'importer_organization_id',
  'ior_corporate',
  'summary_status',
  'in_ace',
  'liquidation_status',
  'liquidation_date',
  'reconciliation_flagged',
  'reconciliation_entry_filed',
  'drawback_designated',
  'open_protest',
  'adcvd_pending_liquidation_1504d',
  'ieepa_duty_paid_by_surety',
  'ieepa_duty_cents',
  'notify_party_id',
  'port_code',
  'accepted_claim_number',
  'tariffs',
] as const;
type Field = (typeof FIELDS)[number];
const POSITION = Object.fromEntries(FIELDS.map((name, i) => [name, i])) as Record<Field, number>;

// One call of the definer function app_declaration_entry_facts (see its migration): visibility is checked once
// per entry; the IOR party, the accepted declaration holding the entry (any tenant's) and, where they can
// change the outcome, the tariffs the rules need ("line:hts:duty;..."). Entries the filer cannot see (or that
// do not exist) are simply absent.
const FACTS_SQL = `
SELECT format('${FIELDS.map(() => '%s').join('|')}', ${FIELDS.map((name) => `f.${name}`).join(', ')}) AS facts
FROM app_declaration_entry_facts($1::bpchar[], $2::date, $3::date) f`;

/** "1:99030125:12345;2:99030101:500" -> lines with their tariffs (line order kept). */
export function decodeTariffs(encoded: string | null): EntryLine[] {
  if (encoded === null || encoded === '') return [];
  const lines = new Map<number, EntryLine>();
  for (const part of encoded.split(';')) {
    const [line, htsNumber, duty] = part.split(':') as [string, string, string];
    const lineNumber = Number(line);
    let entryLine = lines.get(lineNumber);
    if (entryLine === undefined) {
      // Country and value do not enter the eligibility rules; the line is identified by its number.
      entryLine = { lineNumber, countryOfOrigin: '', enteredValueCents: 0n, tariffs: [] };
      lines.set(lineNumber, entryLine);
    }
    entryLine.tariffs.push({ htsNumber, dutyCents: BigInt(duty) });
  }
  return [...lines.values()];
}

function unseen(listed: ListedEntry): EntryFacts {
  return {
    row: listed.row,
    entryNumber: listed.entryNumber,
    entrySummaryId: null,
    entry: null,
    importerOrganizationId: null,
    importerCorporate: false,
    depositDate: null,
    notifyPartyId: null,
    portCode: null,
    ieepaDutyCents: null,
    tariffsLoaded: false,
    acceptedOnClaimNumber: null,
  };
}

function decodeFacts(listed: ListedEntry, packed: readonly string[]): EntryFacts {
  const field = (name: Field): string | null => {
    const value = packed[POSITION[name]]!;
    return value === '' ? null : value;
  };
  const flag = (name: Field) => field(name) === 't';
  const entryDate = field('entry_date')!;
  const ieepaDutyCents = BigInt(field('ieepa_duty_cents')!);
  // The function leaves the tariffs out exactly when the entry has a refundable IEEPA total in the period.
  const hasRefundableTotal =
    ieepaDutyCents > 0n && isInIeepaCollectionPeriod(entryDate, IEEPA_COLLECTION_PERIOD);
  return {
    row: listed.row,
    entryNumber: listed.entryNumber,
    entrySummaryId: BigInt(field('id')!),
    importerOrganizationId: field('importer_organization_id'),
    importerCorporate: flag('ior_corporate'),
    depositDate: field('deposit_date'),
    notifyPartyId: field('notify_party_id'),
    portCode: field('port_code'),
    ieepaDutyCents,
    tariffsLoaded: !hasRefundableTotal,
    acceptedOnClaimNumber: field('accepted_claim_number'),
    entry: {
      entryNumber: listed.entryNumber,
      entryType: field('entry_type')!,
      entryDate,
      filerCode: field('filer_code')!,
      // The IOR party is read by the definer function, so it is always there for a visible entry.
      iorNumber: field('ior_number')!,
      summaryStatus: field('summary_status') as EntrySummaryStatus,
      inAce: flag('in_ace'),
      liquidationStatus: field('liquidation_status') as LiquidationStatus,
      liquidationDate: field('liquidation_date'),
      reconciliationFlagged: flag('reconciliation_flagged'),
      reconciliationEntryFiled: flag('reconciliation_entry_filed'),
      drawbackDesignated: flag('drawback_designated'),
      openProtest: flag('open_protest'),
      adcvdPendingLiquidation1504d: flag('adcvd_pending_liquidation_1504d'),
      ieepaDutyPaidBySurety: flag('ieepa_duty_paid_by_surety'),
      lines: decodeTariffs(field('tariffs')),
    },
  };
}

/** The facts of every listed entry (distinct entry numbers), in the order listed, in one statement. */
export async function loadEntryFacts(
  tx: TenantTransaction,
  listed: readonly ListedEntry[],
): Promise<EntryFacts[]> {
  if (listed.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<{ facts: string }[]>(
    FACTS_SQL,
    listed.map((l) => l.entryNumber),
    IEEPA_COLLECTION_PERIOD.ieepaCollectionStart,
    IEEPA_COLLECTION_PERIOD.ieepaCollectionEnd,
  );
  const byNumber = new Map<string, string[]>();
  for (const { facts } of rows) {
    const packed = facts.split('|');
    byNumber.set(packed[POSITION.entry_number]!, packed);
  }
  return listed.map((l) => {
    const packed = byNumber.get(l.entryNumber);
    return packed === undefined ? unseen(l) : decodeFacts(l, packed);
  });
}

/**
 * Which of these entry numbers exist at all, visible to the filer or not. Only an importer account needs it:
 * an entry of another importer is invisible to it, and must fail the file ("not yours"), not pass as "not in
 * ACE". The answer is a yes/no per number the caller already holds, nothing about the entry.
 */
export async function existingEntryNumbers(
  tx: TenantTransaction,
  entryNumbers: readonly string[],
): Promise<Set<string>> {
  if (entryNumbers.length === 0) return new Set();
  const rows = await tx.$queryRawUnsafe<{ entry_number: string }[]>(
    'SELECT entry_number FROM app_existing_entry_numbers($1::text[]) AS entry_number',
    [...entryNumbers],
  );
  return new Set(rows.map((r) => r.entry_number));
}
