// The signed-in user as the portal knows it: who, for which organization, and what they may do.

import type { OrganizationKind, Permission, ViewerQuery } from '../graphql/generated/graphql.ts';
import { graphql } from '../graphql/generated/index.ts';

export const ViewerDocument = graphql(`
  query Viewer {
    viewer {
      ...ViewerFields
      permissions
    }
  }
`);

export type SignedInViewer = NonNullable<ViewerQuery['viewer']>;
export type { OrganizationKind, Permission };

export function can(viewer: SignedInViewer, permission: Permission): boolean {
  return viewer.permissions.includes(permission);
}
