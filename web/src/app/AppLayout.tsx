import { Outlet, useLocation, useRouteContext } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { AppHeader } from './AppHeader.tsx';
import { navigationFor } from './navigation.ts';

export function AppLayout() {
  const { viewer, signOut } = useRouteContext({ from: '__root__' });
  const pathname = useLocation({ select: (location) => location.pathname });
  const main = useRef<HTMLElement>(null);
  const previousPathname = useRef(pathname);

  // After moving to another page, focus its content so keyboard and screen-reader users start there.
  useEffect(() => {
    if (previousPathname.current === pathname) return;
    previousPathname.current = pathname;
    main.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        Skip to main content
      </button>
      <AppHeader viewer={viewer} navigation={navigationFor(viewer)} onSignOut={signOut} />
      <main id="main" className="page" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </div>
  );
}
