export {
  DEFAULT_PASSWORD_COST,
  HASHES_AT_ONCE,
  hashPassword,
  needsRehash,
  type PasswordCost,
  passwordHashesRunning,
  verifyPassword,
} from './password.ts';
export {
  type MembershipRole,
  type OrganizationKind,
  PERMISSIONS,
  type Permission,
  permissionsFor,
} from './permissions.ts';
export { type SessionClaims, signSessionToken, verifySessionToken } from './session-token.ts';
