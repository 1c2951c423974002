// CBP operations staff: entries waiting for an operator (flagged by an automatic check, held, or left
// without a date by CBP's timing rule), paged by cursor, each held or released with an audited reason.
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { formatCents, formatDate, formatDateTime, humanize } from '../format.ts';
import type { ReviewQueueItemFieldsFragment } from '../graphql/generated/graphql.ts';
import { graphql } from '../graphql/generated/index.ts';
import { CursorPagination, useCursorPages } from '../ui/cursor-pages.tsx';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { usePageTitle } from '../ui/use-page-title.ts';
import { type ReviewDecision, ReviewDecisionDialog } from './ReviewDecisionDialog.tsx';
import { REVIEW_QUEUE_STATES, type ReviewQueueState } from './review-queue-search.ts';

export const ReviewQueueItemFields = graphql(`
  fragment ReviewQueueItemFields on ReviewQueueItem {
    id
    entryNumber
    formattedEntryNumber
    claimNumber
    importerName
    importerNumber
    acceptanceDate
    state
    flags {
      code
      description
    }
    principalCents
    liquidationKind
    scheduledDate
    reliquidationDeadline
    scheduleNote
    reviewReason
    reviewedAt
  }
`);

export const ReviewQueueQuery = graphql(`
  query ReviewQueue($first: Int!, $after: String, $states: [ReviewQueueState!]) {
    reviewQueue(first: $first, after: $after, states: $states) {
      nextCursor
      items {
        ...ReviewQueueItemFields
      }
    }
  }
`);

export const REVIEW_PAGE_SIZE = 50;

const STATE_TEXT: Record<ReviewQueueState, string> = {
  AWAITING_REVIEW: 'Awaiting review',
  HELD: 'Held',
  NOT_SCHEDULABLE: 'Not schedulable',
};

function stateText(state: string): string {
  return STATE_TEXT[state as ReviewQueueState] ?? humanize(state);
}

export function ReviewQueuePage() {
  usePageTitle('Review queue');
  const id = useId();
  const { state } = useSearch({ from: '/review-queue' });
  const navigate = useNavigate({ from: '/review-queue' });
  const pages = useCursorPages(state ?? '', REVIEW_PAGE_SIZE);
  const [decision, setDecision] = useState<ReviewDecision | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const [result, reexecute] = useQuery({
    query: ReviewQueueQuery,
    variables: { first: REVIEW_PAGE_SIZE, after: pages.after, states: state ? [state] : null },
    requestPolicy: 'cache-and-network',
  });
  const page = result.data?.reviewQueue;
  const items = page?.items ?? [];

  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Review queue</h1>
          <p className="muted">
            Accepted entries waiting for an operator, in entry order. Hold or release each with a reason;
            every decision is audited.
          </p>
        </div>
      </div>

      <search className="filters" aria-label="Filter the review queue">
        <div className="field">
          <label htmlFor={`${id}-state`}>State</label>
          <select
            id={`${id}-state`}
            value={state ?? ''}
            onChange={(event) => {
              const value = REVIEW_QUEUE_STATES.find((candidate) => candidate === event.target.value);
              void navigate({ search: { state: value }, replace: true });
            }}
          >
            <option value="">All waiting entries</option>
            {REVIEW_QUEUE_STATES.map((value) => (
              <option key={value} value={value}>
                {STATE_TEXT[value]}
              </option>
            ))}
          </select>
        </div>
      </search>

      <p className="visually-hidden" role="status" data-testid="review-announcement">
        {announcement}
      </p>

      {result.error && (
        <ErrorState
          title="The review queue could not be loaded."
          error={result.error}
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
          testId="review-queue-error"
        />
      )}
      {!page && result.fetching && <LoadingState label="Loading the review queue…" />}
      {page && items.length === 0 && (
        <EmptyState testId="review-queue-empty" title="No entries are waiting for review.">
          {state
            ? `No entry is ${stateText(state).toLowerCase()} now.`
            : 'Entries appear here when an automatic check flags them, an operator holds them, or CBP’s timing rule leaves them without a date.'}
        </EmptyState>
      )}

      {page && items.length > 0 && (
        <>
          <div className="table-box">
            <table className="data-table" aria-busy={result.fetching}>
              <caption className="visually-hidden">Entries waiting for review</caption>
              <thead>
                <tr>
                  <th scope="col">Entry</th>
                  <th scope="col">Importer</th>
                  <th scope="col">Accepted</th>
                  <th scope="col" className="numeric">
                    Principal
                  </th>
                  <th scope="col">State and checks</th>
                  <th scope="col">Schedule</th>
                  <th scope="col">Last decision</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <ReviewQueueRow key={item.id} item={item} onDecide={setDecision} />
                ))}
              </tbody>
            </table>
          </div>
          <CursorPagination
            pages={pages}
            shown={items.length}
            nextCursor={page.nextCursor}
            busy={result.fetching}
            label="Review queue pages"
          />
        </>
      )}

      {decision && (
        <ReviewDecisionDialog
          decision={decision}
          onClose={() => setDecision(null)}
          onDecided={(entry) => {
            setDecision(null);
            setAnnouncement(
              `Entry ${entry.formattedEntryNumber} ${decision.kind === 'hold' ? 'is held' : 'was released'}.`,
            );
            reexecute({ requestPolicy: 'network-only' });
          }}
        />
      )}
    </>
  );
}

function ReviewQueueRow({
  item,
  onDecide,
}: {
  item: ReviewQueueItemFieldsFragment;
  onDecide: (decision: ReviewDecision) => void;
}) {
  const canRelease = item.state === 'AWAITING_REVIEW' || item.state === 'HELD';
  const canHold = item.state !== 'HELD';
  return (
    <tr>
      <th scope="row">
        <span className="mono strong">{item.formattedEntryNumber}</span>
        <span className="sub">Claim {item.claimNumber}</span>
      </th>
      <td>
        <span className="clip">{item.importerName}</span>
        <span className="sub mono">{item.importerNumber}</span>
      </td>
      <td className="nowrap">{formatDate(item.acceptanceDate)}</td>
      <td className="numeric">
        <span className="mono">{formatCents(item.principalCents)}</span>
      </td>
      <td>
        <span className={`badge badge-state badge-state-${item.state.toLowerCase().replace(/_/g, '-')}`}>
          {stateText(item.state)}
        </span>
        {item.flags.length > 0 && (
          <ul className="plain-list sub">
            {item.flags.map((flag) => (
              <li key={flag.code}>{flag.description}</li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {item.scheduledDate ? (
          <span className="nowrap">
            {item.liquidationKind ? `${humanize(item.liquidationKind)} ` : ''}
            {formatDate(item.scheduledDate)}
          </span>
        ) : (
          <span className="muted">No date</span>
        )}
        {item.reliquidationDeadline && (
          <span className="sub nowrap">Limit {formatDate(item.reliquidationDeadline)}</span>
        )}
        {item.scheduleNote && <span className="sub">{item.scheduleNote}</span>}
      </td>
      <td>
        {item.reviewReason ? (
          <>
            <span>{item.reviewReason}</span>
            {item.reviewedAt && <span className="sub nowrap">{formatDateTime(item.reviewedAt)}</span>}
          </>
        ) : (
          <span className="muted">None yet</span>
        )}
      </td>
      <td>
        <div className="row-actions">
          {canHold && (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => onDecide({ kind: 'hold', entry: item })}
              aria-label={`Hold entry ${item.formattedEntryNumber}`}
            >
              Hold
            </button>
          )}
          {canRelease && (
            <button
              type="button"
              className="button button-primary button-small"
              onClick={() => onDecide({ kind: 'release', entry: item })}
              aria-label={`Release entry ${item.formattedEntryNumber}`}
            >
              Release
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
