// Pages a viewer's organization may not use explain why instead of failing or looking empty.
import { can, type Permission, type SignedInViewer } from './viewer.ts';

const EXPLANATIONS: Partial<Record<Permission, { title: string; text: string }>> = {
  ENTRY_READ: {
    title: 'Entry summaries are not shown to your organization',
    text:
      'Entry summaries are visible to the importer of record and the broker that filed them. As a Form 4811 ' +
      'notify party you receive the refunds importers have designated to you.',
  },
};

/** Thrown by a route whose permission the viewer lacks; the route's error page shows the explanation. */
export class PageNotAvailableError extends Error {
  constructor(
    readonly permission: Permission,
    readonly title: string,
    readonly text: string,
  ) {
    super(title);
    this.name = 'PageNotAvailableError';
  }
}

export function requirePermission(viewer: SignedInViewer, permission: Permission): void {
  if (can(viewer, permission)) return;
  const explanation = EXPLANATIONS[permission] ?? {
    title: 'This page is not available to you',
    text: 'Your role in your organization does not include it. An administrator of your organization can change your role.',
  };
  throw new PageNotAvailableError(permission, explanation.title, explanation.text);
}
