import { builder } from '../builder.ts';
import {
  ForbiddenError,
  InvalidCredentialsError,
  NotAllowedError,
  NotSignedInError,
  TooManySignInAttemptsError,
  ValidationError,
} from '../errors.ts';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'An expected failure, returned as data so clients can handle it.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const ValidationIssue = builder.objectRef<{ path: string; message: string }>('ValidationIssue').implement({
  description: 'One problem with one input field.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'The input field, e.g. "input.email".' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  description: 'The input was not acceptable; every problem is listed.',
  fields: (t) => ({ issues: t.field({ type: [ValidationIssue], resolve: (error) => error.issues }) }),
});

builder.objectType(InvalidCredentialsError, {
  name: 'InvalidCredentialsError',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

builder.objectType(NotAllowedError, {
  name: 'NotAllowedError',
  interfaces: [ErrorInterface],
  description: "The request is well-formed, but the platform's state or configuration does not allow it.",
  fields: () => ({}),
});

builder.objectType(NotSignedInError, {
  name: 'NotSignedInError',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

builder.objectType(TooManySignInAttemptsError, {
  name: 'TooManySignInAttemptsError',
  interfaces: [ErrorInterface],
  description: 'Sign-in is paused after repeated failures for this e-mail address or network address.',
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});
