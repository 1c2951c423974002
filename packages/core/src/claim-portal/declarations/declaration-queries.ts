// Reading declarations and their entry results: the account's own only (row-level security), newest first,
// in pages. Entry results carry CBP's message, our ERROR_DESCRIPTION and the fix for each reason code.
import { withTenant } from '@cape/db';
import {
  ELIGIBILITY_REASONS,
  type EligibilityReasonCode,
  formatEntryNumber,
  parseClaimNumber,
} from '@cape/domain';
import { requireTenantActor } from '../../authorization.ts';
import { type ServiceContext, tenantOfActor } from '../../context.ts';
import { NotAllowedError } from '../../errors.ts';
import {
  DECLARATION_SELECT,
  type DeclarationStatus,
  type DeclarationView,
  declarationView,
} from './declaration-records.ts';
import type { EntryOutcome, EntryReasonView } from './evaluate-entries.ts';

export const MAX_DECLARATION_PAGE = 100;
export const MAX_ENTRY_PAGE = 1_000;

function pageSize(requested: number | undefined, max: number, fallback: number): number {
  const size = requested ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new NotAllowedError(`A page holds 1 to ${max} items.`);
  }
  return size;
}

export async function getDeclaration(context: ServiceContext, id: string): Promise<DeclarationView | null> {
  const actor = requireTenantActor(context.actor, 'declaration:read');
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const row = await withTenant(context.db, tenantOfActor(actor), (tx) =>
    tx.capeDeclaration.findUnique({ where: { id }, select: DECLARATION_SELECT }),
  );
  return row === null ? null : declarationView(row);
}

/** A claim number as typed (check digit verified first: a mistyped number says so instead of "not found"). */
export async function getDeclarationByClaimNumber(
  context: ServiceContext,
  claimNumber: string,
): Promise<DeclarationView | null> {
  const actor = requireTenantActor(context.actor, 'declaration:read');
  const parsed = parseClaimNumber(claimNumber);
  if (!parsed.ok) throw new NotAllowedError(parsed.error.message);
  const row = await withTenant(context.db, tenantOfActor(actor), (tx) =>
    tx.capeDeclaration.findUnique({ where: { claimNumber: parsed.value }, select: DECLARATION_SELECT }),
  );
  return row === null ? null : declarationView(row);
}

export interface DeclarationListOptions {
  /** Only these statuses. */
  statuses?: DeclarationStatus[];
  /** The id of the last declaration of the previous page. */
  after?: string | null;
  first?: number;
}

export async function listDeclarations(
  context: ServiceContext,
  options: DeclarationListOptions = {},
): Promise<DeclarationView[]> {
  const actor = requireTenantActor(context.actor, 'declaration:read');
  const take = pageSize(options.first, MAX_DECLARATION_PAGE, 20);
  const rows = await withTenant(context.db, tenantOfActor(actor), (tx) =>
    tx.capeDeclaration.findMany({
      where: {
        organizationId: actor.organizationId,
        ...(options.statuses === undefined ? {} : { status: { in: options.statuses } }),
      },
      orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
      take,
      ...(options.after == null ? {} : { cursor: { id: options.after }, skip: 1 }),
      select: DECLARATION_SELECT,
    }),
  );
  return rows.map(declarationView);
}

/** One row of a declaration's results. */
export interface DeclarationEntryView {
  row: number;
  rawValue: string;
  entryNumber: string | null;
  /** XXX-NNNNNNN-C. */
  formattedEntryNumber: string | null;
  outcome: EntryOutcome;
  reasons: EntryReasonView[];
  ieepaPrincipalCents: bigint | null;
  ruleSetVersion: string;
}

export interface EntryListOptions {
  outcome?: EntryOutcome;
  /** The row number of the last entry of the previous page. */
  afterRow?: number | null;
  first?: number;
}

export function reasonViews(codes: readonly string[], details: readonly string[]): EntryReasonView[] {
  return codes.map((code, i) => {
    const info = ELIGIBILITY_REASONS[code as EligibilityReasonCode];
    return {
      code: code as EligibilityReasonCode,
      detail: details[i] ?? '',
      cbpMessage: info.cbpMessage,
      errorDescription: info.errorDescription,
      fix: info.fix,
    };
  });
}

/** Entry results in row order; null when the declaration is not the account's (or does not exist). */
export async function listDeclarationEntries(
  context: ServiceContext,
  declarationId: string,
  options: EntryListOptions = {},
): Promise<DeclarationEntryView[] | null> {
  const actor = requireTenantActor(context.actor, 'declaration:read');
  const take = pageSize(options.first, MAX_ENTRY_PAGE, 100);
  if (!/^[0-9a-f-]{36}$/i.test(declarationId)) return null;
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const declaration = await tx.capeDeclaration.findUnique({
      where: { id: declarationId },
      select: { id: true },
    });
    if (declaration === null) return null;
    const rows = await tx.declarationEntry.findMany({
      where: {
        declarationId,
        ...(options.outcome === undefined ? {} : { outcome: options.outcome }),
        ...(options.afterRow == null ? {} : { rowNumber: { gt: options.afterRow } }),
      },
      orderBy: { rowNumber: 'asc' },
      take,
    });
    return rows.map((r) => ({
      row: r.rowNumber,
      rawValue: r.rawValue,
      entryNumber: r.entryNumber,
      formattedEntryNumber: r.entryNumber === null ? null : formatEntryNumber(r.entryNumber),
      outcome: r.outcome,
      reasons: reasonViews(r.reasonCodes, r.reasonDetails),
      ieepaPrincipalCents: r.ieepaPrincipalCents,
      ruleSetVersion: r.ruleSetVersion,
    }));
  });
}
