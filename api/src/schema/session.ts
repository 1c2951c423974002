import { z } from 'zod';
import { builder } from '../builder.ts';
import { InvalidCredentialsError, TooManySignInAttemptsError, ValidationError } from '../errors.ts';
import { type SignInResult, signIn } from '../services/session-service.ts';
import { parseInput } from '../validation.ts';
import { ViewerRef } from './viewer.ts';

const SignInInputSchema = z.object({
  email: z.email('Enter a valid e-mail address.').max(320),
  password: z.string().min(1, 'Enter your password.').max(1024),
  organizationId: z.uuid('organizationId must be a UUID.').nullish(),
});

const SignInInput = builder.inputType('SignInInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true }),
    organizationId: t.id({ required: false, description: 'For users in several organizations.' }),
  }),
});

const SignInPayload = builder.objectRef<SignInResult>('SignInPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send as "Authorization: Bearer <token>".' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    viewer: t.field({ type: ViewerRef, resolve: (payload) => payload.viewer }),
  }),
});

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInPayload,
    errors: { types: [ValidationError, InvalidCredentialsError, TooManySignInAttemptsError] },
    args: { input: t.arg({ type: SignInInput, required: true }) },
    resolve: async (_root, args, context) =>
      await signIn(context.prisma, context.config, parseInput(SignInInputSchema, args.input), {
        throttle: context.signInThrottle,
        clientAddress: context.clientAddress,
        operatorPrisma: context.operatorPrisma,
      }),
  }),
);
