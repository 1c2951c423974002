import { useMemo } from 'react';
import { Provider, useQuery } from 'urql';
import { AppHeader, BrandMark } from './AppHeader.tsx';
import { createPortalClient, errorMessages } from './client.ts';
import { EntriesPage } from './EntriesPage.tsx';
import { graphql } from './graphql/generated/index.ts';
import { SignInPage } from './SignInPage.tsx';
import { sessionStore, useSessionToken } from './session.ts';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      ...ViewerFields
      permissions
    }
  }
`);

export function App() {
  const token = useSessionToken();
  const client = useMemo(() => createPortalClient({ token, onSessionEnded: sessionStore.clear }), [token]);
  return (
    <Provider value={client}>
      {token ? (
        <SignedIn onSignOut={sessionStore.clear} />
      ) : (
        <SignInPage onSignedIn={sessionStore.setToken} />
      )}
    </Provider>
  );
}

/** Notify parties receive refunds but may not read entry summaries (they are not the IOR or its filer). */
function NoEntryAccess() {
  return (
    <main className="page">
      <div className="empty-state" data-testid="no-entry-access">
        <p className="empty-title">Entry summaries are not shown to your organization</p>
        <p>
          Entry summaries are visible to the importer of record and the broker that filed them. As a Form 4811
          notify party you receive the refunds importers have designated to you.
        </p>
      </div>
    </main>
  );
}

function SignedIn({ onSignOut }: { onSignOut: () => void }) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ViewerQuery });
  if (data?.viewer) {
    return (
      <div className="app">
        <AppHeader viewer={data.viewer} onSignOut={onSignOut} />
        {data.viewer.permissions.includes('ENTRY_READ') ? <EntriesPage /> : <NoEntryAccess />}
      </div>
    );
  }
  return (
    <div className="sign-in-layout">
      <main className="sign-in-card">
        <BrandMark />
        {error ? (
          <div role="alert" className="alert alert-error">
            <p className="alert-title">Your session could not be loaded.</p>
            {errorMessages(error).map((message) => (
              <p key={message}>{message}</p>
            ))}
            <div className="button-row">
              <button
                type="button"
                className="button button-primary"
                onClick={() => reexecute({ requestPolicy: 'network-only' })}
              >
                Try again
              </button>
              <button type="button" className="button button-secondary" onClick={onSignOut}>
                Sign out
              </button>
            </div>
          </div>
        ) : (
          <p className="placeholder" aria-live="polite">
            {fetching ? 'Loading your session…' : 'Your session has ended.'}
          </p>
        )}
      </main>
    </div>
  );
}
