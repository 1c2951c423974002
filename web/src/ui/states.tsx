// The three states every page shows besides its content: loading, empty and failed.
import type { CombinedError } from '@urql/core';
import type { ReactNode } from 'react';
import { errorMessages } from '../client.ts';

export function LoadingState({ label }: { label: string }) {
  return (
    <p className="loading-state" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function EmptyState({
  title,
  children,
  testId,
}: {
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty-state" data-testid={testId}>
      <p className="empty-title">{title}</p>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

export function ErrorState({
  title,
  error,
  onRetry,
  testId,
}: {
  title: string;
  error: CombinedError;
  onRetry?: () => void;
  testId?: string;
}) {
  return (
    <div role="alert" className="alert alert-error" data-testid={testId}>
      <p className="alert-title">{title}</p>
      {errorMessages(error).map((message) => (
        <p key={message}>{message}</p>
      ))}
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
