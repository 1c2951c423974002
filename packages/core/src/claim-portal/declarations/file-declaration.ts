// Filing a CAPE declaration (docs/domain.md 4): the uploaded CSV passes the file level or the whole declaration
// fails (recorded, no claim number); then every entry is judged in one set-based pass, the declaration gets its
// claim number and its entries are recorded with one statement. Exactly once per entry (a database
// constraint), exactly once per request (idempotency key, or the same file from the same account within 24
// hours), certified and audited. Under the two-person rule staff only prepare; an admin files (approval.ts).
import { type Prisma, type TenantTransaction, withTenant } from '@cape/db';
import type { IsoDate } from '@cape/domain';
import { ELIGIBILITY_REASONS, ruleSetForFilingDate } from '@cape/domain';
import { recordAudit } from '../../audit.ts';
import { requireTenantActor } from '../../authorization.ts';
import { type ApiTokenActor, type ServiceContext, tenantOfActor, type UserActor } from '../../context.ts';
import { NotAllowedError } from '../../errors.ts';
import { CURRENT_CERTIFICATION } from './certification.ts';
import {
  type DeclarationFileRow,
  type FileProblem,
  type InspectedDeclarationFile,
  inspectDeclarationFile,
} from './declaration-file.ts';
import {
  DECLARATION_SELECT,
  type DeclarationView,
  dateColumn,
  declarationView,
  nextClaimNumber,
  recordDeclarationEntries,
  totalsOf,
} from './declaration-records.ts';
import { alreadyOnDeclarationDetail, type EvaluatedEntry } from './evaluate-entries.ts';
import { type FilerScope, loadFilerScope, validateEntries } from './validate-declaration.ts';

/** The same file from the same account within this window is the same request (a browser retry). */
export const SAME_FILE_WINDOW_HOURS = 24;
const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
const MAX_FILE_NAME_LENGTH = 255;

export interface Attestation {
  /** The certification version the filer acknowledged: it must be the current one. */
  certificationVersion: string;
  clientAddress?: string | null;
  userAgent?: string | null;
}

export interface FileDeclarationInput extends Attestation {
  fileName: string;
  content: Uint8Array;
  /** The client's key for this request; a resend with the same key returns the first declaration. */
  idempotencyKey?: string | null;
  /** Rework: the declaration whose rejected entries this one files again. */
  reworkOfId?: string | null;
}

export interface FilingResult {
  declaration: DeclarationView;
  /** True when this request repeated an earlier one and the earlier declaration was returned. */
  replayed: boolean;
  /** The entries as recorded (null for a replay or a file-level failure). */
  entries: EvaluatedEntry[] | null;
}

export function checkAttestation(attestation: Attestation): void {
  if (attestation.certificationVersion !== CURRENT_CERTIFICATION.version) {
    throw new NotAllowedError(
      `The certification you acknowledged ("${attestation.certificationVersion}") is not the current one ("${CURRENT_CERTIFICATION.version}"). Read the current certification and acknowledge it.`,
    );
  }
}

function checkRequest(input: FileDeclarationInput): void {
  checkAttestation(input);
  const key = input.idempotencyKey;
  if (
    key != null &&
    (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || /[^\x21-\x7e]/.test(key))
  ) {
    throw new NotAllowedError(
      `An idempotency key is 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters (a UUID is a good choice).`,
    );
  }
  if (input.fileName.length === 0 || input.fileName.length > MAX_FILE_NAME_LENGTH) {
    throw new NotAllowedError(`A file name is 1 to ${MAX_FILE_NAME_LENGTH} characters.`);
  }
}

/** Serializes requests that could be the same one, so a double submit cannot file twice. */
async function lockRequest(tx: TenantTransaction, organizationId: string, discriminator: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`declaration:${organizationId}:${discriminator}`}, 0))`;
}

async function findEarlierRequest(
  tx: TenantTransaction,
  actor: UserActor | ApiTokenActor,
  input: FileDeclarationInput,
  sha256: string,
  now: Date,
): Promise<DeclarationView | null> {
  const key = input.idempotencyKey ?? null;
  await lockRequest(tx, actor.organizationId, key === null ? `sha256:${sha256}` : `key:${key}`);
  const since = new Date(now.getTime() - SAME_FILE_WINDOW_HOURS * 3_600_000);
  const earlier = await tx.capeDeclaration.findFirst({
    where:
      key === null
        ? {
            organizationId: actor.organizationId,
            fileSha256: sha256,
            submittedAt: { gte: since },
            // A file that failed validation files nothing: sending it again validates it again.
            status: { notIn: ['FAILED_INITIAL_VALIDATION', 'APPROVAL_DECLINED'] },
          }
        : { organizationId: actor.organizationId, idempotencyKey: key },
    orderBy: { submittedAt: 'asc' },
    select: DECLARATION_SELECT,
  });
  return earlier === null ? null : declarationView(earlier);
}

interface NewDeclaration {
  actor: UserActor | ApiTokenActor;
  input: FileDeclarationInput;
  inspected: InspectedDeclarationFile;
  filingDate: IsoDate;
  certifiedAt: Date;
}

function declarationData(n: NewDeclaration) {
  return {
    organizationId: n.actor.organizationId,
    submittedByUserId: n.actor.userId,
    apiTokenId: n.actor.kind === 'api-token' ? n.actor.tokenId : null,
    fileName: n.input.fileName,
    fileSha256: n.inspected.sha256,
    fileSizeBytes: n.inspected.sizeBytes,
    rowCount: n.inspected.entryRowCount,
    filingDate: dateColumn(n.filingDate),
    ruleSetVersion: ruleSetForFilingDate(n.filingDate).version,
    certificationVersion: n.input.certificationVersion,
    certifiedAt: n.certifiedAt,
    clientAddress: n.input.clientAddress ?? null,
    userAgent: n.input.userAgent ?? null,
    idempotencyKey: n.input.idempotencyKey ?? null,
    reworkOfId: n.input.reworkOfId ?? null,
  };
}

async function recordFailure(
  tx: TenantTransaction,
  n: NewDeclaration,
  problems: FileProblem[],
): Promise<FilingResult> {
  const row = await tx.capeDeclaration.create({
    data: {
      ...declarationData(n),
      status: 'FAILED_INITIAL_VALIDATION',
      fileErrors: problems as unknown as object[],
    },
    select: DECLARATION_SELECT,
  });
  await recordAudit(tx, n.actor, {
    action: 'declaration.refused',
    subjectType: 'cape_declaration',
    subjectId: row.id,
    details: {
      status: 'FAILED_INITIAL_VALIDATION',
      problems: problems.map((p) => ({ code: p.code, rowCount: p.rowCount })),
      fileSha256: n.inspected.sha256,
      certificationVersion: n.input.certificationVersion,
    },
  });
  return { declaration: declarationView(row), replayed: false, entries: null };
}

async function recordPrepared(
  tx: TenantTransaction,
  n: NewDeclaration,
  rows: readonly DeclarationFileRow[],
): Promise<FilingResult> {
  const row = await tx.capeDeclaration.create({
    data: {
      ...declarationData(n),
      status: 'AWAITING_APPROVAL',
      preparedRows: rows.map((r) => ({ row: r.row, rawValue: r.rawValue, entryNumber: r.entryNumber })),
    },
    select: DECLARATION_SELECT,
  });
  await recordAudit(tx, n.actor, {
    action: 'declaration.prepared',
    subjectType: 'cape_declaration',
    subjectId: row.id,
    details: {
      entries: rows.length,
      fileSha256: n.inspected.sha256,
      certificationVersion: n.input.certificationVersion,
    },
  });
  return { declaration: declarationView(row), replayed: false, entries: null };
}

export function alreadyDeclaredReason(claimNumber: string) {
  const info = ELIGIBILITY_REASONS.ALREADY_ON_ACCEPTED_DECLARATION;
  return {
    code: 'ALREADY_ON_ACCEPTED_DECLARATION' as const,
    detail: alreadyOnDeclarationDetail(claimNumber),
    cbpMessage: info.cbpMessage,
    errorDescription: info.errorDescription,
    fix: info.fix,
  };
}

/**
 * Records the entries of a declaration row in status RECEIVED or AWAITING_APPROVAL (created in this
 * transaction or prepared earlier), then gives it, in its one and only change, its claim number, outcome and
 * totals. From then on the database refuses any change to it or its entries.
 */
export async function completeFiling(
  tx: TenantTransaction,
  declarationId: string,
  organizationId: string,
  evaluated: readonly EvaluatedEntry[],
  extra: Prisma.CapeDeclarationUpdateInput = {},
): Promise<{ declaration: DeclarationView; entries: EvaluatedEntry[] }> {
  const entries = await recordDeclarationEntries(
    tx,
    declarationId,
    organizationId,
    evaluated,
    alreadyDeclaredReason,
  );
  const claimNumber = await nextClaimNumber(tx);
  const row = await tx.capeDeclaration.update({
    where: { id: declarationId },
    data: { ...extra, claimNumber, ...totalsOf(entries) },
    select: DECLARATION_SELECT,
  });
  return { declaration: declarationView(row), entries };
}

export function filingAuditDetails(
  declaration: DeclarationView,
  attestation: Attestation,
): Prisma.InputJsonObject {
  return {
    claimNumber: declaration.claimNumber,
    status: declaration.status,
    accepted: declaration.acceptedCount,
    rejected: declaration.rejectedCount,
    acceptedPrincipalCents: declaration.acceptedPrincipalCents.toString(),
    fileSha256: declaration.fileSha256,
    certificationVersion: attestation.certificationVersion,
    clientAddress: attestation.clientAddress ?? null,
  };
}

async function recordFiled(
  tx: TenantTransaction,
  n: NewDeclaration,
  evaluated: readonly EvaluatedEntry[],
): Promise<FilingResult> {
  const created = await tx.capeDeclaration.create({
    data: { ...declarationData(n), status: 'RECEIVED' },
    select: { id: true },
  });
  const { declaration, entries } = await completeFiling(tx, created.id, n.actor.organizationId, evaluated);
  await recordAudit(tx, n.actor, {
    action: 'declaration.filed',
    subjectType: 'cape_declaration',
    subjectId: declaration.id,
    details: filingAuditDetails(declaration, n.input),
  });
  return { declaration, replayed: false, entries };
}

/** Staff of an organization under the two-person rule prepare; admins (and their tokens) file. */
export function needsApproval(actor: UserActor | ApiTokenActor, scope: FilerScope): boolean {
  return scope.declarationsNeedApproval && !actor.permissions.has('declaration:approve');
}

function isDeadlock(error: unknown): boolean {
  const text =
    error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : '';
  return /40P01|deadlock detected/.test(text);
}

/** Runs a tenant transaction again when PostgreSQL chose it as a deadlock victim (nothing of it was kept). */
export async function withDeadlockRetry<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error;
    }
  }
}

export async function fileDeclaration(
  context: ServiceContext,
  input: FileDeclarationInput,
): Promise<FilingResult> {
  const actor = requireTenantActor(context.actor, 'declaration:file');
  checkRequest(input);
  // Reading the bytes needs no database: done before the transaction holds a connection.
  const inspected = inspectDeclarationFile(input.content);
  const filingDate = await context.clock.today();
  const certifiedAt = context.clock.now();
  const n: NewDeclaration = { actor, input, inspected, filingDate, certifiedAt };
  return await withDeadlockRetry(() =>
    withTenant(
      context.db,
      tenantOfActor(actor),
      async (tx) => {
        const earlier = await findEarlierRequest(tx, actor, input, inspected.sha256, certifiedAt);
        if (earlier !== null) {
          await recordAudit(tx, actor, {
            action: 'declaration.replayed',
            subjectType: 'cape_declaration',
            subjectId: earlier.id,
            details: { idempotencyKey: input.idempotencyKey ?? null, fileSha256: inspected.sha256 },
          });
          return { declaration: earlier, replayed: true, entries: null };
        }
        if (input.reworkOfId != null) {
          const original = await tx.capeDeclaration.findUnique({
            where: { id: input.reworkOfId },
            select: { id: true },
          });
          if (original === null) throw new NotAllowedError('The declaration to rework does not exist.');
        }
        if (inspected.problems.length > 0) return await recordFailure(tx, n, inspected.problems);
        const scope = await loadFilerScope(tx, actor);
        const validation = await validateEntries(tx, scope, inspected.rows, filingDate);
        if (validation.notPermitted !== null) return await recordFailure(tx, n, [validation.notPermitted]);
        if (needsApproval(actor, scope)) return await recordPrepared(tx, n, inspected.rows);
        return await recordFiled(tx, n, validation.entries);
      },
      { timeoutMs: 60_000 },
    ),
  );
}
