// CAPE's monitoring reports (ES-022, REV-603, REV-613, REV-615) and the broker portfolio rollup, each a
// paged query with typed rows, and any of them as a CSV download. Scoped to the viewer's tenant by
// row-level security (see @cape/core reports).
import {
  type CsvDocument,
  type ReportFilter,
  type ReportKind,
  type ReportRow,
  readReport,
  reportCsv,
  reportDefinition,
} from '@cape/core';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { serviceContextOf } from '../context.ts';
import { ForbiddenError, NotSignedInError, ValidationError } from '../errors.ts';

type FieldKind = 'String' | 'Int' | 'Cents' | 'Date';

/** The GraphQL field type of each report column (the columns themselves are defined with the SQL). */
const COLUMN_TYPES: Record<ReportKind, Record<string, FieldKind>> = {
  ES_022: {
    claimNumber: 'String',
    entryNumber: 'String',
    importerNumber: 'String',
    importerName: 'String',
    acceptanceDate: 'Date',
    state: 'String',
    liquidationKind: 'String',
    liquidationDate: 'Date',
    principalCents: 'Cents',
    interestCents: 'Cents',
    refundNumber: 'String',
    refundStatus: 'String',
  },
  REV_603: {
    refundNumber: 'String',
    status: 'String',
    recipientNumber: 'String',
    recipientName: 'String',
    liquidationDate: 'Date',
    entries: 'Int',
    principalCents: 'Cents',
    interestCents: 'Cents',
    offsetCents: 'Cents',
    payableCents: 'Cents',
    sentOn: 'Date',
    issuedOn: 'Date',
    treasuryReference: 'String',
  },
  REV_613: {
    refundNumber: 'String',
    recipientNumber: 'String',
    recipientName: 'String',
    liquidationDate: 'Date',
    payableCents: 'Cents',
    heldReason: 'String',
    heldSince: 'Date',
    returnCode: 'String',
    returnedOn: 'Date',
    returnedRoutingNumber: 'String',
  },
  REV_615: {
    refundNumber: 'String',
    status: 'String',
    recipientNumber: 'String',
    liquidationDate: 'Date',
    claimNumber: 'String',
    entryNumber: 'String',
    depositDate: 'Date',
    principalCents: 'Cents',
    interestCents: 'Cents',
    refundOffsetCents: 'Cents',
    refundPayableCents: 'Cents',
    ratesVersion: 'String',
  },
  BROKER_PORTFOLIO: {
    importerNumber: 'String',
    importerName: 'String',
    declaredEntries: 'Int',
    acceptedEntries: 'Int',
    principalCents: 'Cents',
    interestCents: 'Cents',
    paidCents: 'Cents',
    heldCents: 'Cents',
  },
};

const QUERIES: Record<ReportKind, { field: string; type: string; description: string }> = {
  ES_022: {
    field: 'es022Report',
    type: 'Es022Row',
    description: 'ES-022-like: CAPE declaration, entry and refund, principal and interest per entry.',
  },
  REV_603: {
    field: 'rev603Report',
    type: 'Rev603Row',
    description: 'REV-603-like: refunds with their payment status (filter by status).',
  },
  REV_613: {
    field: 'rev613Report',
    type: 'Rev613Row',
    description: 'REV-613-like: refunds held (no ACH enrollment or ACH returned).',
  },
  REV_615: {
    field: 'rev615Report',
    type: 'Rev615Row',
    description:
      'REV-615-like: entry-level detail of refunds sent to Treasury, so a deposit reconciles to its entries.',
  },
  BROKER_PORTFOLIO: {
    field: 'brokerPortfolioReport',
    type: 'BrokerPortfolioRow',
    description: 'Per importer client: entries declared and accepted, principal, interest, paid and held.',
  },
};

const ReportKindEnum = builder.enumType('RefundReportKind', {
  values: ['ES_022', 'REV_603', 'REV_613', 'REV_615', 'BROKER_PORTFOLIO'] as const,
});

const ReportFilterInput = builder.inputType('RefundReportFilter', {
  fields: (t) => ({
    from: t.field({
      type: 'Date',
      required: false,
      description: 'Acceptance (ES-022) or liquidation date, inclusive.',
    }),
    until: t.field({ type: 'Date', required: false }),
    claimNumber: t.string({ required: false, description: 'ES-022: one declaration.' }),
    statuses: t.stringList({ required: false, description: 'REV-603: refund statuses.' }),
    refundNumber: t.string({ required: false, description: 'REV-615: one refund.' }),
  }),
});

function filterOf(
  input:
    | {
        from?: string | null;
        until?: string | null;
        claimNumber?: string | null;
        statuses?: string[] | null;
        refundNumber?: string | null;
      }
    | null
    | undefined,
): ReportFilter {
  return {
    from: input?.from ?? null,
    until: input?.until ?? null,
    claimNumber: input?.claimNumber ?? null,
    statuses: input?.statuses ?? null,
    refundNumber: input?.refundNumber ?? null,
  };
}

function value(row: ReportRow, key: string, kind: FieldKind) {
  const raw = row[key] ?? null;
  if (raw === null) return null;
  switch (kind) {
    case 'Cents':
      return BigInt(raw as bigint | number | string);
    case 'Int':
      return Number(raw);
    case 'Date':
      return raw instanceof Date ? raw : new Date(`${String(raw)}T00:00:00Z`);
    case 'String':
      return String(raw);
  }
}

for (const kind of Object.keys(QUERIES) as ReportKind[]) {
  const definition = reportDefinition(kind);
  const query = QUERIES[kind];
  const types = COLUMN_TYPES[kind];
  const RowRef = builder.objectRef<ReportRow>(query.type).implement({
    description: definition.title,
    fields: (t) =>
      Object.fromEntries(
        definition.columns.map((column) => {
          const kindOfField = types[column.key] ?? 'String';
          return [
            column.key,
            t.field({
              type: kindOfField,
              nullable: true,
              description: column.header,
              resolve: (row) => value(row, column.key, kindOfField) as never,
            }),
          ];
        }),
      ),
  });
  const PageRef = builder
    .objectRef<{ rows: ReportRow[]; nextCursor: string | null }>(`${query.type}Page`)
    .implement({
      fields: (t) => ({
        rows: t.field({ type: [RowRef], resolve: (page) => page.rows }),
        nextCursor: t.exposeString('nextCursor', {
          nullable: true,
          description: 'Pass as `after` for the next page.',
        }),
      }),
    });
  builder.queryField(query.field, (t) =>
    t.field({
      type: PageRef,
      description: query.description,
      authScopes: { permission: definition.permission },
      errors: {
        types: [ValidationError, ForbiddenError, NotSignedInError],
        directResult: true,
        union: { name: `${query.type}Result` },
      },
      args: {
        filter: t.arg({ type: ReportFilterInput, required: false }),
        first: t.arg.int({ required: false, description: 'At most 500; default 100.' }),
        after: t.arg.string({ required: false }),
      },
      resolve: (_root, args, context) => {
        if (args.after != null && args.after.length > 200) {
          throw new GraphQLError('Invalid cursor: use nextCursor from a previous page.', {
            extensions: { code: 'BAD_USER_INPUT' },
          });
        }
        return readReport(serviceContextOf(context), kind, filterOf(args.filter), {
          first: args.first ?? 100,
          after: args.after,
        });
      },
    }),
  );
}

const CsvDocumentRef = builder.objectRef<CsvDocument>('CsvDocument').implement({
  description: 'A report as a CSV file (UTF-8, header row, amounts in cents, dates as YYYY-MM-DD).',
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    contentType: t.exposeString('contentType'),
    content: t.exposeString('content'),
    rows: t.exposeInt('rows'),
  }),
});

builder.queryField('refundReportCsv', (t) =>
  t.field({
    type: CsvDocumentRef,
    description: 'Any of the refund reports as a CSV download, with the same filter and the same visibility.',
    authScopes: { signedIn: true },
    errors: {
      types: [ValidationError, ForbiddenError, NotSignedInError],
      directResult: true,
      union: { name: 'RefundReportCsvResult' },
    },
    args: {
      report: t.arg({ type: ReportKindEnum, required: true }),
      filter: t.arg({ type: ReportFilterInput, required: false }),
    },
    resolve: (_root, args, context) =>
      reportCsv(serviceContextOf(context), args.report, filterOf(args.filter)),
  }),
);
