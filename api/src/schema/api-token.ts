// API tokens for third-party software: created by an admin (shown once), listed, revoked.
import { type ApiTokenView, createApiToken, listApiTokens, revokeApiToken } from '@cape/core';
import { builder } from '../builder.ts';
import { serviceContextOf } from '../context.ts';
import { ForbiddenError, NotAllowedError, NotSignedInError, ValidationError } from '../errors.ts';
import type { Viewer } from '../viewer.ts';
import { PermissionEnum, ViewerRef } from './viewer.ts';

const MUTATION_ERRORS = [ValidationError, ForbiddenError, NotAllowedError, NotSignedInError];

const ApiTokenStateEnum = builder.enumType('ApiTokenState', {
  values: ['ACTIVE', 'EXPIRED', 'REVOKED'] as const,
});

const ApiTokenRef = builder.objectRef<ApiTokenView>('ApiToken').implement({
  description:
    'A token third-party software sends as "Authorization: Bearer <token>". It acts for its creator within its scopes, never beyond what the creator may do now.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The visible start of the token, to recognize it.' }),
    scopes: t.field({ type: [PermissionEnum], resolve: (token) => token.scopes }),
    state: t.field({ type: ApiTokenStateEnum, resolve: (token) => token.state }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'To the minute.',
    }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    createdByUserId: t.exposeID('createdByUserId'),
    createdByName: t.exposeString('createdByName', {
      nullable: true,
      description: 'Null when the creator is no longer a member (their tokens were revoked then).',
    }),
  }),
});

builder.queryField('apiTokens', (t) =>
  t.field({
    type: [ApiTokenRef],
    description: "Your account's API tokens, newest first (never their secrets).",
    authScopes: { permission: 'api-token:manage' },
    resolve: (_root, _args, context) => listApiTokens(serviceContextOf(context)),
  }),
);

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'What uses it, e.g. "Brokerage system (production)".' }),
    scopes: t.field({
      type: [PermissionEnum],
      required: true,
      description:
        'What it may do; each must be a permission you hold. MEMBER_MANAGE and API_TOKEN_MANAGE never.',
    }),
    expiresInDays: t.int({ required: false, description: '1 to 366; default 90.' }),
  }),
});

const CreateApiTokenSuccess = builder
  .objectRef<{ token: string; apiToken: ApiTokenView }>('CreateApiTokenSuccess')
  .implement({
    fields: (t) => ({
      token: t.exposeString('token', {
        description: 'The secret, shown this once: store it now. Only its hash is kept.',
      }),
      apiToken: t.field({ type: ApiTokenRef, resolve: (result) => result.apiToken }),
    }),
  });

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: CreateApiTokenSuccess,
    errors: { types: MUTATION_ERRORS, directResult: true, union: { name: 'CreateApiTokenResult' } },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: (_root, { input }, context) =>
      createApiToken(serviceContextOf(context), {
        name: input.name,
        scopes: input.scopes,
        expiresInDays: input.expiresInDays,
      }),
  }),
);

const RevokeApiTokenInput = builder.inputType('RevokeApiTokenInput', {
  fields: (t) => ({ tokenId: t.id({ required: true }) }),
});

const RevokeApiTokenSuccess = builder.objectRef<ApiTokenView>('RevokeApiTokenSuccess').implement({
  fields: (t) => ({ apiToken: t.field({ type: ApiTokenRef, resolve: (token) => token }) }),
});

builder.mutationField('revokeApiToken', (t) =>
  t.field({
    type: RevokeApiTokenSuccess,
    errors: { types: MUTATION_ERRORS, directResult: true, union: { name: 'RevokeApiTokenResult' } },
    args: { input: t.arg({ type: RevokeApiTokenInput, required: true }) },
    resolve: (_root, { input }, context) =>
      revokeApiToken(serviceContextOf(context), { tokenId: String(input.tokenId) }),
  }),
);

const ViewerApiToken = builder.objectRef<NonNullable<Viewer['apiToken']>>('ViewerApiToken').implement({
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name'), prefix: t.exposeString('prefix') }),
});

builder.objectField(ViewerRef, 'apiToken', (t) =>
  t.field({
    type: ViewerApiToken,
    nullable: true,
    description: 'The API token this request was made with; null for a portal session.',
    resolve: (viewer) => viewer.apiToken ?? null,
  }),
);
