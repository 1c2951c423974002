import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App.tsx';

const viewer = {
  __typename: 'Viewer',
  userId: 'u1',
  displayName: 'Ana Broker',
  email: 'ana@broker.test',
  role: 'STAFF',
  permissions: ['ENTRY_READ', 'DECLARATION_READ', 'DECLARATION_FILE'],
  organization: {
    __typename: 'ViewerOrganization',
    id: 'o1',
    name: 'Harbor Customs Brokerage',
    kind: 'BROKER',
  },
};

interface GraphqlRequest {
  query: string;
  authorization: string | null;
}

/** Answers the portal's fetches by operation name, the way the API would. */
function stubApi(answer: (operationName: string, request: GraphqlRequest) => unknown) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://x',
    );
    const body = init?.body
      ? (JSON.parse(String(init.body)) as { query: string })
      : { query: url.searchParams.get('query') ?? '' };
    const operationName = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '';
    const authorization = new Headers(init?.headers).get('authorization');
    return Response.json(answer(operationName, { query: body.query, authorization }));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('App', () => {
  it('signs in, sends the token, shows the viewer and signs out on request', async () => {
    const authorizations: (string | null)[] = [];
    stubApi((operation, request) => {
      authorizations.push(request.authorization);
      switch (operation) {
        case 'SignIn':
          return {
            data: {
              signIn: {
                __typename: 'MutationSignInSuccess',
                data: { __typename: 'SignInPayload', token: 'tok', expiresAt: '2030-01-01T00:00:00Z' },
              },
            },
          };
        case 'Viewer':
          return { data: { viewer } };
        default:
          return {
            data: {
              entries: {
                __typename: 'QueryEntriesConnection',
                totalCount: 0,
                pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
                edges: [],
              },
            },
          };
      }
    });
    const user = userEvent.setup();
    render(<App />);
    await user.type(screen.getByLabelText('E-mail address'), 'ana@broker.test');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByTestId('viewer-name')).textContent).toBe('Ana Broker');
    expect(screen.getByTestId('organization-name').textContent).toBe('Harbor Customs Brokerage');
    expect(screen.getByTestId('organization-kind').textContent).toBe('Broker');
    expect(sessionStorage.getItem('cape.sessionToken')).toBe('tok');
    expect(authorizations[0]).toBeNull();
    expect(authorizations.slice(1)).toEqual(authorizations.slice(1).map(() => 'Bearer tok'));

    // A broker starts on its entries, which the lazily loaded page asks for with the same token.
    expect(await screen.findByRole('heading', { level: 1, name: 'Entry summaries' })).toBeTruthy();
    expect(window.location.pathname).toBe('/entries');
    const navigation = screen.getByRole('navigation', { name: 'Main' });
    expect(within(navigation).getByRole('link', { name: 'Entries' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(await screen.findByTestId('entries-empty')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(sessionStorage.getItem('cape.sessionToken')).toBeNull();
    expect(window.location.pathname).toBe('/');
  });

  it('signs out when the API answers viewer: null', async () => {
    sessionStorage.setItem('cape.sessionToken', 'expired');
    stubApi(() => ({ data: { viewer: null } }));
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(sessionStorage.getItem('cape.sessionToken')).toBeNull();
  });

  it('takes a notify party to its refunds, with no entries in its navigation', async () => {
    sessionStorage.setItem('cape.sessionToken', 'tok');
    const operations: string[] = [];
    stubApi((operation) => {
      operations.push(operation);
      if (operation === 'Refunds') {
        return { data: { rev603Report: { __typename: 'Rev603RowPage', nextCursor: null, rows: [] } } };
      }
      return {
        data: {
          viewer: {
            ...viewer,
            permissions: ['REFUND_READ', 'PARTY_READ'],
            organization: {
              ...viewer.organization,
              name: 'Keystone Trade Finance LLC',
              kind: 'NOTIFY_PARTY',
            },
          },
        },
      };
    });
    render(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Refunds' })).toBeTruthy();
    expect(window.location.pathname).toBe('/refunds');
    const navigation = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(navigation)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Refunds']);
    expect(await screen.findByTestId('refunds-empty')).toBeTruthy();
    expect(operations).toEqual(['Viewer', 'Refunds']);
  });
});
