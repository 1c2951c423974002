// CBP Form 4811 designations: the importer names and revokes notify parties; both sides list them, the
// notify party with why refunds are (or are not) routed to it.
import {
  type DesignationSide,
  type DesignationView,
  designateNotifyParty,
  listForm4811Designations,
  revokeForm4811Designation,
} from '@cape/core';
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import { serviceContextOf } from '../context.ts';
import { ForbiddenError, NotAllowedError, NotSignedInError, ValidationError } from '../errors.ts';

const MUTATION_ERRORS = [ValidationError, ForbiddenError, NotAllowedError, NotSignedInError];
const MAX_PAGE = 200;

const Form4811StatusEnum = builder.enumType('Form4811Status', {
  values: ['PENDING', 'IN_FORCE', 'REVOKED', 'LAPSED'] as const,
});

const Form4811PartyRef = builder.objectRef<{ partyNumber: string; name: string }>('Form4811Party').implement({
  fields: (t) => ({ partyNumber: t.exposeString('partyNumber'), name: t.exposeString('name') }),
});

function dateOf(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

const Form4811DesignationRef = builder.objectRef<DesignationView>('Form4811Designation').implement({
  description: 'A CBP Form 4811 special address notification: an importer names a notify party.',
  fields: (t) => ({
    id: t.exposeID('id'),
    importer: t.field({ type: Form4811PartyRef, resolve: (designation) => designation.importer }),
    notifyParty: t.field({ type: Form4811PartyRef, resolve: (designation) => designation.notifyParty }),
    coversRefunds: t.exposeBoolean('coversRefunds'),
    coversBills: t.exposeBoolean('coversBills'),
    coversLiquidationNotices: t.exposeBoolean('coversLiquidationNotices'),
    status: t.field({ type: Form4811StatusEnum, resolve: (designation) => designation.status }),
    filedOn: t.field({ type: 'Date', resolve: (designation) => dateOf(designation.filedOn) }),
    effectiveFrom: t.field({ type: 'Date', resolve: (designation) => dateOf(designation.effectiveFrom) }),
    effectiveUntil: t.field({
      type: 'Date',
      nullable: true,
      description: 'Exclusive end; null while in force without an end.',
      resolve: (designation) => (designation.effectiveUntil ? dateOf(designation.effectiveUntil) : null),
    }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    inForceToday: t.exposeBoolean('inForceToday'),
    notifyPartyAchActive: t.exposeBoolean('notifyPartyAchActive', {
      description: 'Refunds go to the notify party only while it is enrolled for ACH refunds.',
    }),
    refundsRoutedToNotifyParty: t.exposeBoolean('refundsRoutedToNotifyParty', {
      description:
        'True when a refund of an entry naming the notify party (7501 box 28), liquidated today, would be paid to it.',
    }),
    refundRouting: t.exposeString('refundRouting', { description: 'The routing of refunds, in words.' }),
  }),
});

const Form4811DesignationFilter = builder.inputType('Form4811DesignationFilter', {
  fields: (t) => ({
    status: t.field({ type: Form4811StatusEnum, required: false }),
    partyNumber: t.string({
      required: false,
      description: 'The other side: the notify party (designations given) or the importer (received).',
    }),
  }),
});

// Connection objects carry their count so totalCount runs only when asked for.
const countsByConnection = new WeakMap<object, () => Promise<number>>();

function designationsField(side: DesignationSide, description: string) {
  return builder.queryField(
    side === 'GIVEN' ? 'form4811DesignationsGiven' : 'form4811DesignationsReceived',
    (t) =>
      t.connection(
        {
          type: Form4811DesignationRef,
          description,
          authScopes: { permission: 'form-4811:read' },
          args: { filter: t.arg({ type: Form4811DesignationFilter, required: false }) },
          resolve: async (_root, args, context) => {
            const service = serviceContextOf(context);
            let count: (() => Promise<number>) | undefined;
            const connection = await resolveOffsetConnection(
              { args, defaultSize: 50, maxSize: MAX_PAGE },
              async ({ offset, limit }) => {
                const page = await listForm4811Designations(service, side, args.filter ?? {}, {
                  offset,
                  limit,
                });
                count = page.totalCount;
                return page.designations;
              },
            );
            if (count) countsByConnection.set(connection, count);
            return connection;
          },
        },
        {
          fields: (connection) => ({
            totalCount: connection.int({
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
}

designationsField('GIVEN', 'Designations your account gave as importer, newest first, with their history.');
designationsField(
  'RECEIVED',
  'Designations naming your account as notify party, newest first: what is routed to you and why.',
);

const DesignateNotifyPartyInput = builder.inputType('DesignateForm4811NotifyPartyInput', {
  fields: (t) => ({
    importerNumber: t.string({
      required: false,
      description: 'Which of your IOR numbers; optional when you hold one.',
    }),
    notifyPartyNumber: t.string({
      required: true,
      description: "The agent's number (EIN + suffix, SSN or CBP-assigned).",
    }),
    notifyPartyName: t.string({
      required: false,
      description: 'As written on the form; needed only when the number is not known to the platform yet.',
    }),
    coversRefunds: t.boolean({ required: true }),
    coversBills: t.boolean({ required: true }),
    coversLiquidationNotices: t.boolean({ required: true }),
    effectiveFrom: t.field({
      type: 'Date',
      required: false,
      description: 'Default today; never in the past.',
    }),
    effectiveUntil: t.field({ type: 'Date', required: false, description: 'Exclusive end; default none.' }),
  }),
});

const DesignationSuccess = builder.objectRef<DesignationView>('Form4811DesignationSuccess').implement({
  fields: (t) => ({
    designation: t.field({ type: Form4811DesignationRef, resolve: (designation) => designation }),
  }),
});

builder.mutationField('designateForm4811NotifyParty', (t) =>
  t.field({
    type: DesignationSuccess,
    errors: {
      types: MUTATION_ERRORS,
      directResult: true,
      union: { name: 'DesignateForm4811NotifyPartyResult' },
    },
    args: { input: t.arg({ type: DesignateNotifyPartyInput, required: true }) },
    resolve: (_root, { input }, context) => designateNotifyParty(serviceContextOf(context), input),
  }),
);

const RevokeDesignationInput = builder.inputType('RevokeForm4811DesignationInput', {
  fields: (t) => ({
    designationId: t.id({ required: true }),
    effectiveUntil: t.field({
      type: 'Date',
      required: false,
      description: 'Default today; never in the past.',
    }),
  }),
});

builder.mutationField('revokeForm4811Designation', (t) =>
  t.field({
    type: DesignationSuccess,
    description: 'Ends a designation (the record stays, as REVOKED, for the history).',
    errors: {
      types: MUTATION_ERRORS,
      directResult: true,
      union: { name: 'RevokeForm4811DesignationResult' },
    },
    args: { input: t.arg({ type: RevokeDesignationInput, required: true }) },
    resolve: (_root, { input }, context) =>
      revokeForm4811Designation(serviceContextOf(context), {
        designationId: String(input.designationId),
        effectiveUntil: input.effectiveUntil,
      }),
  }),
);
