// An account's members: listing, invitations (a one-time link), role changes and removal; and accepting
// an invitation, which needs no session.
import {
  acceptInvitation,
  type CreatedInvitation,
  changeMemberRole,
  type InvitationPreview,
  type InvitationView,
  inviteMember,
  listInvitations,
  listMembers,
  type MemberView,
  previewInvitation,
  removeMember,
  revokeInvitation,
} from '@cape/core';
import { builder } from '../builder.ts';
import { serviceContextOf } from '../context.ts';
import { ForbiddenError, NotAllowedError, NotSignedInError, ValidationError } from '../errors.ts';
import { mailerFor } from '../mailer.ts';
import { AchAccessEnum } from './ach-enrollment.ts';
import { MembershipRoleEnum } from './viewer.ts';

const MUTATION_ERRORS = [ValidationError, ForbiddenError, NotAllowedError, NotSignedInError];

const InvitationStateEnum = builder.enumType('InvitationState', {
  values: ['OPEN', 'ACCEPTED', 'REVOKED', 'EXPIRED'] as const,
});

const MemberRef = builder.objectRef<MemberView>('Member').implement({
  description: 'A person with a role in your account.',
  fields: (t) => ({
    membershipId: t.exposeID('membershipId'),
    userId: t.exposeID('userId'),
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName'),
    role: t.field({ type: MembershipRoleEnum, resolve: (member) => member.role }),
    joinedAt: t.expose('joinedAt', { type: 'DateTime' }),
    achAccess: t.field({
      type: AchAccessEnum,
      nullable: true,
      description:
        'Access to the ACH refund enrollment (admins of importer and notify-party accounts: FULL).',
      resolve: (member) => member.achAccess,
    }),
  }),
});

const MemberInvitationRef = builder.objectRef<InvitationView>('MemberInvitation').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    role: t.field({ type: MembershipRoleEnum, resolve: (invitation) => invitation.role }),
    state: t.field({ type: InvitationStateEnum, resolve: (invitation) => invitation.state }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

builder.queryField('members', (t) =>
  t.field({
    type: [MemberRef],
    description: "Your account's members, in the order they joined.",
    authScopes: { permission: 'member:manage' },
    resolve: (_root, _args, context) => listMembers(serviceContextOf(context)),
  }),
);

builder.queryField('memberInvitations', (t) =>
  t.field({
    type: [MemberInvitationRef],
    description: "Your account's invitations, newest first.",
    authScopes: { permission: 'member:manage' },
    resolve: (_root, _args, context) => listInvitations(serviceContextOf(context)),
  }),
);

const InvitationPreviewRef = builder.objectRef<InvitationPreview>('InvitationPreview').implement({
  description: 'What an invitation link offers, shown before accepting it.',
  fields: (t) => ({
    organizationName: t.exposeString('organizationName'),
    email: t.exposeString('email'),
    role: t.field({ type: MembershipRoleEnum, resolve: (preview) => preview.role }),
    state: t.field({ type: InvitationStateEnum, resolve: (preview) => preview.state }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    accountExists: t.exposeBoolean('accountExists', {
      description: 'True: accept with the password of the existing account for this e-mail address.',
    }),
  }),
});

builder.queryField('invitation', (t) =>
  t.field({
    type: InvitationPreviewRef,
    nullable: true,
    description:
      'The invitation behind a link (the part after "#"); no session needed. Null for an unknown link.',
    args: { secret: t.arg.string({ required: true }) },
    resolve: (_root, { secret }, context) => previewInvitation(context.prisma, secret),
  }),
);

const InviteMemberInput = builder.inputType('InviteMemberInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    role: t.field({ type: MembershipRoleEnum, required: true }),
  }),
});

const InviteMemberSuccess = builder.objectRef<CreatedInvitation>('InviteMemberSuccess').implement({
  fields: (t) => ({
    invitation: t.field({ type: MemberInvitationRef, resolve: (result) => result.invitation }),
    acceptUrl: t.exposeString('acceptUrl', {
      description: 'The one-time link, shown this once (only its hash is kept). Give it to the person.',
    }),
    emailed: t.exposeBoolean('emailed', {
      nullable: true,
      description: 'Whether it was e-mailed; null when the platform has no mail server configured.',
    }),
    emailError: t.exposeString('emailError', { nullable: true }),
  }),
});

builder.mutationField('inviteMember', (t) =>
  t.field({
    type: InviteMemberSuccess,
    errors: { types: MUTATION_ERRORS, directResult: true, union: { name: 'InviteMemberResult' } },
    args: { input: t.arg({ type: InviteMemberInput, required: true }) },
    resolve: (_root, { input }, context) =>
      inviteMember(serviceContextOf(context), input, {
        portalUrl: context.config.portalUrl ?? 'http://127.0.0.1:5173',
        mailer: mailerFor(context.config.mail),
      }),
  }),
);

const RevokeMemberInvitationInput = builder.inputType('RevokeMemberInvitationInput', {
  fields: (t) => ({ invitationId: t.id({ required: true }) }),
});

const RevokeMemberInvitationSuccess = builder
  .objectRef<InvitationView>('RevokeMemberInvitationSuccess')
  .implement({
    fields: (t) => ({
      invitation: t.field({ type: MemberInvitationRef, resolve: (invitation) => invitation }),
    }),
  });

builder.mutationField('revokeMemberInvitation', (t) =>
  t.field({
    type: RevokeMemberInvitationSuccess,
    errors: { types: MUTATION_ERRORS, directResult: true, union: { name: 'RevokeMemberInvitationResult' } },
    args: { input: t.arg({ type: RevokeMemberInvitationInput, required: true }) },
    resolve: (_root, { input }, context) =>
      revokeInvitation(serviceContextOf(context), { invitationId: String(input.invitationId) }),
  }),
);

const ChangeMemberRoleInput = builder.inputType('ChangeMemberRoleInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    role: t.field({ type: MembershipRoleEnum, required: true }),
  }),
});

const ChangeMemberRoleSuccess = builder.objectRef<MemberView>('ChangeMemberRoleSuccess').implement({
  fields: (t) => ({ member: t.field({ type: MemberRef, resolve: (member) => member }) }),
});

builder.mutationField('changeMemberRole', (t) =>
  t.field({
    type: ChangeMemberRoleSuccess,
    errors: { types: MUTATION_ERRORS, directResult: true, union: { name: 'ChangeMemberRoleResult' } },
    args: { input: t.arg({ type: ChangeMemberRoleInput, required: true }) },
    resolve: (_root, { input }, context) =>
      changeMemberRole(serviceContextOf(context), { userId: String(input.userId), role: input.role }),
  }),
);

const RemoveMemberInput = builder.inputType('RemoveMemberInput', {
  fields: (t) => ({ userId: t.id({ required: true }) }),
});

const RemoveMemberSuccess = builder
  .objectRef<{ userId: string; revokedApiTokens: number }>('RemoveMemberSuccess')
  .implement({
    description: "The member's access ended with this mutation; the API tokens they created were revoked.",
    fields: (t) => ({
      userId: t.exposeID('userId'),
      revokedApiTokenCount: t.exposeInt('revokedApiTokens'),
    }),
  });

builder.mutationField('removeMember', (t) =>
  t.field({
    type: RemoveMemberSuccess,
    errors: { types: MUTATION_ERRORS, directResult: true, union: { name: 'RemoveMemberResult' } },
    args: { input: t.arg({ type: RemoveMemberInput, required: true }) },
    resolve: (_root, { input }, context) =>
      removeMember(serviceContextOf(context), { userId: String(input.userId) }),
  }),
);

const AcceptInvitationInput = builder.inputType('AcceptInvitationInput', {
  fields: (t) => ({
    secret: t.string({ required: true, description: 'The part of the link after "#".' }),
    password: t.string({
      required: true,
      description: "The existing account's password, or the new account's (12 characters or more).",
    }),
    displayName: t.string({ required: false, description: 'Your name, for a new account.' }),
  }),
});

const AcceptInvitationSuccess = builder
  .objectRef<{ organizationName: string; email: string }>('AcceptInvitationSuccess')
  .implement({
    description: 'You are a member now: sign in with this e-mail address.',
    fields: (t) => ({
      organizationName: t.exposeString('organizationName'),
      email: t.exposeString('email'),
    }),
  });

builder.mutationField('acceptInvitation', (t) =>
  t.field({
    type: AcceptInvitationSuccess,
    errors: {
      types: [ValidationError, NotAllowedError],
      directResult: true,
      union: { name: 'AcceptInvitationResult' },
    },
    args: { input: t.arg({ type: AcceptInvitationInput, required: true }) },
    resolve: (_root, { input }, context) =>
      acceptInvitation(context.prisma, {
        secret: input.secret,
        password: input.password,
        displayName: input.displayName,
      }),
  }),
);
