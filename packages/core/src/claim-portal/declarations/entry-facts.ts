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

interface FactsRow {
  row_number: number;
  listed_entry_number: string;
  id: bigint | null;
  entry_type: string | null;
  entry_date: Date | null;
  deposit_date: Date | null;
  filer_code: string | null;
  ior_number: string | null;
  importer_organization_id: string | null;
  ior_corporate: boolean | null;
  summary_status: EntrySummaryStatus | null;
  in_ace: boolean | null;
  liquidation_status: LiquidationStatus | null;
  liquidation_date: Date | null;
  reconciliation_flagged: boolean | null;
  reconciliation_entry_filed: boolean | null;
  drawback_designated: boolean | null;
  open_protest: boolean | null;
  adcvd_pending_liquidation_1504d: boolean | null;
  ieepa_duty_paid_by_surety: boolean | null;
  ieepa_duty_cents: bigint | null;
  notify_party_id: string | null;
  port_code: string | null;
  accepted_claim_number: string | null;
  tariffs: string | null;
}

// One call of the definer function app_declaration_entry_facts (see its migration): visibility is checked once
// per entry, the IOR party, the accepted declaration holding the entry (any tenant's) and, for entries whose
// stored refundable IEEPA total is zero, the tariffs the rules need to say why ("line:hts:duty;..."; IEEPA
// numbers and numbers that are not 8 or 10 digits).
const FACTS_SQL = `
SELECT l.row_number, l.entry_number::text AS listed_entry_number, f.*
FROM unnest($1::int[], $2::bpchar[]) AS l(row_number, entry_number)
LEFT JOIN app_declaration_entry_facts($2::bpchar[], $3::date, $4::date) f ON f.entry_number = l.entry_number::text
ORDER BY l.row_number`;

function isoDate(value: Date | null): IsoDate | null {
  return value === null ? null : value.toISOString().slice(0, 10);
}

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

/** The condition under which the facts function leaves the tariffs out (see its migration). */
function hasRefundableTotal(row: FactsRow): boolean {
  return (
    row.ieepa_duty_cents! > 0n && isInIeepaCollectionPeriod(isoDate(row.entry_date)!, IEEPA_COLLECTION_PERIOD)
  );
}

function toFacts(row: FactsRow): EntryFacts {
  const base = {
    row: row.row_number,
    entryNumber: row.listed_entry_number,
    acceptedOnClaimNumber: row.accepted_claim_number,
  };
  if (row.id === null) {
    return {
      ...base,
      entrySummaryId: null,
      entry: null,
      importerOrganizationId: null,
      importerCorporate: false,
      depositDate: null,
      notifyPartyId: null,
      portCode: null,
      ieepaDutyCents: null,
      tariffsLoaded: false,
    };
  }
  return {
    ...base,
    entrySummaryId: row.id,
    importerOrganizationId: row.importer_organization_id,
    importerCorporate: row.ior_corporate === true,
    depositDate: isoDate(row.deposit_date),
    notifyPartyId: row.notify_party_id,
    portCode: row.port_code,
    ieepaDutyCents: row.ieepa_duty_cents,
    entry: {
      entryNumber: row.listed_entry_number,
      entryType: row.entry_type!,
      entryDate: isoDate(row.entry_date)!,
      filerCode: row.filer_code!,
      // The IOR party is visible to whoever may see the entry (parties policy); '' only if it is not.
      iorNumber: row.ior_number ?? '',
      summaryStatus: row.summary_status!,
      inAce: row.in_ace!,
      liquidationStatus: row.liquidation_status!,
      liquidationDate: isoDate(row.liquidation_date),
      reconciliationFlagged: row.reconciliation_flagged!,
      reconciliationEntryFiled: row.reconciliation_entry_filed!,
      drawbackDesignated: row.drawback_designated!,
      openProtest: row.open_protest!,
      adcvdPendingLiquidation1504d: row.adcvd_pending_liquidation_1504d!,
      ieepaDutyPaidBySurety: row.ieepa_duty_paid_by_surety!,
      lines: decodeTariffs(row.tariffs),
    },
    tariffsLoaded: !hasRefundableTotal(row),
  };
}

/** The facts of every listed entry, in row order, in one statement. */
export async function loadEntryFacts(
  tx: TenantTransaction,
  listed: readonly ListedEntry[],
): Promise<EntryFacts[]> {
  if (listed.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<FactsRow[]>(
    FACTS_SQL,
    listed.map((l) => l.row),
    listed.map((l) => l.entryNumber),
    IEEPA_COLLECTION_PERIOD.ieepaCollectionStart,
    IEEPA_COLLECTION_PERIOD.ieepaCollectionEnd,
  );
  return rows.map(toFacts);
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
