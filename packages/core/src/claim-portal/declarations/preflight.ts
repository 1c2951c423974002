// Preflight: the filing's validation as a dry run, nothing written and nothing locked (a read-only
// transaction), in the same shape as a filing's result, plus what CBP never shows before filing: each entry's
// refund principal, an interest estimate to its scheduled (re)liquidation, who will receive the refund and
// why, and for an entry CAPE refuses its other path (a protest and its deadline, a later phase, or none).
import { type TenantTransaction, withTenant } from '@cape/db';
import {
  type AchRefundEnrollmentFacts,
  chooseRefundRecipient,
  type Form4811DesignationFacts,
  type InterestFactor,
  type IsoDate,
  interestFactor,
  type OtherPath,
  otherPathFor,
  type RefundRecipientDecision,
  ruleSetForFilingDate,
  scheduleLiquidation,
} from '@cape/domain';
import { requireTenantActor } from '../../authorization.ts';
import { type ServiceContext, tenantOfActor } from '../../context.ts';
import { type FileProblem, inspectDeclarationFile } from './declaration-file.ts';
import { type DeclarationStatus, totalsOf } from './declaration-records.ts';
import type { EvaluatedEntry } from './evaluate-entries.ts';
import { needsApproval } from './file-declaration.ts';
import { loadFilerScope, validateEntries } from './validate-declaration.ts';

export interface RefundSchedule {
  action: 'LIQUIDATE' | 'RELIQUIDATE' | 'KEEP_STATUS' | 'NOT_SCHEDULABLE';
  /** The (re)liquidation date interest runs to; null while the entry keeps its status. */
  date: IsoDate | null;
  explanation: string;
}

export interface PreflightEntry extends Omit<EvaluatedEntry, 'facts'> {
  /** Accepted entries: when the refund's (re)liquidation is scheduled if filed today. */
  schedule: RefundSchedule | null;
  /** Accepted entries with a scheduled date: interest from the deposit date to that date (estimate). */
  interestEstimateCents: bigint | null;
  /** Accepted entries: who will receive the refund, and why. */
  recipient: RefundRecipientDecision | null;
  /** Rejected entries: what else the filer can do. */
  otherPath: OtherPath | null;
}

export interface Preflight {
  /** The status a filing of this file today would get (AWAITING_APPROVAL under the two-person rule). */
  status: Exclude<DeclarationStatus, 'APPROVAL_DECLINED'>;
  /** The status once filed (the two-person rule aside). */
  outcome: 'FAILED_INITIAL_VALIDATION' | 'ACCEPTED' | 'ACCEPTED_WITH_ERRORS' | 'REJECTED';
  filingDate: IsoDate;
  ruleSetVersion: string;
  fileSha256: string;
  fileSizeBytes: number;
  rowCount: number;
  fileProblems: FileProblem[];
  entries: PreflightEntry[];
  acceptedCount: number;
  rejectedCount: number;
  acceptedPrincipalCents: bigint;
  /** Sum of the entries' interest estimates (entries keeping their status have none yet). */
  interestEstimateCents: bigint;
}

interface RoutingRow {
  entry_summary_id: bigint;
  ior_number: string;
  notify_party_number: string | null;
  designations: {
    id: string;
    notifyPartyNumber: string;
    coversRefunds: boolean;
    status: Form4811DesignationFacts['status'];
    effectiveFrom: IsoDate;
    effectiveUntil: IsoDate | null;
    achStatus: AchRefundEnrollmentFacts['status'] | null;
    achActiveFrom: IsoDate | null;
  }[];
}

async function loadRouting(
  tx: TenantTransaction,
  entryIds: readonly bigint[],
): Promise<Map<string, RoutingRow>> {
  if (entryIds.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<RoutingRow[]>(
    'SELECT * FROM app_refund_routing_facts($1::bigint[])',
    entryIds.map(String),
  );
  return new Map(rows.map((row) => [row.entry_summary_id.toString(), row]));
}

function recipientOf(routing: RoutingRow, liquidationDate: IsoDate): RefundRecipientDecision {
  return chooseRefundRecipient({
    iorNumber: routing.ior_number,
    notifyPartyNumberOnEntry: routing.notify_party_number,
    liquidationDate,
    designations: routing.designations.map((d) => ({
      id: d.id,
      importerNumber: routing.ior_number,
      notifyPartyNumber: d.notifyPartyNumber,
      coversRefunds: d.coversRefunds,
      status: d.status,
      effectiveFrom: d.effectiveFrom,
      effectiveUntil: d.effectiveUntil,
    })),
    achRefundEnrollments: routing.designations
      .filter((d) => d.achStatus !== null)
      .map((d) => ({ partyNumber: d.notifyPartyNumber, status: d.achStatus!, activeFrom: d.achActiveFrom })),
  });
}

function scheduleOf(entry: EvaluatedEntry, filingDate: IsoDate): RefundSchedule {
  const e = entry.facts.entry!;
  const schedule = scheduleLiquidation({
    entryType: e.entryType,
    liquidationStatus: e.liquidationStatus,
    liquidationDate: e.liquidationDate,
    filingDate,
    acceptanceDate: filingDate,
  });
  switch (schedule.action) {
    case 'LIQUIDATE':
      return {
        action: 'LIQUIDATE',
        date: schedule.date,
        explanation: `Liquidates on ${schedule.date}: 45 days after acceptance, on a CAPE processing day.`,
      };
    case 'RELIQUIDATE':
      return {
        action: 'RELIQUIDATE',
        date: schedule.date,
        explanation: `Reliquidated on ${schedule.date}, the next processing day after acceptance (CBP's deadline ${schedule.deadline}).`,
      };
    case 'KEEP_STATUS':
      return {
        action: 'KEEP_STATUS',
        date: null,
        explanation: `The entry stays ${schedule.status.toLowerCase().replace('_', ' ')}: the refund and its interest are computed when it liquidates.`,
      };
    case 'NOT_SCHEDULABLE':
      return {
        action: 'NOT_SCHEDULABLE',
        date: null,
        explanation: `Cannot be scheduled: ${schedule.reason}.`,
      };
  }
}

/** Interest factors are shared by entries with the same deposit date, end date and rate class. */
function interestEstimator(): (
  principal: bigint,
  deposit: IsoDate,
  end: IsoDate,
  corporate: boolean,
) => bigint {
  const factors = new Map<string, InterestFactor>();
  return (principal, deposit, end, corporate) => {
    const key = `${deposit}|${end}|${corporate}`;
    let factor = factors.get(key);
    if (factor === undefined) {
      factor = interestFactor({ depositDate: deposit, endDate: end, corporate });
      factors.set(key, factor);
    }
    return factor.interestOn(principal);
  };
}

/** Validates a declaration file exactly as filing would, today, without writing or locking anything. */
export async function preflightDeclaration(
  context: ServiceContext,
  input: { content: Uint8Array },
): Promise<Preflight> {
  const actor = requireTenantActor(context.actor, 'declaration:file');
  const inspected = inspectDeclarationFile(input.content);
  const filingDate = await context.clock.today();
  const base = {
    filingDate,
    ruleSetVersion: ruleSetForFilingDate(filingDate).version,
    fileSha256: inspected.sha256,
    fileSizeBytes: inspected.sizeBytes,
    rowCount: inspected.entryRowCount,
  };
  const failed = (problems: FileProblem[]): Preflight => ({
    ...base,
    status: 'FAILED_INITIAL_VALIDATION',
    outcome: 'FAILED_INITIAL_VALIDATION',
    fileProblems: problems,
    entries: [],
    acceptedCount: 0,
    rejectedCount: 0,
    acceptedPrincipalCents: 0n,
    interestEstimateCents: 0n,
  });
  if (inspected.problems.length > 0) return failed(inspected.problems);

  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    await tx.$executeRaw`SET TRANSACTION READ ONLY`;
    const scope = await loadFilerScope(tx, actor);
    const validation = await validateEntries(tx, scope, inspected.rows, filingDate);
    if (validation.notPermitted !== null) return failed([validation.notPermitted]);
    const accepted = validation.entries.filter((e) => e.outcome === 'ACCEPTED');
    const routing = await loadRouting(
      tx,
      accepted.map((e) => e.entrySummaryId!),
    );
    const estimate = interestEstimator();
    let interestEstimateCents = 0n;
    const entries = validation.entries.map(({ facts, ...entry }): PreflightEntry => {
      if (entry.outcome === 'REJECTED') {
        return {
          ...entry,
          schedule: null,
          interestEstimateCents: null,
          recipient: null,
          otherPath:
            facts.entry === null
              ? {
                  kind: 'NONE',
                  explanation: 'No entry summary with this number is in ACE: check the number.',
                }
              : otherPathFor(
                  facts.entry,
                  entry.reasons.map((r) => r.code),
                  filingDate,
                ),
        };
      }
      const schedule = scheduleOf({ ...entry, facts }, filingDate);
      const interest =
        schedule.date === null
          ? null
          : estimate(entry.ieepaPrincipalCents!, facts.depositDate!, schedule.date, facts.importerCorporate);
      interestEstimateCents += interest ?? 0n;
      const route = routing.get(entry.entrySummaryId!.toString());
      return {
        ...entry,
        schedule,
        interestEstimateCents: interest,
        // Routing is decided on the (re)liquidation date; for an entry keeping its status, as of today.
        recipient: route === undefined ? null : recipientOf(route, schedule.date ?? filingDate),
        otherPath: null,
      };
    });
    const totals = totalsOf(validation.entries);
    return {
      ...base,
      status: needsApproval(actor, scope) ? 'AWAITING_APPROVAL' : totals.status,
      outcome: totals.status,
      fileProblems: [],
      entries,
      acceptedCount: totals.acceptedCount,
      rejectedCount: totals.rejectedCount,
      acceptedPrincipalCents: totals.acceptedPrincipalCents,
      interestEstimateCents,
    };
  });
}
