// CAPE declarations over GraphQL: file (a multipart File, with Yoga's CSRF protection), preflight, read the
// results, approve under the two-person rule, build and rework. The work is @cape/core's; these resolvers
// only translate. CSV downloads are plain HTTP (declaration-routes.ts).
import {
  approveDeclaration,
  type BuildFilters,
  type BuildResult,
  type BuiltFile,
  buildDeclarations,
  buildRework,
  CURRENT_CERTIFICATION,
  type DeclarationEntryView,
  type DeclarationView,
  declarationTemplate,
  declineDeclaration,
  type EntryReasonView,
  type EvaluatedEntry,
  FILE_PROBLEM_CODES,
  type FileProblem,
  type FileProblemRow,
  type FilingResult,
  ForbiddenError,
  fileBuiltDeclarations,
  fileDeclaration,
  fileRework,
  getDeclaration,
  getDeclarationByClaimNumber,
  listDeclarationEntries,
  listDeclarations,
  MAX_DECLARATION_PAGE,
  MAX_ENTRY_PAGE,
  NotAllowedError,
  type Preflight,
  type PreflightEntry,
  preflightDeclaration,
  type ReworkResult,
  setDeclarationApprovalRule,
} from '@cape/core';
import { ELIGIBILITY_REASON_CODES, LIQUIDATION_STATUSES } from '@cape/domain';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { type ApiContext, serviceContextOf } from '../context.ts';
import { parseArguments } from '../validation.ts';

const MUTATION_ERRORS = [ForbiddenError, NotAllowedError];

/** The declaration's CSV downloads (GET, same bearer token as GraphQL). */
export const DECLARATION_TEMPLATE_PATH = '/declarations/template.csv';
export function declarationResultsPath(id: string): string {
  return `/declarations/${id}/results.csv`;
}

const DeclarationStatusEnum = builder.enumType('DeclarationStatus', {
  values: {
    AWAITING_APPROVAL: {
      description: 'Prepared by staff under the two-person rule; not filed until an admin approves.',
    },
    APPROVAL_DECLINED: { description: 'An admin declined it; never filed.' },
    FAILED_INITIAL_VALIDATION: { description: 'The file failed file-level validation; nothing was filed.' },
    ACCEPTED: { description: 'Every entry was accepted.' },
    ACCEPTED_WITH_ERRORS: { description: 'Some entries were accepted, the others rejected (each says why).' },
    REJECTED: { description: 'No entry was accepted.' },
  } as const,
});
const EntryOutcomeEnum = builder.enumType('DeclarationEntryOutcome', {
  values: ['ACCEPTED', 'REJECTED'] as const,
});
const FileProblemCodeEnum = builder.enumType('DeclarationFileProblemCode', { values: FILE_PROBLEM_CODES });
const ReasonCodeEnum = builder.enumType('EntryReasonCode', { values: ELIGIBILITY_REASON_CODES });

const FileProblemRowRef = builder.objectRef<FileProblemRow>('DeclarationFileProblemRow').implement({
  fields: (t) => ({
    row: t.exposeInt('row', { description: 'Spreadsheet row number: the header is row 1.' }),
    value: t.exposeString('value', { description: 'The cell (or row) as uploaded.' }),
    detail: t.exposeString('detail'),
    suggestion: t.exposeString('suggestion', {
      nullable: true,
      description:
        'Lost leading zeros: the number with them restored (valid check digit). Never applied for you.',
    }),
  }),
});

const FileProblemRef = builder.objectRef<FileProblem>('DeclarationFileProblem').implement({
  description: 'A file-level problem: the whole declaration fails until it is fixed.',
  fields: (t) => ({
    code: t.field({ type: FileProblemCodeEnum, resolve: (p) => p.code }),
    message: t.exposeString('message', { description: 'What is wrong and how to fix it.' }),
    rows: t.field({
      type: [FileProblemRowRef],
      description: 'The rows concerned (at most 1,000).',
      resolve: (p) => p.rows,
    }),
    rowCount: t.exposeInt('rowCount', { description: 'How many rows the problem concerns.' }),
  }),
});

const EntryReasonRef = builder.objectRef<EntryReasonView>('EntryReason').implement({
  description: 'Why an entry was rejected, in CBP’s words where known, and what to do.',
  fields: (t) => ({
    code: t.field({ type: ReasonCodeEnum, resolve: (r) => r.code }),
    detail: t.exposeString('detail', { description: 'What applied to this entry.' }),
    cbpMessage: t.exposeString('cbpMessage', {
      nullable: true,
      description: 'CBP’s message, where its wording is known.',
    }),
    errorDescription: t.exposeString('errorDescription', {
      description: 'ERROR_DESCRIPTION of the Claim Details file.',
    }),
    fix: t.exposeString('fix'),
  }),
});

const DeclarationEntryRef = builder.objectRef<DeclarationEntryView>('DeclarationEntryResult').implement({
  description: 'One row of a filed declaration and its outcome.',
  fields: (t) => ({
    row: t.exposeInt('row'),
    rawValue: t.exposeString('rawValue', { description: 'The cell as uploaded.' }),
    entryNumber: t.exposeString('entryNumber', { nullable: true, description: 'Normalized, 11 characters.' }),
    formattedEntryNumber: t.exposeString('formattedEntryNumber', {
      nullable: true,
      description: 'XXX-NNNNNNN-C',
    }),
    outcome: t.field({ type: EntryOutcomeEnum, resolve: (e) => e.outcome }),
    reasons: t.field({ type: [EntryReasonRef], resolve: (e) => e.reasons }),
    ieepaPrincipalCents: t.expose('ieepaPrincipalCents', {
      type: 'Cents',
      nullable: true,
      description: 'Refundable IEEPA duty on the entry (what an accepted entry refunds, interest aside).',
    }),
    ruleSetVersion: t.exposeString('ruleSetVersion'),
  }),
});

const CapeDeclarationRef = builder.objectRef<DeclarationView>('CapeDeclaration').implement({
  description:
    'A CAPE declaration: an uploaded list of entry numbers and its outcome. Filed declarations never change; corrections go on a new one.',
  fields: (t) => ({
    id: t.exposeID('id'),
    claimNumber: t.exposeString('claimNumber', {
      nullable: true,
      description: '12 digits, the last a check digit; only for filed declarations.',
    }),
    status: t.field({ type: DeclarationStatusEnum, resolve: (d) => d.status }),
    fileName: t.exposeString('fileName'),
    fileSha256: t.exposeString('fileSha256'),
    fileSizeBytes: t.exposeInt('fileSizeBytes'),
    rowCount: t.exposeInt('rowCount', { description: 'Rows holding an entry number.' }),
    acceptedCount: t.exposeInt('acceptedCount'),
    rejectedCount: t.exposeInt('rejectedCount'),
    acceptedPrincipalCents: t.expose('acceptedPrincipalCents', { type: 'Cents' }),
    filingDate: t.field({ type: 'Date', resolve: (d) => new Date(`${d.filingDate}T00:00:00Z`) }),
    ruleSetVersion: t.exposeString('ruleSetVersion'),
    certificationVersion: t.exposeString('certificationVersion'),
    certifiedAt: t.expose('certifiedAt', { type: 'DateTime' }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
    submittedByUserId: t.exposeID('submittedByUserId'),
    apiTokenId: t.exposeID('apiTokenId', { nullable: true }),
    clientAddress: t.exposeString('clientAddress', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
    fileProblems: t.field({ type: [FileProblemRef], resolve: (d) => d.fileProblems }),
    decidedByUserId: t.exposeID('decidedByUserId', { nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    decisionNote: t.exposeString('decisionNote', { nullable: true }),
    reworkOfId: t.exposeID('reworkOfId', { nullable: true }),
    resultsDownloadPath: t.string({
      nullable: true,
      description: 'GET this path (with your bearer token) for the results as CSV.',
      resolve: (d) =>
        d.status === 'AWAITING_APPROVAL' || d.status === 'APPROVAL_DECLINED'
          ? null
          : declarationResultsPath(d.id),
    }),
    entries: t.field({
      type: [DeclarationEntryRef],
      description:
        'Entry results in row order, a page at a time (afterRow: the last row of the previous page).',
      args: {
        outcome: t.arg({ type: EntryOutcomeEnum, required: false }),
        afterRow: t.arg.int({ required: false }),
        first: t.arg.int({ required: false, description: `1 to ${MAX_ENTRY_PAGE}; default 100.` }),
      },
      resolve: async (d, args, context) => {
        const page = parseArguments(EntryPageSchema, args, 'args');
        return (
          (await listDeclarationEntries(serviceContextOf(context), d.id, {
            outcome: page.outcome ?? undefined,
            afterRow: page.afterRow,
            first: page.first ?? undefined,
          })) ?? []
        );
      },
    }),
  }),
});

const EntryPageSchema = z.object({
  outcome: z.enum(['ACCEPTED', 'REJECTED']).nullish(),
  afterRow: z.number().int().min(0).nullish(),
  first: z.number().int().min(1).max(MAX_ENTRY_PAGE).nullish(),
});

const CertificationRef = builder
  .objectRef<{ version: string; text: string }>('DeclarationCertification')
  .implement({
    description: 'What a filer certifies when filing; send its version with the filing.',
    fields: (t) => ({ version: t.exposeString('version'), text: t.exposeString('text') }),
  });

builder.queryField('declarationCertification', (t) =>
  t.field({
    type: CertificationRef,
    description: 'The certification in force: show its text, and send its version when filing.',
    resolve: () => CURRENT_CERTIFICATION,
  }),
);

builder.queryField('declarationTemplate', (t) =>
  t.string({
    description: `The blank declaration file (CSV: the header "Entry Number"). Also GET ${DECLARATION_TEMPLATE_PATH}.`,
    resolve: () => declarationTemplate().content,
  }),
);

builder.queryField('declaration', (t) =>
  t.field({
    type: CapeDeclarationRef,
    nullable: true,
    description: 'One of your organization’s declarations; null when there is none with this id.',
    authScopes: { permission: 'declaration:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => getDeclaration(serviceContextOf(context), String(args.id)),
  }),
);

builder.queryField('declarationByClaimNumber', (t) =>
  t.field({
    type: CapeDeclarationRef,
    nullable: true,
    description:
      'Your declaration with this claim number (spaces and hyphens ignored; a mistyped number is an error).',
    authScopes: { permission: 'declaration:read' },
    errors: { types: [NotAllowedError] },
    args: { claimNumber: t.arg.string({ required: true }) },
    resolve: (_root, args, context) =>
      getDeclarationByClaimNumber(serviceContextOf(context), args.claimNumber),
  }),
);

const DeclarationListSchema = z.object({
  first: z.number().int().min(1).max(MAX_DECLARATION_PAGE).nullish(),
  after: z.string().uuid('after is the id of the last declaration of the previous page.').nullish(),
});

builder.queryField('declarations', (t) =>
  t.field({
    type: [CapeDeclarationRef],
    description: 'Your organization’s declarations, newest first, a page at a time.',
    authScopes: { permission: 'declaration:read' },
    args: {
      first: t.arg.int({ required: false, description: `1 to ${MAX_DECLARATION_PAGE}; default 20.` }),
      after: t.arg.id({
        required: false,
        description: 'The id of the last declaration of the previous page.',
      }),
      statuses: t.arg({ type: [DeclarationStatusEnum], required: false }),
    },
    resolve: (_root, args, context) => {
      const page = parseArguments(DeclarationListSchema, { first: args.first, after: args.after }, 'args');
      return listDeclarations(serviceContextOf(context), {
        first: page.first ?? undefined,
        after: page.after ?? null,
        statuses: args.statuses ?? undefined,
      });
    },
  }),
);

const FilingResultRef = builder.objectRef<FilingResult>('DeclarationFiling').implement({
  fields: (t) => ({
    declaration: t.field({ type: CapeDeclarationRef, resolve: (r) => r.declaration }),
    replayed: t.exposeBoolean('replayed', {
      description:
        'True when this request repeated an earlier one (same idempotency key, or the same file within 24 hours): the earlier declaration is returned, nothing new was filed.',
    }),
  }),
});

/** The request's user agent: Yoga puts its fetch Request into every resolver's context. */
function userAgentOf(context: ApiContext): string | null {
  const request = (context as ApiContext & { request?: Request }).request;
  return request?.headers.get('user-agent')?.slice(0, 500) ?? null;
}

function attestationOf(context: ApiContext, certificationVersion: string) {
  return { certificationVersion, clientAddress: context.clientAddress, userAgent: userAgentOf(context) };
}

async function bytesOf(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

const FilingArgsSchema = z.object({
  certificationVersion: z.string().min(1).max(200),
  idempotencyKey: z.string().min(1).max(200).nullish(),
});

builder.mutationField('fileDeclaration', (t) =>
  t.field({
    type: FilingResultRef,
    description:
      'Files a CAPE declaration: a CSV with the header "Entry Number" and one entry number per row (at most 9,999 entries, under 1 MB). Send the file as a GraphQL multipart request with the header "x-graphql-yoga-csrf: 1". The file is validated at file level (every problem listed with its rows; nothing is filed) and then entry by entry. Resending the same request returns the first declaration.',
    authScopes: { permission: 'declaration:file' },
    errors: { types: MUTATION_ERRORS },
    args: {
      file: t.arg({ type: 'File', required: true }),
      certificationVersion: t.arg.string({
        required: true,
        description: 'The version of the certification you acknowledge (query declarationCertification).',
      }),
      idempotencyKey: t.arg.string({
        required: false,
        description:
          'Your key for this request (e.g. a UUID): resending with it returns the first declaration.',
      }),
      reworkOf: t.arg.id({
        required: false,
        description: 'The declaration whose rejected entries this one files again.',
      }),
    },
    resolve: async (_root, args, context) => {
      const input = parseArguments(FilingArgsSchema, args, 'args');
      return await fileDeclaration(serviceContextOf(context), {
        ...attestationOf(context, input.certificationVersion),
        fileName: args.file.name || 'declaration.csv',
        content: await bytesOf(args.file),
        idempotencyKey: input.idempotencyKey ?? null,
        reworkOfId: args.reworkOf == null ? null : String(args.reworkOf),
      });
    },
  }),
);

// ---------------------------------------------------------------- preflight

const ScheduleRef = builder
  .objectRef<NonNullable<PreflightEntry['schedule']>>('PreflightRefundSchedule')
  .implement({
    fields: (t) => ({
      action: t.exposeString('action', {
        description: 'LIQUIDATE, RELIQUIDATE, KEEP_STATUS or NOT_SCHEDULABLE.',
      }),
      date: t.field({
        type: 'Date',
        nullable: true,
        resolve: (s) => (s.date === null ? null : new Date(`${s.date}T00:00:00Z`)),
      }),
      explanation: t.exposeString('explanation'),
    }),
  });

const RecipientRef = builder
  .objectRef<NonNullable<PreflightEntry['recipient']>>('PreflightRefundRecipient')
  .implement({
    description: 'Who receives the refund (the importer of record, or its Form 4811 notify party) and why.',
    fields: (t) => ({
      recipient: t.exposeString('recipient', { description: 'IMPORTER_OF_RECORD or NOTIFY_PARTY.' }),
      partyNumber: t.exposeString('partyNumber'),
      reason: t.exposeString('reason'),
      explanation: t.exposeString('explanation'),
    }),
  });

const OtherPathRef = builder.objectRef<NonNullable<PreflightEntry['otherPath']>>('EntryOtherPath').implement({
  description: 'What else can be done about an entry CAPE refuses now.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'PROTEST, LATER_PHASE or NONE.' }),
    deadline: t.field({
      type: 'Date',
      nullable: true,
      description: 'PROTEST: the last day to protest (liquidation + 180 days).',
      resolve: (p) =>
        p.kind === 'PROTEST' && p.deadline !== null ? new Date(`${p.deadline}T00:00:00Z`) : null,
    }),
    explanation: t.exposeString('explanation'),
  }),
});

const PreflightEntryRef = builder.objectRef<PreflightEntry>('PreflightEntry').implement({
  fields: (t) => ({
    row: t.exposeInt('row'),
    rawValue: t.exposeString('rawValue'),
    entryNumber: t.exposeString('entryNumber'),
    outcome: t.field({ type: EntryOutcomeEnum, resolve: (e) => e.outcome }),
    reasons: t.field({ type: [EntryReasonRef], resolve: (e) => e.reasons }),
    ieepaPrincipalCents: t.expose('ieepaPrincipalCents', { type: 'Cents', nullable: true }),
    schedule: t.field({ type: ScheduleRef, nullable: true, resolve: (e) => e.schedule }),
    interestEstimateCents: t.expose('interestEstimateCents', {
      type: 'Cents',
      nullable: true,
      description: 'Interest from the deposit date to the scheduled (re)liquidation date, if filed today.',
    }),
    recipient: t.field({ type: RecipientRef, nullable: true, resolve: (e) => e.recipient }),
    otherPath: t.field({ type: OtherPathRef, nullable: true, resolve: (e) => e.otherPath }),
  }),
});

const PreflightRef = builder.objectRef<Preflight>('DeclarationPreflight').implement({
  description:
    'What filing this file today would give (nothing was filed), with the refund each entry carries.',
  fields: (t) => ({
    status: t.field({ type: DeclarationStatusEnum, resolve: (p) => p.status }),
    outcome: t.field({ type: DeclarationStatusEnum, resolve: (p) => p.outcome }),
    filingDate: t.field({ type: 'Date', resolve: (p) => new Date(`${p.filingDate}T00:00:00Z`) }),
    ruleSetVersion: t.exposeString('ruleSetVersion'),
    fileSha256: t.exposeString('fileSha256'),
    fileSizeBytes: t.exposeInt('fileSizeBytes'),
    rowCount: t.exposeInt('rowCount'),
    fileProblems: t.field({ type: [FileProblemRef], resolve: (p) => p.fileProblems }),
    acceptedCount: t.exposeInt('acceptedCount'),
    rejectedCount: t.exposeInt('rejectedCount'),
    acceptedPrincipalCents: t.expose('acceptedPrincipalCents', { type: 'Cents' }),
    interestEstimateCents: t.expose('interestEstimateCents', { type: 'Cents' }),
    entries: t.field({ type: [PreflightEntryRef], resolve: (p) => p.entries }),
  }),
});

builder.mutationField('preflightDeclaration', (t) =>
  t.field({
    type: PreflightRef,
    description:
      'Validates a declaration file exactly as fileDeclaration would, today, and files nothing: plus each entry’s IEEPA principal, an interest estimate, the refund’s recipient and, for a refused entry, its other path. Multipart, like fileDeclaration.',
    authScopes: { permission: 'declaration:file' },
    errors: { types: MUTATION_ERRORS },
    args: { file: t.arg({ type: 'File', required: true }) },
    resolve: async (_root, args, context) =>
      await preflightDeclaration(serviceContextOf(context), { content: await bytesOf(args.file) }),
  }),
);

// ---------------------------------------------------------------- two-person rule

builder.mutationField('setDeclarationApprovalRule', (t) =>
  t.field({
    type: 'Boolean',
    description:
      'The two-person rule for your organization: when on, declarations your staff file wait for an admin.',
    authScopes: { permission: 'declaration:approve' },
    errors: { types: MUTATION_ERRORS },
    args: { required: t.arg.boolean({ required: true }) },
    resolve: (_root, args, context) => setDeclarationApprovalRule(serviceContextOf(context), args.required),
  }),
);

builder.mutationField('approveDeclaration', (t) =>
  t.field({
    type: CapeDeclarationRef,
    description:
      'Files a declaration your staff prepared (another admin than its preparer); you certify it too.',
    authScopes: { permission: 'declaration:approve' },
    errors: { types: MUTATION_ERRORS },
    args: { id: t.arg.id({ required: true }), certificationVersion: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) =>
      (
        await approveDeclaration(
          serviceContextOf(context),
          String(args.id),
          attestationOf(context, args.certificationVersion),
        )
      ).declaration,
  }),
);

builder.mutationField('declineDeclaration', (t) =>
  t.field({
    type: CapeDeclarationRef,
    description: 'Declines a declaration awaiting approval, saying why; it is never filed.',
    authScopes: { permission: 'declaration:approve' },
    errors: { types: MUTATION_ERRORS },
    args: { id: t.arg.id({ required: true }), note: t.arg.string({ required: true }) },
    resolve: (_root, args, context) =>
      declineDeclaration(serviceContextOf(context), String(args.id), args.note),
  }),
);

// ---------------------------------------------------------------- build and rework

const LiquidationStatusFilterEnum = builder.enumType('DeclarationBuildLiquidationStatus', {
  values: LIQUIDATION_STATUSES,
});

const BuildFilterInput = builder.inputType('DeclarationBuildFilter', {
  fields: (t) => ({
    iorNumber: t.string({ required: false, description: 'Only this importer of record’s entries.' }),
    entryDateFrom: t.field({ type: 'Date', required: false }),
    entryDateTo: t.field({ type: 'Date', required: false }),
    liquidationStatuses: t.field({ type: [LiquidationStatusFilterEnum], required: false }),
    portCode: t.string({ required: false, description: '4 digits.' }),
  }),
});

function filtersOf(
  input:
    | {
        iorNumber?: string | null;
        entryDateFrom?: string | null;
        entryDateTo?: string | null;
        liquidationStatuses?: readonly string[] | null;
        portCode?: string | null;
      }
    | null
    | undefined,
): BuildFilters {
  return {
    iorNumber: input?.iorNumber ?? null,
    entryDateFrom: input?.entryDateFrom ?? null,
    entryDateTo: input?.entryDateTo ?? null,
    liquidationStatuses: (input?.liquidationStatuses as BuildFilters['liquidationStatuses']) ?? null,
    portCode: input?.portCode ?? null,
  };
}

const BuiltFileRef = builder.objectRef<BuiltFile>('BuiltDeclarationFile').implement({
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    entryCount: t.exposeInt('entryCount'),
    ieepaPrincipalCents: t.expose('ieepaPrincipalCents', { type: 'Cents' }),
    content: t.exposeString('content', {
      description: 'The CSV, ready to upload (header "Entry Number", CRLF).',
    }),
  }),
});

const BuildRef = builder.objectRef<BuildResult>('DeclarationBuild').implement({
  fields: (t) => ({
    filingDate: t.field({ type: 'Date', resolve: (b) => new Date(`${b.filingDate}T00:00:00Z`) }),
    consideredCount: t.exposeInt('consideredCount', { description: 'Your entries matching the filter.' }),
    eligibleCount: t.exposeInt('eligibleCount', {
      description: 'Of those, accepted today and on no accepted declaration.',
    }),
    files: t.field({
      type: [BuiltFileRef],
      description: 'At most 9,999 entries and under 1 MB each.',
      resolve: (b) => b.files,
    }),
  }),
});

builder.queryField('declarationBuild', (t) =>
  t.field({
    type: BuildRef,
    description:
      'Template files of your eligible entries not yet on an accepted declaration (nothing is filed).',
    authScopes: { permission: 'declaration:file' },
    errors: { types: MUTATION_ERRORS },
    args: { filter: t.arg({ type: BuildFilterInput, required: false }) },
    resolve: (_root, args, context) => buildDeclarations(serviceContextOf(context), filtersOf(args.filter)),
  }),
);

builder.mutationField('fileBuiltDeclarations', (t) =>
  t.field({
    type: [FilingResultRef],
    description: 'Builds the files declarationBuild shows and files each as its own declaration.',
    authScopes: { permission: 'declaration:file' },
    errors: { types: MUTATION_ERRORS },
    args: {
      filter: t.arg({ type: BuildFilterInput, required: false }),
      certificationVersion: t.arg.string({ required: true }),
    },
    resolve: (_root, args, context) =>
      fileBuiltDeclarations(
        serviceContextOf(context),
        filtersOf(args.filter),
        attestationOf(context, args.certificationVersion),
      ),
  }),
);

const ReworkEntryRef = builder.objectRef<EvaluatedEntry>('ReworkEntry').implement({
  fields: (t) => ({
    entryNumber: t.exposeString('entryNumber'),
    outcome: t.field({ type: EntryOutcomeEnum, resolve: (e) => e.outcome }),
    reasons: t.field({ type: [EntryReasonRef], resolve: (e) => e.reasons }),
    ieepaPrincipalCents: t.expose('ieepaPrincipalCents', { type: 'Cents', nullable: true }),
  }),
});

const ReworkRef = builder.objectRef<ReworkResult>('DeclarationRework').implement({
  description: 'A follow-up of a declaration: its rejected entries whose problem is fixed, filed anew.',
  fields: (t) => ({
    fixed: t.field({ type: [ReworkEntryRef], resolve: (r) => r.fixed }),
    stillRejected: t.field({ type: [ReworkEntryRef], resolve: (r) => r.stillRejected }),
    file: t.field({ type: BuiltFileRef, nullable: true, resolve: (r) => r.file }),
  }),
});

builder.queryField('declarationRework', (t) =>
  t.field({
    type: ReworkRef,
    description: 'What a follow-up of the declaration would hold today (nothing is filed).',
    authScopes: { permission: 'declaration:file' },
    errors: { types: MUTATION_ERRORS },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => buildRework(serviceContextOf(context), String(args.id)),
  }),
);

builder.mutationField('fileDeclarationRework', (t) =>
  t.field({
    type: FilingResultRef,
    nullable: true,
    description: 'Files the follow-up declaration (null when no rejected entry is fixed yet).',
    authScopes: { permission: 'declaration:file' },
    errors: { types: MUTATION_ERRORS },
    args: { id: t.arg.id({ required: true }), certificationVersion: t.arg.string({ required: true }) },
    resolve: (_root, args, context) =>
      fileRework(
        serviceContextOf(context),
        String(args.id),
        attestationOf(context, args.certificationVersion),
      ),
  }),
);
