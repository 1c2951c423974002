// What each kind of account may do, as `resource:verb` permissions. The API checks these in one place
// (Pothos scope-auth); PostgreSQL row-level security is the second wall behind it.
export const PERMISSIONS = [
  'entry:read',
  'declaration:read',
  'declaration:file',
  'declaration:approve',
  'entry:ingest',
  'refund:read',
  'party:read',
  'ach-enrollment:manage',
  'form-4811:manage',
  'form-4811:read',
  'member:manage',
  'api-token:manage',
  'operations:review',
  'processing:run',
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type OrganizationKind = 'BROKER' | 'IMPORTER' | 'NOTIFY_PARTY' | 'OPERATOR';
export type MembershipRole = 'ADMIN' | 'STAFF' | 'VIEWER';

const READ_ONLY: Record<OrganizationKind, Permission[]> = {
  BROKER: ['entry:read', 'declaration:read', 'refund:read', 'party:read'],
  IMPORTER: ['entry:read', 'declaration:read', 'refund:read', 'party:read', 'form-4811:read'],
  NOTIFY_PARTY: ['refund:read', 'party:read', 'form-4811:read'],
  OPERATOR: ['entry:read', 'declaration:read', 'refund:read', 'party:read', 'audit:read', 'form-4811:read'],
};

// Filers upload entry summaries for their own filer codes (as ABI filings reach ACE); the operator for anyone.
const STAFF_EXTRA: Record<OrganizationKind, Permission[]> = {
  BROKER: ['declaration:file', 'entry:ingest'],
  IMPORTER: ['declaration:file', 'entry:ingest'],
  NOTIFY_PARTY: [],
  OPERATOR: ['operations:review', 'processing:run', 'entry:ingest'],
};

// Every account's admins manage its members and its API tokens.
const ACCOUNT_ADMIN: Permission[] = ['member:manage', 'api-token:manage'];

const ADMIN_EXTRA: Record<OrganizationKind, Permission[]> = {
  // Under the two-person rule an admin approves what staff prepared.
  BROKER: ['audit:read', 'declaration:approve', ...ACCOUNT_ADMIN],
  // Only the importer's own Trade Account Owner enters bank details or names a 4811 notify party.
  IMPORTER: [
    'ach-enrollment:manage',
    'form-4811:manage',
    'audit:read',
    'declaration:approve',
    ...ACCOUNT_ADMIN,
  ],
  NOTIFY_PARTY: ['ach-enrollment:manage', 'audit:read', ...ACCOUNT_ADMIN],
  OPERATOR: [...ACCOUNT_ADMIN],
};

export function permissionsFor(kind: OrganizationKind, role: MembershipRole): ReadonlySet<Permission> {
  const granted = [...READ_ONLY[kind]];
  if (role === 'STAFF' || role === 'ADMIN') granted.push(...STAFF_EXTRA[kind]);
  if (role === 'ADMIN') granted.push(...STAFF_EXTRA[kind], ...ADMIN_EXTRA[kind]);
  return new Set(granted);
}
