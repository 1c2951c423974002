// What each kind of account may do, as `resource:verb` permissions. The API checks these in one place
// (Pothos scope-auth); PostgreSQL row-level security is the second wall behind it.
export const PERMISSIONS = [
  'entry:read',
  'declaration:read',
  'declaration:file',
  'refund:read',
  'party:read',
  'ach-enrollment:manage',
  'form-4811:manage',
  'operations:review',
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type OrganizationKind = 'BROKER' | 'IMPORTER' | 'NOTIFY_PARTY' | 'OPERATOR';
export type MembershipRole = 'ADMIN' | 'STAFF' | 'VIEWER';

const READ_ONLY: Record<OrganizationKind, Permission[]> = {
  BROKER: ['entry:read', 'declaration:read', 'refund:read', 'party:read'],
  IMPORTER: ['entry:read', 'declaration:read', 'refund:read', 'party:read'],
  NOTIFY_PARTY: ['refund:read', 'party:read'],
  OPERATOR: ['entry:read', 'declaration:read', 'refund:read', 'party:read', 'audit:read'],
};

const STAFF_EXTRA: Record<OrganizationKind, Permission[]> = {
  BROKER: ['declaration:file'],
  IMPORTER: ['declaration:file'],
  NOTIFY_PARTY: [],
  OPERATOR: ['operations:review'],
};

const ADMIN_EXTRA: Record<OrganizationKind, Permission[]> = {
  BROKER: ['audit:read'],
  // Only the importer's own Trade Account Owner enters bank details or names a 4811 notify party.
  IMPORTER: ['ach-enrollment:manage', 'form-4811:manage', 'audit:read'],
  NOTIFY_PARTY: ['ach-enrollment:manage', 'audit:read'],
  OPERATOR: [],
};

export function permissionsFor(kind: OrganizationKind, role: MembershipRole): ReadonlySet<Permission> {
  const granted = [...READ_ONLY[kind]];
  if (role === 'STAFF' || role === 'ADMIN') granted.push(...STAFF_EXTRA[kind]);
  if (role === 'ADMIN') granted.push(...STAFF_EXTRA[kind], ...ADMIN_EXTRA[kind]);
  return new Set(granted);
}
