import { RouterProvider } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Provider, useQuery } from 'urql';
import { BrandMark } from './app/AppHeader.tsx';
import { createPortalRouter } from './app/router.tsx';
import { SignInPage } from './app/SignInPage.tsx';
import { type SignedInViewer, ViewerDocument } from './app/viewer.ts';
import { createPortalClient } from './client.ts';
import { sessionStore, useSessionToken } from './session.ts';
import { ErrorState, LoadingState } from './ui/states.tsx';

export function App() {
  const token = useSessionToken();
  const client = useMemo(() => createPortalClient({ token, onSessionEnded: sessionStore.clear }), [token]);
  const signedOut = useRef(false);
  const signOut = useCallback(() => {
    signedOut.current = true;
    sessionStore.clear();
  }, []);
  // Signing out forgets the page too, so the next person starts on their own start page. The address is
  // reset once the router is gone (it would otherwise act on it); an expired session keeps it, so signing
  // in again returns to the same page.
  useEffect(() => {
    if (token || !signedOut.current) return;
    signedOut.current = false;
    window.history.replaceState(null, '', '/');
  }, [token]);
  return (
    <Provider value={client}>
      {token ? <SignedIn key={token} signOut={signOut} /> : <SignInPage onSignedIn={sessionStore.setToken} />}
    </Provider>
  );
}

function SignedIn({ signOut }: { signOut: () => void }) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ViewerDocument });
  if (data?.viewer) return <Portal viewer={data.viewer} signOut={signOut} />;
  return (
    <div className="sign-in-layout">
      <main className="sign-in-card">
        <BrandMark />
        {error ? (
          <ErrorState
            title="Your session could not be loaded."
            error={error}
            onRetry={() => reexecute({ requestPolicy: 'network-only' })}
          />
        ) : (
          <LoadingState label={fetching ? 'Loading your session…' : 'Your session has ended.'} />
        )}
        {error && (
          <button type="button" className="button button-secondary" onClick={signOut}>
            Sign out
          </button>
        )}
      </main>
    </div>
  );
}

function Portal({ viewer, signOut }: { viewer: SignedInViewer; signOut: () => void }) {
  // One router per session (SignedIn is keyed by the token); the viewer reaches routes through its context.
  const [router] = useState(() => createPortalRouter({ viewer, signOut }));
  return <RouterProvider router={router} context={{ viewer, signOut }} />;
}
