// Rendering helpers: the portal's real routes in memory history, answered by a mock urql client.
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@urql/core';
import type { ReactNode } from 'react';
import { Provider } from 'urql';
import { vi } from 'vitest';
import { createPortalRouter } from '../app/router.tsx';
import type { SignedInViewer } from '../app/viewer.ts';
import { type MockHandler, mockClient } from './mock-client.ts';

const NO_ANSWER: MockHandler = (operation) => ({
  errors: [{ message: `No answer for ${operation.kind} in this test.` }],
});

export function renderPortal(path: string, viewer: SignedInViewer, handler: MockHandler = NO_ANSWER) {
  const operations: Operation[] = [];
  const client = mockClient((operation) => {
    operations.push(operation);
    return handler(operation);
  });
  const signOut = vi.fn();
  const router = createPortalRouter({ viewer, signOut }, createMemoryHistory({ initialEntries: [path] }));
  render(
    <Provider value={client}>
      <RouterProvider router={router} />
    </Provider>,
  );
  return { router, operations, signOut, user: userEvent.setup() };
}

/** A component that renders router links, inside a router of its own (it renders once routes resolve). */
export function renderWithRouter(element: ReactNode) {
  const rootRoute = createRootRoute({ component: () => element });
  const router = createRouter({ routeTree: rootRoute, history: createMemoryHistory() });
  render(<RouterProvider router={router} />);
  return router;
}
