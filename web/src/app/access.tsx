// Pages a viewer's organization may not use explain why instead of failing or looking empty.
import { type AsyncRouteComponent, useRouteContext } from '@tanstack/react-router';
import { usePageTitle } from '../ui/use-page-title.ts';
import { can, type Permission } from './viewer.ts';

const EXPLANATIONS: Partial<Record<Permission, { title: string; text: string }>> = {
  ENTRY_READ: {
    title: 'Entry summaries are not shown to your organization',
    text:
      'Entry summaries are visible to the importer of record and the broker that filed them. As a Form 4811 ' +
      'notify party you receive the refunds importers have designated to you.',
  },
};

const GENERIC = {
  title: 'This page is not available to you',
  text: 'Your role in your organization does not include it. An administrator of your organization can change your role.',
};

function PageNotAvailable({ permission }: { permission: Permission }) {
  const { title, text } = EXPLANATIONS[permission] ?? GENERIC;
  usePageTitle('Not available');
  return (
    <div className="empty-state" data-testid="page-not-available">
      <h1 className="empty-title">{title}</h1>
      <p className="muted">{text}</p>
    </div>
  );
}

/** The page for viewers who hold the permission; the explanation for everyone else (the page never loads). */
export function requiringPermission(permission: Permission, Page: AsyncRouteComponent<unknown>) {
  function PermittedPage() {
    const viewer = useRouteContext({ from: '__root__', select: (context) => context.viewer });
    return can(viewer, permission) ? <Page /> : <PageNotAvailable permission={permission} />;
  }
  // The router loads a lazy page's code before rendering it (rendering it unloaded would suspend).
  return Object.assign(PermittedPage, { preload: Page.preload });
}
