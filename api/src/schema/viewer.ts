import { PERMISSIONS } from '@cape/auth';
import { builder } from '../builder.ts';
import type { Viewer } from '../viewer.ts';

export const OrganizationKindEnum = builder.enumType('OrganizationKind', {
  values: ['BROKER', 'IMPORTER', 'NOTIFY_PARTY', 'OPERATOR'] as const,
});
export const MembershipRoleEnum = builder.enumType('MembershipRole', {
  values: ['ADMIN', 'STAFF', 'VIEWER'] as const,
});
export const PermissionEnum = builder.enumType('Permission', {
  description: 'What the signed-in user may do, as resource:verb.',
  values: Object.fromEntries(
    PERMISSIONS.map((permission) => [permission.replace(/[:-]/g, '_').toUpperCase(), { value: permission }]),
  ),
});

export const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The signed-in user, acting for one organization.',
  fields: (t) => ({
    userId: t.exposeID('userId'),
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName'),
    organization: t.field({
      type: ViewerOrganization,
      resolve: (viewer) => ({
        id: viewer.organizationId,
        name: viewer.organizationName,
        kind: viewer.organizationKind,
      }),
    }),
    role: t.field({ type: MembershipRoleEnum, resolve: (viewer) => viewer.role }),
    permissions: t.field({ type: [PermissionEnum], resolve: (viewer) => [...viewer.permissions] }),
  }),
});

const ViewerOrganization = builder
  .objectRef<{ id: string; name: string; kind: Viewer['organizationKind'] }>('ViewerOrganization')
  .implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      kind: t.field({ type: OrganizationKindEnum, resolve: (organization) => organization.kind }),
    }),
  });

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    nullable: true,
    description: 'The signed-in user, or null when the request carries no valid session.',
    resolve: (_root, _args, context) => context.viewer,
  }),
);
