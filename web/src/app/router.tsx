// Routes of the portal. Pages load on demand (their own chunks) so the first load stays small; search
// parameters are validated with zod, and a malformed link falls back to defaults instead of failing.
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  type RouterHistory,
  redirect,
} from '@tanstack/react-router';
import { AccountPage } from '../account/AccountPage.tsx';
import { EntrySearchSchema } from '../entries/entry-search.ts';
import { IngestSearchSchema } from '../ingestion/ingestion-schema.ts';
import { ReviewQueueSearchSchema } from '../operations/review-queue-search.ts';
import { RefundSearchSchema } from '../refunds/refund-search.ts';
import { LoadingState } from '../ui/states.tsx';
import { AppLayout } from './AppLayout.tsx';
import { requiringPermission } from './access.tsx';
import { homePathFor } from './navigation.ts';
import { NotFoundPage, RouteErrorPage } from './RoutePages.tsx';
import type { SignedInViewer } from './viewer.ts';

export interface PortalRouterContext {
  viewer: SignedInViewer;
  signOut: () => void;
}

const rootRoute = createRootRouteWithContext<PortalRouterContext>()({
  component: AppLayout,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorPage,
});

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    throw redirect({ to: homePathFor(context.viewer), replace: true });
  },
});

const entriesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/entries',
  validateSearch: EntrySearchSchema,
  component: requiringPermission(
    'ENTRY_READ',
    lazyRouteComponent(() => import('../entries/EntriesPage.tsx'), 'EntriesPage'),
  ),
});

const entryRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/entries/$entryNumber',
  component: requiringPermission(
    'ENTRY_READ',
    lazyRouteComponent(() => import('../entries/EntryDetailPage.tsx'), 'EntryDetailPage'),
  ),
});

const ingestRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/ingest',
  validateSearch: IngestSearchSchema,
  component: requiringPermission(
    'ENTRY_INGEST',
    lazyRouteComponent(() => import('../ingestion/IngestPage.tsx'), 'IngestPage'),
  ),
});

const refundsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/refunds',
  validateSearch: RefundSearchSchema,
  component: requiringPermission(
    'REFUND_READ',
    lazyRouteComponent(() => import('../refunds/RefundsPage.tsx'), 'RefundsPage'),
  ),
});

const reviewQueueRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/review-queue',
  validateSearch: ReviewQueueSearchSchema,
  component: requiringPermission(
    'OPERATIONS_REVIEW',
    lazyRouteComponent(() => import('../operations/ReviewQueuePage.tsx'), 'ReviewQueuePage'),
  ),
});

const processingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/processing',
  component: requiringPermission(
    'PROCESSING_RUN',
    lazyRouteComponent(() => import('../operations/ProcessingPage.tsx'), 'ProcessingPage'),
  ),
});

const accountRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account',
  component: AccountPage,
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  entriesRoute,
  entryRoute,
  ingestRoute,
  refundsRoute,
  reviewQueueRoute,
  processingRoute,
  accountRoute,
]);

function PendingPage() {
  return <LoadingState label="Loading the page…" />;
}

/** One router per signed-in session; tests pass a memory history. */
export function createPortalRouter(context: PortalRouterContext, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context,
    ...(history ? { history } : {}),
    defaultPreload: 'intent',
    defaultPendingComponent: PendingPage,
    // No scroll restoration: it would also put back the scroll position of the entries list after the list
    // scrolled to its top for a new filter or sort (it restores every scrolled element).
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createPortalRouter>;
  }
}
