// ACH refund enrollment: the bank account refunds are paid into, masked on the way out; and who besides
// the admins may see or change it.
import {
  type AchAccessGrantView,
  type AchEnrollmentOverview,
  enrollAchRefund,
  listAchAccessGrants,
  listAchRefundEnrollments,
  type MaskedAchEnrollment,
  type PartyAchEnrollment,
  revokeAchRefundEnrollment,
  setAchAccess,
} from '@cape/core';
import { builder } from '../builder.ts';
import { serviceContextOf } from '../context.ts';
import { ForbiddenError, NotAllowedError, NotSignedInError, ValidationError } from '../errors.ts';

const MUTATION_ERRORS = [ValidationError, ForbiddenError, NotAllowedError, NotSignedInError];

export const AchAccessEnum = builder.enumType('AchAccess', {
  description: 'Access to the ACH refund enrollment: FULL (view and change) or READ_ONLY.',
  values: ['FULL', 'READ_ONLY'] as const,
});
const AchAccountTypeEnum = builder.enumType('AchAccountType', { values: ['CHECKING', 'SAVINGS'] as const });
const AchEnrollmentStatusEnum = builder.enumType('AchEnrollmentStatus', {
  description: 'ACTIVE: refunds are paid by ACH. PENDING or REVOKED: refunds are held until it is ACTIVE.',
  values: ['PENDING', 'ACTIVE', 'REVOKED'] as const,
});

const AchRefundEnrollmentRef = builder.objectRef<MaskedAchEnrollment>('AchRefundEnrollment').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    routingNumber: t.exposeString('routingNumber'),
    accountNumberMasked: t.exposeString('accountNumberMasked', {
      description: 'The last four digits ("••••1234"); the full number is never returned.',
    }),
    accountType: t.field({ type: AchAccountTypeEnum, resolve: (enrollment) => enrollment.accountType }),
    status: t.field({ type: AchEnrollmentStatusEnum, resolve: (enrollment) => enrollment.status }),
    enrolledAt: t.expose('enrolledAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const PartyAchEnrollmentRef = builder.objectRef<PartyAchEnrollment>('PartyAchEnrollment').implement({
  description: 'One of your account’s party numbers and its ACH refund enrollment.',
  fields: (t) => ({
    partyNumber: t.exposeString('partyNumber'),
    partyName: t.exposeString('partyName'),
    enrollment: t.field({
      type: AchRefundEnrollmentRef,
      nullable: true,
      description: 'Null: never enrolled, refunds to this number are held.',
      resolve: (party) => party.enrollment,
    }),
  }),
});

const AchRefundEnrollmentsRef = builder.objectRef<AchEnrollmentOverview>('AchRefundEnrollments').implement({
  fields: (t) => ({
    access: t.field({ type: AchAccessEnum, resolve: (overview) => overview.access }),
    parties: t.field({ type: [PartyAchEnrollmentRef], resolve: (overview) => overview.parties }),
  }),
});

builder.queryField('achRefundEnrollments', (t) =>
  t.field({
    type: AchRefundEnrollmentsRef,
    description:
      "Your account's ACH refund enrollments (importer and notify-party accounts: admins, and members an admin granted access).",
    errors: {
      types: [ForbiddenError, NotSignedInError],
      directResult: true,
      union: { name: 'AchRefundEnrollmentsResult' },
    },
    resolve: (_root, _args, context) => listAchRefundEnrollments(serviceContextOf(context)),
  }),
);

const AchAccessGrantRef = builder.objectRef<AchAccessGrantView>('AchAccessGrant').implement({
  fields: (t) => ({
    userId: t.exposeID('userId'),
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName'),
    access: t.field({ type: AchAccessEnum, resolve: (grant) => grant.access }),
    grantedAt: t.expose('grantedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('achAccessGrants', (t) =>
  t.field({
    type: [AchAccessGrantRef],
    description: 'Members (other than admins) who may see or change the ACH refund enrollment.',
    authScopes: { permission: 'ach-enrollment:manage' },
    resolve: (_root, _args, context) => listAchAccessGrants(serviceContextOf(context)),
  }),
);

const EnrollAchRefundInput = builder.inputType('EnrollAchRefundInput', {
  fields: (t) => ({
    partyNumber: t.string({
      required: false,
      description: 'Which of your numbers (EIN + suffix, SSN or CBP-assigned); optional when you hold one.',
    }),
    routingNumber: t.string({ required: true, description: '9-digit ABA routing number of a U.S. bank.' }),
    accountNumber: t.string({
      required: true,
      description:
        '4 to 17 digits. Stored encrypted and never returned: only its last four digits are shown.',
    }),
    accountType: t.field({ type: AchAccountTypeEnum, required: true }),
  }),
});

const EnrollAchRefundSuccess = builder.objectRef<PartyAchEnrollment>('EnrollAchRefundSuccess').implement({
  description: 'The number is enrolled (ACTIVE): held refunds to it are released.',
  fields: (t) => ({ party: t.field({ type: PartyAchEnrollmentRef, resolve: (party) => party }) }),
});

builder.mutationField('enrollAchRefund', (t) =>
  t.field({
    type: EnrollAchRefundSuccess,
    description: 'Enrolls a party number for ACH refunds, or replaces its bank account (one per number).',
    errors: { types: MUTATION_ERRORS, directResult: true, union: { name: 'EnrollAchRefundResult' } },
    args: { input: t.arg({ type: EnrollAchRefundInput, required: true }) },
    resolve: (_root, { input }, context) =>
      enrollAchRefund(serviceContextOf(context), input, { keyRing: context.config.achKeyRing ?? null }),
  }),
);

const RevokeAchRefundEnrollmentInput = builder.inputType('RevokeAchRefundEnrollmentInput', {
  fields: (t) => ({ partyNumber: t.string({ required: false }) }),
});

const RevokeAchRefundEnrollmentSuccess = builder
  .objectRef<PartyAchEnrollment>('RevokeAchRefundEnrollmentSuccess')
  .implement({
    description: 'Refunds to this number are held from now on.',
    fields: (t) => ({ party: t.field({ type: PartyAchEnrollmentRef, resolve: (party) => party }) }),
  });

builder.mutationField('revokeAchRefundEnrollment', (t) =>
  t.field({
    type: RevokeAchRefundEnrollmentSuccess,
    errors: {
      types: MUTATION_ERRORS,
      directResult: true,
      union: { name: 'RevokeAchRefundEnrollmentResult' },
    },
    args: { input: t.arg({ type: RevokeAchRefundEnrollmentInput, required: true }) },
    resolve: (_root, { input }, context) => revokeAchRefundEnrollment(serviceContextOf(context), input),
  }),
);

const SetAchAccessInput = builder.inputType('SetAchAccessInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    access: t.field({ type: AchAccessEnum, required: false, description: 'Null withdraws the access.' }),
  }),
});

const SetAchAccessSuccess = builder
  .objectRef<{ userId: string; access: 'FULL' | 'READ_ONLY' | null }>('SetAchAccessSuccess')
  .implement({
    fields: (t) => ({
      userId: t.exposeID('userId'),
      access: t.field({ type: AchAccessEnum, nullable: true, resolve: (result) => result.access }),
    }),
  });

builder.mutationField('setAchAccess', (t) =>
  t.field({
    type: SetAchAccessSuccess,
    description: 'Grants a member FULL or READ_ONLY access to the ACH refund enrollment, or withdraws it.',
    errors: { types: MUTATION_ERRORS, directResult: true, union: { name: 'SetAchAccessResult' } },
    args: { input: t.arg({ type: SetAchAccessInput, required: true }) },
    resolve: (_root, { input }, context) =>
      setAchAccess(serviceContextOf(context), { userId: String(input.userId), access: input.access ?? null }),
  }),
);
