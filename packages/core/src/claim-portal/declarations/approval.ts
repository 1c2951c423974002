// The two-person rule, an organization's setting: a declaration its staff prepare is filed only when an admin
// (another person) approves it. Approval files it then, on that day's rules: the entries are validated
// again (the preparation may be days old), the admin's certification and request are recorded beside the
// preparer's, and the declaration gets its claim number. A declined declaration is never filed.
import { type TenantTransaction, withTenant } from '@cape/db';
import { ruleSetForFilingDate } from '@cape/domain';
import { recordAudit } from '../../audit.ts';
import { requireTenantActor } from '../../authorization.ts';
import { type ApiTokenActor, type ServiceContext, tenantOfActor, type UserActor } from '../../context.ts';
import { NotAllowedError } from '../../errors.ts';
import type { DeclarationFileRow } from './declaration-file.ts';
import {
  DECLARATION_SELECT,
  type DeclarationView,
  dateColumn,
  declarationView,
} from './declaration-records.ts';
import type { EvaluatedEntry } from './evaluate-entries.ts';
import {
  type Attestation,
  checkAttestation,
  completeFiling,
  filingAuditDetails,
  withDeadlockRetry,
} from './file-declaration.ts';
import { loadFilerScope, validateEntries } from './validate-declaration.ts';

/** Turns the two-person rule on or off for the admin's organization. */
export async function setDeclarationApprovalRule(
  context: ServiceContext,
  required: boolean,
): Promise<boolean> {
  const actor = requireTenantActor(context.actor, 'declaration:approve');
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const updated = await tx.organization.update({
      where: { id: actor.organizationId },
      data: { declarationsNeedApproval: required },
      select: { declarationsNeedApproval: true },
    });
    await recordAudit(tx, actor, {
      action: 'organization.declaration_approval_rule_set',
      subjectType: 'organization',
      subjectId: actor.organizationId,
      details: { required },
    });
    return updated.declarationsNeedApproval;
  });
}

/** Locks a declaration awaiting approval (so two admins cannot both decide it) and checks who decides. */
async function lockForDecision(
  tx: TenantTransaction,
  actor: UserActor | ApiTokenActor,
  declarationId: string,
): Promise<DeclarationView> {
  if (!/^[0-9a-f-]{36}$/i.test(declarationId)) throw new NotAllowedError('No such declaration.');
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM cape_declarations WHERE id = ${declarationId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new NotAllowedError('No such declaration.');
  const row = await tx.capeDeclaration.findUniqueOrThrow({
    where: { id: declarationId },
    select: DECLARATION_SELECT,
  });
  const declaration = declarationView(row);
  if (declaration.status !== 'AWAITING_APPROVAL') {
    throw new NotAllowedError(
      `The declaration is ${declaration.status.toLowerCase().replaceAll('_', ' ')}, not awaiting approval.`,
    );
  }
  if (declaration.submittedByUserId === actor.userId) {
    throw new NotAllowedError('The two-person rule: another admin must approve a declaration you prepared.');
  }
  return declaration;
}

export interface ApprovalResult {
  declaration: DeclarationView;
  entries: EvaluatedEntry[] | null;
}

export async function approveDeclaration(
  context: ServiceContext,
  declarationId: string,
  attestation: Attestation,
): Promise<ApprovalResult> {
  const actor = requireTenantActor(context.actor, 'declaration:approve');
  checkAttestation(attestation);
  const filingDate = await context.clock.today();
  const decidedAt = context.clock.now();
  return await withDeadlockRetry(() =>
    withTenant(
      context.db,
      tenantOfActor(actor),
      async (tx) => {
        const declaration = await lockForDecision(tx, actor, declarationId);
        const rows = (
          await tx.capeDeclaration.findUniqueOrThrow({
            where: { id: declarationId },
            select: { preparedRows: true },
          })
        ).preparedRows as unknown as DeclarationFileRow[];
        const decision = {
          decidedByUserId: actor.userId,
          decidedAt,
          decisionClientAddress: attestation.clientAddress ?? null,
          decisionUserAgent: attestation.userAgent ?? null,
          filingDate: dateColumn(filingDate),
          ruleSetVersion: ruleSetForFilingDate(filingDate).version,
        };
        const scope = await loadFilerScope(tx, actor);
        const validation = await validateEntries(tx, scope, rows, filingDate);
        if (validation.notPermitted !== null) {
          // Something changed since preparation (a filer code moved): the file now fails, and says why.
          const failed = await tx.capeDeclaration.update({
            where: { id: declarationId },
            data: {
              ...decision,
              status: 'FAILED_INITIAL_VALIDATION',
              fileErrors: [validation.notPermitted] as object[],
            },
            select: DECLARATION_SELECT,
          });
          await recordAudit(tx, actor, {
            action: 'declaration.refused',
            subjectType: 'cape_declaration',
            subjectId: declarationId,
            details: { status: 'FAILED_INITIAL_VALIDATION', on: 'approval' },
          });
          return { declaration: declarationView(failed), entries: null };
        }
        const filed = await completeFiling(
          tx,
          declarationId,
          actor.organizationId,
          validation.entries,
          decision,
        );
        await recordAudit(tx, actor, {
          action: 'declaration.approved',
          subjectType: 'cape_declaration',
          subjectId: declarationId,
          details: {
            preparedBy: declaration.submittedByUserId,
            certificationVersion: attestation.certificationVersion,
          },
        });
        await recordAudit(tx, actor, {
          action: 'declaration.filed',
          subjectType: 'cape_declaration',
          subjectId: declarationId,
          details: filingAuditDetails(filed.declaration, attestation),
        });
        return filed;
      },
      { timeoutMs: 60_000 },
    ),
  );
}

export async function declineDeclaration(
  context: ServiceContext,
  declarationId: string,
  note: string,
): Promise<DeclarationView> {
  const actor = requireTenantActor(context.actor, 'declaration:approve');
  const reason = note.trim();
  if (reason.length === 0 || reason.length > 2000) {
    throw new NotAllowedError('Say why the declaration is declined (up to 2,000 characters).');
  }
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    await lockForDecision(tx, actor, declarationId);
    const row = await tx.capeDeclaration.update({
      where: { id: declarationId },
      data: {
        status: 'APPROVAL_DECLINED',
        decidedByUserId: actor.userId,
        decidedAt: context.clock.now(),
        decisionNote: reason,
      },
      select: DECLARATION_SELECT,
    });
    await recordAudit(tx, actor, {
      action: 'declaration.declined',
      subjectType: 'cape_declaration',
      subjectId: declarationId,
      details: { note: reason },
    });
    return declarationView(row);
  });
}
