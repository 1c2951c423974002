// Entry-summary ingestion over GraphQL (docs/ingestion.md): the blank template, the upload (a multipart File,
// within the API's request-body limit; larger files go to POST /ingestion/entry-summaries), and the record
// of past uploads. The work is @cape/core's ingestEntrySummaries.
import {
  type EntryIngestion,
  ForbiddenError,
  findEntryIngestion,
  type IngestionCursor,
  ingestEntrySummaries,
  ingestionTemplateCsv,
  listEntryIngestions,
  MAX_INGESTION_PAGE_SIZE,
  NotAllowedError,
  type RowError,
} from '@cape/core';
import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { serviceContextOf } from '../context.ts';
import { parseArguments } from '../validation.ts';

const OutcomeEnum = builder.enumType('EntryIngestionOutcome', {
  values: {
    LOADED: { description: 'Every row was valid; the whole file was merged.' },
    REFUSED: { description: 'At least one row had an error; nothing from the file was written.' },
  } as const,
});

const RowErrorRef = builder.objectRef<RowError>('IngestionRowError').implement({
  description: 'One problem with one row of an uploaded file, and how to fix it.',
  fields: (t) => ({
    row: t.exposeInt('row', { description: 'Spreadsheet row number: the header is row 1.' }),
    column: t.exposeString('column', {
      nullable: true,
      description: 'The column header, or null for the row.',
    }),
    value: t.exposeString('value', { nullable: true, description: 'The value as uploaded (or as read).' }),
    problem: t.exposeString('problem'),
    fix: t.exposeString('fix'),
  }),
});

export const EntryIngestionRef = builder.objectRef<EntryIngestion>('EntryIngestion').implement({
  description:
    'One upload of entry summaries: the file, who sent it, and what it changed or why it was refused.',
  fields: (t) => ({
    id: t.exposeID('id'),
    organizationId: t.exposeID('organizationId', { description: 'The uploader’s organization.' }),
    uploadedByUserId: t.exposeID('uploadedByUserId'),
    fileName: t.exposeString('fileName'),
    fileSha256: t.exposeString('fileSha256'),
    fileSizeBytes: t.int({ resolve: (ingestion) => Number(ingestion.fileSizeBytes) }),
    outcome: t.field({ type: OutcomeEnum, resolve: (ingestion) => ingestion.outcome }),
    businessDate: t.field({
      type: 'Date',
      description: 'CAPE’s business date of the upload.',
      resolve: (ingestion) => new Date(`${ingestion.businessDate}T00:00:00Z`),
    }),
    uploadedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime' }),
    rowCount: t.exposeInt('rowCount', { description: 'Data rows read (the header not counted).' }),
    entryCount: t.exposeInt('entryCount'),
    createdCount: t.exposeInt('createdCount', { description: 'New entry summaries.' }),
    updatedCount: t.exposeInt('updatedCount', {
      description: 'Entries whose status, liquidation or flags changed (no new version).',
    }),
    versionedCount: t.exposeInt('versionedCount', {
      description: 'Entries given a new version (post-summary correction); older versions are kept.',
    }),
    unchangedCount: t.exposeInt('unchangedCount'),
    errorCount: t.exposeInt('errorCount', { description: 'Every error found (the list may be shorter).' }),
    errors: t.field({
      type: [RowErrorRef],
      description: 'The first errors in row order (at most 1,000).',
      resolve: (ingestion) => ingestion.errors,
    }),
  }),
});

builder.queryField('entryIngestionTemplate', (t) =>
  t.string({
    description:
      'The blank entry-summary ingestion file: its header and two example rows (CSV text, CRLF line ends). Also served at GET /ingestion/entry-summaries/template.csv.',
    resolve: () => ingestionTemplateCsv(),
  }),
);

/** The uploaded file's bytes, read through its stream's reader (Yoga's File may be a ponyfill, not Node's). */
async function* chunksOf(file: File): AsyncIterable<Uint8Array> {
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

builder.mutationField('ingestEntrySummaries', (t) =>
  t.field({
    type: EntryIngestionRef,
    description:
      'Uploads entry summaries (docs/ingestion.md) for your filer codes (the operator: anyone’s). The file loads whole or not at all; a refused file comes back with every error.',
    authScopes: { permission: 'entry:ingest' },
    errors: { types: [ForbiddenError, NotAllowedError] },
    args: { file: t.arg({ type: 'File', required: true }) },
    resolve: async (_root, args, context) => {
      const file = args.file;
      return await ingestEntrySummaries(serviceContextOf(context), {
        fileName: file.name || 'upload.csv',
        content: chunksOf(file),
      });
    },
  }),
);

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/;

function toCursor(ingestion: EntryIngestion): string {
  return `${ingestion.startedAt.toISOString()}_${ingestion.id}`;
}

function fromCursor(cursor: string | null | undefined): IngestionCursor | undefined {
  if (cursor == null) return undefined;
  const match = CURSOR.exec(cursor);
  if (!match) {
    throw new GraphQLError('Invalid cursor: use a cursor from a previous page.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return { startedAt: new Date(match[1]!), id: match[2]! };
}

const PageArgsSchema = z.object({
  first: z.number().int().min(0).max(MAX_INGESTION_PAGE_SIZE).nullish(),
  last: z.number().int().min(0).max(MAX_INGESTION_PAGE_SIZE).nullish(),
});

builder.queryField('entryIngestions', (t) =>
  t.connection({
    type: EntryIngestionRef,
    description:
      'Past uploads of entry summaries, newest first: your organization’s (the operator: everyone’s).',
    authScopes: { permission: 'entry:ingest' },
    resolve: async (_root, args, context) => {
      parseArguments(PageArgsSchema, { first: args.first, last: args.last }, 'args');
      const service = serviceContextOf(context);
      return await resolveCursorConnection(
        { args, toCursor, defaultSize: 20, maxSize: MAX_INGESTION_PAGE_SIZE },
        ({ before, after, limit, inverted }: ResolveCursorConnectionArgs) =>
          listEntryIngestions(service, {
            before: fromCursor(before),
            after: fromCursor(after),
            limit,
            inverted,
          }),
      );
    },
  }),
);

const IdSchema = z.object({ id: z.uuid('id must be an ingestion id (a UUID).') });

builder.queryField('entryIngestion', (t) =>
  t.field({
    type: EntryIngestionRef,
    nullable: true,
    description: 'One upload by id; null when there is none your organization may see.',
    authScopes: { permission: 'entry:ingest' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const { id } = parseArguments(IdSchema, { id: String(args.id) }, 'args');
      return await findEntryIngestion(serviceContextOf(context), id);
    },
  }),
);
