import { type ErrorComponentProps, Link } from '@tanstack/react-router';
import { usePageTitle } from '../ui/use-page-title.ts';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <div className="empty-state" data-testid="not-found">
      <h1 className="empty-title">This page does not exist</h1>
      <p className="muted">
        The address may be mistyped, or the page was moved. <Link to="/">Go to your start page</Link>.
      </p>
    </div>
  );
}

export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  usePageTitle('Something went wrong');
  return (
    <div role="alert" className="alert alert-error" data-testid="route-error">
      <h1 className="alert-title">This page could not be shown.</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={reset}>
          Try again
        </button>
        <Link to="/" className="button button-secondary">
          Go to your start page
        </Link>
      </div>
    </div>
  );
}
