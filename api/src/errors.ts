// Expected failures, returned as typed GraphQL results (Pothos errors plugin). Anything else is thrown
// and masked by Yoga.
export class InvalidCredentialsError extends Error {
  constructor() {
    super('The e-mail address or password is not correct.');
    this.name = 'InvalidCredentialsError';
  }
}

// The CAPE services' own expected failures (one class each, shared with the worker and scripts).
export { ForbiddenError, NotAllowedError, ValidationError } from '@cape/core';

export class NotSignedInError extends Error {
  constructor() {
    super('Sign in first.');
    this.name = 'NotSignedInError';
  }
}

export class TooManySignInAttemptsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`);
    this.name = 'TooManySignInAttemptsError';
  }
}
