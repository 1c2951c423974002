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
