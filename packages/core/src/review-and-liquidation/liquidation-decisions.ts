// What (re)liquidating an entry decides, per entry, with the domain's rules: the interest from deposit to the
// (re)liquidation date (one exact factor per deposit date, end date and corporate flag, applied to each
// principal) and the refund recipient (chooseRefundRecipient over the importer's Form 4811 designations and
// the notify parties' ACH enrollments). Used by the liquidation stage and by mass processing when an entry's
// date has already come (a cycle catching up).
import {
  applyInterestFactor,
  chooseRefundRecipient,
  compareIsoDates,
  type Form4811DesignationFacts,
  type InterestFactor,
  type IsoDate,
  interestFactor,
} from '@cape/domain';
import { businessDateOf } from '../business-clock.ts';
import type { SqlClient } from '../processing-cycle/sql.ts';

export interface LiquidatingEntry {
  principalCents: bigint;
  depositDate: IsoDate;
  liquidationDate: IsoDate;
  corporate: boolean;
  iorPartyId: string;
  iorNumber: string;
  notifyNumber: string | null;
}

/** The columns both stages read for an entry being liquidated (named as in their SQL). */
export interface LiquidationFactsRow {
  deposit_date: IsoDate;
  corporate: boolean;
  ior_party_id: string;
  ior_number: string;
  notify_number: string | null;
}

export function liquidatingEntry(
  row: LiquidationFactsRow,
  principalCents: bigint,
  liquidationDate: IsoDate,
): LiquidatingEntry {
  return {
    principalCents,
    depositDate: row.deposit_date,
    liquidationDate,
    corporate: row.corporate,
    iorPartyId: row.ior_party_id,
    iorNumber: row.ior_number,
    notifyNumber: row.notify_number,
  };
}

export type LiquidationDecision =
  | {
      ok: true;
      interestCents: bigint;
      interestDays: number;
      recipientPartyId: string;
      recipientReason: string;
    }
  | { ok: false; flag: 'INTEREST_PERIOD_INVALID' };

interface DesignationRow {
  id: string;
  importer_party_id: string;
  importer_number: string;
  notify_party_id: string;
  notify_number: string;
  covers_refunds: boolean;
  status: Form4811DesignationFacts['status'];
  effective_from: IsoDate;
  effective_until: IsoDate | null;
}

interface EnrollmentRow {
  party_number: string;
  status: 'PENDING' | 'ACTIVE' | 'REVOKED';
  enrolled_at: Date | null;
}

/** The Form 4811 facts of some importers: their designations and the designated parties' enrollments. */
export class RecipientFacts {
  private constructor(
    private readonly designationsByImporter: ReadonlyMap<string, Form4811DesignationFacts[]>,
    private readonly partyIdByNumber: ReadonlyMap<string, string>,
    private readonly enrollments: ReturnType<typeof enrollmentFacts>,
  ) {}

  static async load(client: SqlClient, importerPartyIds: readonly string[]): Promise<RecipientFacts> {
    const designations = (
      await client.query<DesignationRow>(
        `SELECT d.id, d.importer_party_id, ip.party_number AS importer_number, d.notify_party_id,
                np.party_number AS notify_number, d.covers_refunds, d.status,
                to_char(d.effective_from, 'YYYY-MM-DD') AS effective_from,
                to_char(d.effective_until, 'YYYY-MM-DD') AS effective_until
           FROM form_4811_designations d
           JOIN parties ip ON ip.id = d.importer_party_id
           JOIN parties np ON np.id = d.notify_party_id
          WHERE d.importer_party_id = ANY ($1::uuid[])
          ORDER BY d.id`,
        [[...new Set(importerPartyIds)]],
      )
    ).rows;
    const notifyIds = [...new Set(designations.map((d) => d.notify_party_id))];
    const enrollments =
      notifyIds.length === 0
        ? []
        : (
            await client.query<EnrollmentRow>(
              `SELECT p.party_number, e.status, e.enrolled_at
                 FROM ach_refund_enrollments e JOIN parties p ON p.id = e.party_id
                WHERE e.party_id = ANY ($1::uuid[])`,
              [notifyIds],
            )
          ).rows;
    const byImporter = new Map<string, Form4811DesignationFacts[]>();
    const partyIdByNumber = new Map<string, string>();
    for (const d of designations) {
      partyIdByNumber.set(d.notify_number, d.notify_party_id);
      const list = byImporter.get(d.importer_party_id) ?? [];
      list.push({
        id: d.id,
        importerNumber: d.importer_number,
        notifyPartyNumber: d.notify_number,
        coversRefunds: d.covers_refunds,
        status: d.status,
        effectiveFrom: d.effective_from,
        effectiveUntil: d.effective_until,
      });
      byImporter.set(d.importer_party_id, list);
    }
    return new RecipientFacts(byImporter, partyIdByNumber, enrollmentFacts(enrollments));
  }

  /** The recipient's party id and the domain's reason code. */
  recipientOf(entry: LiquidatingEntry): { partyId: string; reason: string } {
    const decision = chooseRefundRecipient({
      iorNumber: entry.iorNumber,
      notifyPartyNumberOnEntry: entry.notifyNumber,
      liquidationDate: entry.liquidationDate,
      designations: this.designationsByImporter.get(entry.iorPartyId) ?? [],
      achRefundEnrollments: this.enrollments,
    });
    if (decision.recipient === 'IMPORTER_OF_RECORD')
      return { partyId: entry.iorPartyId, reason: decision.reason };
    const partyId = this.partyIdByNumber.get(decision.partyNumber);
    if (partyId === undefined) throw new Error(`Notify party ${decision.partyNumber} is not a known party`);
    return { partyId, reason: decision.reason };
  }
}

function enrollmentFacts(rows: readonly EnrollmentRow[]) {
  return rows.map((row) => ({
    partyNumber: row.party_number,
    status: row.status,
    // The enrollment's first active day, as a business date (Eastern time).
    activeFrom: row.status === 'ACTIVE' && row.enrolled_at ? businessDateOf(row.enrolled_at) : null,
  }));
}

const factors = new Map<string, InterestFactor>();
const FACTOR_CACHE_LIMIT = 50_000;

/** The exact interest factor of a period, computed once per (deposit, end, corporate). */
function factorFor(depositDate: IsoDate, endDate: IsoDate, corporate: boolean): InterestFactor {
  const key = `${depositDate}|${endDate}|${corporate ? 'C' : 'N'}`;
  let factor = factors.get(key);
  if (factor === undefined) {
    if (factors.size >= FACTOR_CACHE_LIMIT) factors.clear();
    factor = interestFactor({ depositDate, endDate, corporate });
    factors.set(key, factor);
  }
  return factor;
}

export function decideLiquidation(entry: LiquidatingEntry, facts: RecipientFacts): LiquidationDecision {
  if (compareIsoDates(entry.liquidationDate, entry.depositDate) < 0)
    return { ok: false, flag: 'INTEREST_PERIOD_INVALID' };
  const factor = factorFor(entry.depositDate, entry.liquidationDate, entry.corporate);
  const recipient = facts.recipientOf(entry);
  return {
    ok: true,
    interestCents: applyInterestFactor(entry.principalCents, factor),
    interestDays: factor.days,
    recipientPartyId: recipient.partyId,
    recipientReason: recipient.reason,
  };
}

/** Decisions as the parallel arrays the set-based statements take (null where none was made or it failed). */
export function decisionArrays(decisions: readonly (LiquidationDecision | null)[]) {
  return {
    interest: decisions.map((d) => (d?.ok ? d.interestCents.toString() : null)),
    days: decisions.map((d) => (d?.ok ? d.interestDays : null)),
    recipient: decisions.map((d) => (d?.ok ? d.recipientPartyId : null)),
    reason: decisions.map((d) => (d?.ok ? d.recipientReason : null)),
    flag: decisions.map((d) => (d && !d.ok ? d.flag : null)),
  };
}
