// Expected failures of CAPE services, as typed errors: the API returns them as typed results (Pothos errors
// plugin), the worker records them. Anything else thrown is unexpected and masked by the API.
import type { Permission } from '@cape/auth';

export class ForbiddenError extends Error {
  constructor(readonly permission: Permission) {
    super(`Your account may not do this (it needs the permission "${permission}").`);
    this.name = 'ForbiddenError';
  }
}

/** The request is well-formed but the platform's state or configuration does not allow it. */
export class NotAllowedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAllowedError';
  }
}

/** The input is not acceptable; every problem is listed with the input field it concerns. */
export class ValidationError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ValidationError';
  }

  /** One problem with one field. */
  static of(path: string, message: string): ValidationError {
    return new ValidationError(message, [{ path, message }]);
  }
}
