// The main navigation per kind of organization. A page appears here once the API behind it exists; the
// planned pages are broker staff: Dashboard, Clients, Entries, Ingest, Declarations, Refunds, Settings;
// importer: Entries, Declarations, Refunds, ACH enrollment, Form 4811; notify party: Refunds; operator:
// Review queue, Processing, System.
import type { OrganizationKind, Permission, SignedInViewer } from './viewer.ts';

export type PortalPath = '/entries' | '/ingest' | '/refunds' | '/review-queue' | '/processing' | '/account';

export interface NavItem {
  to: PortalPath;
  label: string;
  /** The kinds of organization whose people use this page. */
  kinds: readonly OrganizationKind[];
  /** Shown only to people who hold this permission. */
  permission: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/entries', label: 'Entries', kinds: ['BROKER', 'IMPORTER'], permission: 'ENTRY_READ' },
  { to: '/ingest', label: 'Ingest', kinds: ['BROKER', 'IMPORTER'], permission: 'ENTRY_INGEST' },
  {
    to: '/refunds',
    label: 'Refunds',
    kinds: ['BROKER', 'IMPORTER', 'NOTIFY_PARTY'],
    permission: 'REFUND_READ',
  },
  { to: '/review-queue', label: 'Review queue', kinds: ['OPERATOR'], permission: 'OPERATIONS_REVIEW' },
  { to: '/processing', label: 'Processing', kinds: ['OPERATOR'], permission: 'PROCESSING_RUN' },
];

export function navigationFor(viewer: SignedInViewer): NavItem[] {
  return NAV_ITEMS.filter(
    (item) => item.kinds.includes(viewer.organization.kind) && viewer.permissions.includes(item.permission),
  );
}

/** Where "/" leads: the first page of the navigation, or the account page when there is none. */
export function homePathFor(viewer: SignedInViewer): PortalPath {
  return navigationFor(viewer)[0]?.to ?? '/account';
}
