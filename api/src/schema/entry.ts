import { formatEntryNumber } from '@cape/domain';
import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../builder.ts';
import {
  countEntries,
  DEFAULT_PAGE_SIZE,
  type EntryFilter,
  type ListedEntry,
  listEntries,
  MAX_PAGE_SIZE,
} from '../services/entry-service.ts';
import { parseArguments, parseIdCursor } from '../validation.ts';

const LiquidationStatusEnum = builder.enumType('LiquidationStatus', {
  values: ['UNLIQUIDATED', 'LIQUIDATED', 'EXTENDED', 'SUSPENDED', 'UNDER_REVIEW', 'FINAL'] as const,
});
const EntrySummaryStatusEnum = builder.enumType('EntrySummaryStatus', {
  values: ['ACCEPTED', 'CANCELLED', 'REJECTED'] as const,
});

const ImporterOfRecord = builder
  .objectRef<{ partyNumber: string; name: string }>('ImporterOfRecordSummary')
  .implement({
    fields: (t) => ({
      iorNumber: t.exposeString('partyNumber'),
      name: t.exposeString('name'),
    }),
  });

export const EntrySummaryRef = builder.objectRef<ListedEntry>('EntrySummary').implement({
  description: 'A CBP Form 7501 entry summary as ACE holds it.',
  fields: (t) => ({
    id: t.id({ resolve: (entry) => entry.id.toString() }),
    entryNumber: t.exposeString('entryNumber', { description: '11 characters, normalized.' }),
    formattedEntryNumber: t.string({
      description: 'XXX-NNNNNNN-C',
      resolve: (entry) => formatEntryNumber(entry.entryNumber),
    }),
    entryType: t.exposeString('entryType'),
    filerCode: t.exposeString('filerCode'),
    portCode: t.exposeString('portCode'),
    entryDate: t.expose('entryDate', { type: 'Date' }),
    depositDate: t.expose('depositDate', { type: 'Date' }),
    summaryStatus: t.field({ type: EntrySummaryStatusEnum, resolve: (entry) => entry.summaryStatus }),
    liquidationStatus: t.field({ type: LiquidationStatusEnum, resolve: (entry) => entry.liquidationStatus }),
    liquidationDate: t.expose('liquidationDate', { type: 'Date', nullable: true }),
    totalDutyCents: t.expose('totalDutyCents', { type: 'Cents' }),
    ieepaDutyCents: t.expose('ieepaDutyCents', { type: 'Cents' }),
    importer: t.field({ type: ImporterOfRecord, resolve: (entry) => entry.importer }),
    flags: t.stringList({
      description:
        'Conditions that matter for CAPE: RECONCILIATION, DRAWBACK, OPEN_PROTEST, ADCVD_1504D, NOT_IN_ACE.',
      resolve: (entry) =>
        [
          entry.reconciliationFlagged && 'RECONCILIATION',
          entry.drawbackDesignated && 'DRAWBACK',
          entry.openProtest && 'OPEN_PROTEST',
          entry.adcvdPendingLiquidation1504d && 'ADCVD_1504D',
          !entry.inAce && 'NOT_IN_ACE',
        ].filter((flag): flag is string => typeof flag === 'string'),
    }),
  }),
});

const EntryFilterInput = builder.inputType('EntryFilter', {
  fields: (t) => ({
    entryNumber: t.string({
      required: false,
      description: 'Whole or leading part; hyphens and case ignored.',
    }),
    liquidationStatus: t.field({ type: LiquidationStatusEnum, required: false }),
  }),
});

const EntryFilterSchema = z.object({
  entryNumber: z
    .string()
    .max(20, 'An entry number has 11 characters (13 with hyphens).')
    .regex(/^[A-Za-z0-9\s-]*$/, 'Entry numbers contain only letters, digits and hyphens.')
    .nullish(),
  liquidationStatus: z
    .enum(['UNLIQUIDATED', 'LIQUIDATED', 'EXTENDED', 'SUSPENDED', 'UNDER_REVIEW', 'FINAL'])
    .nullish(),
});

const PageArgsSchema = z.object({
  first: z.number().int().min(0).max(MAX_PAGE_SIZE, `first may be at most ${MAX_PAGE_SIZE}.`).nullish(),
  last: z.number().int().min(0).max(MAX_PAGE_SIZE, `last may be at most ${MAX_PAGE_SIZE}.`).nullish(),
});

// Connection objects carry the filter so totalCount is only computed when asked for.
const countsByConnection = new WeakMap<object, () => Promise<number>>();

builder.queryField('entries', (t) =>
  t.connection(
    {
      type: EntrySummaryRef,
      description: 'Entry summaries your organization may see, newest first.',
      authScopes: { permission: 'entry:read' },
      args: { filter: t.arg({ type: EntryFilterInput, required: false }) },
      resolve: async (_root, args, context) => {
        parseArguments(PageArgsSchema, { first: args.first, last: args.last }, 'args');
        const filter: EntryFilter = parseArguments(EntryFilterSchema, args.filter ?? {}, 'filter');
        const connection = await resolveCursorConnection(
          {
            args,
            toCursor: (entry: ListedEntry) => entry.id.toString(),
            defaultSize: DEFAULT_PAGE_SIZE,
            maxSize: MAX_PAGE_SIZE,
          },
          ({ before, after, limit, inverted }: ResolveCursorConnectionArgs) =>
            listEntries(
              context.prisma,
              context.viewer,
              { before: parseIdCursor(before), after: parseIdCursor(after), limit, inverted },
              filter,
            ),
        );
        countsByConnection.set(connection, () => countEntries(context.prisma, context.viewer, filter));
        return connection;
      },
    },
    {
      fields: (connection) => ({
        totalCount: connection.int({
          description: 'How many entries match the filter (computed only when asked for).',
          resolve: async (parent) => {
            const count = countsByConnection.get(parent);
            if (!count) throw new Error('totalCount is not available on this connection.');
            return await count();
          },
        }),
      }),
    },
  ),
);
