import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { errorMessages } from './client.ts';
import { EntriesTable } from './EntriesTable.tsx';
import { countLabel, humanize } from './format.ts';
import type { LiquidationStatus } from './graphql/generated/graphql.ts';
import { graphql } from './graphql/generated/index.ts';
import { useDebouncedValue } from './use-debounced-value.ts';

export const EntriesQuery = graphql(`
  query Entries($first: Int!, $after: String, $filter: EntryFilter) {
    entries(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...EntryRow
        }
      }
    }
  }
`);

export const PAGE_SIZE = 50;
export const SEARCH_DEBOUNCE_MS = 300;

const LIQUIDATION_STATUSES: readonly LiquidationStatus[] = [
  'UNLIQUIDATED',
  'EXTENDED',
  'SUSPENDED',
  'UNDER_REVIEW',
  'LIQUIDATED',
  'FINAL',
];

function isLiquidationStatus(value: string): value is LiquidationStatus {
  return (LIQUIDATION_STATUSES as readonly string[]).includes(value);
}

export function EntriesPage() {
  const id = useId();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<LiquidationStatus | ''>('');
  const entryNumber = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const filterKey = `${entryNumber}\u0000${status}`;
  // Cursors of the pages walked through; a new filter starts again at the first page.
  const [paging, setPaging] = useState<{ filterKey: string; cursors: (string | null)[] }>({
    filterKey,
    cursors: [null],
  });
  const cursors = paging.filterKey === filterKey ? paging.cursors : [null];
  const pageIndex = cursors.length - 1;

  const [result, reexecute] = useQuery({
    query: EntriesQuery,
    variables: {
      first: PAGE_SIZE,
      after: cursors[pageIndex] ?? null,
      filter: { entryNumber: entryNumber || null, liquidationStatus: status || null },
    },
  });
  const connection = result.data?.entries;
  const entries = connection?.edges.map((edge) => edge.node) ?? [];
  const filtered = entryNumber !== '' || status !== '';
  const firstShown = pageIndex * PAGE_SIZE + 1;
  const nextCursor = connection?.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;

  return (
    <main className="page">
      <div className="page-heading">
        <div>
          <h1>Entry summaries</h1>
          <p className="muted">CBP Form 7501 entry summaries your organization may see, newest first.</p>
        </div>
        <p className="total-count" data-testid="total-count" aria-live="polite">
          {connection ? countLabel(connection.totalCount, 'entry', 'entries') : '\u00a0'}
        </p>
      </div>

      <search className="filters">
        <div className="field">
          <label htmlFor={`${id}-entry-number`}>Entry number</label>
          <input
            id={`${id}-entry-number`}
            type="search"
            inputMode="search"
            placeholder="e.g. ABC-1234567-8"
            autoComplete="off"
            spellCheck={false}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>Liquidation status</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(event) => {
              const value = event.target.value;
              setStatus(isLiquidationStatus(value) ? value : '');
            }}
          >
            <option value="">All statuses</option>
            {LIQUIDATION_STATUSES.map((value) => (
              <option key={value} value={value}>
                {humanize(value)}
              </option>
            ))}
          </select>
        </div>
      </search>

      <div role="alert" aria-live="assertive" className="form-alert-region">
        {result.error && (
          <div className="alert alert-error" data-testid="entries-error">
            <p className="alert-title">The entries could not be loaded.</p>
            {errorMessages(result.error).map((message) => (
              <p key={message}>{message}</p>
            ))}
            <button
              type="button"
              className="button button-secondary"
              onClick={() => reexecute({ requestPolicy: 'network-only' })}
            >
              Try again
            </button>
          </div>
        )}
      </div>

      {!connection && result.fetching && (
        <p className="placeholder" aria-live="polite">
          Loading entries…
        </p>
      )}

      {connection && entries.length === 0 && (
        <div className="empty-state" data-testid="entries-empty">
          <p className="empty-title">
            {filtered ? 'No entries match these filters.' : 'No entry summaries yet.'}
          </p>
          <p className="muted">
            {filtered
              ? 'Check the entry number, or choose another liquidation status.'
              : 'Entry summaries appear here once ACE data for your organization has been loaded.'}
          </p>
        </div>
      )}

      {connection && entries.length > 0 && (
        <>
          <EntriesTable entries={entries} busy={result.fetching} />
          <Pagination
            firstShown={firstShown}
            shownCount={entries.length}
            totalCount={connection.totalCount}
            disabled={result.fetching}
            onPrevious={
              pageIndex > 0 ? () => setPaging({ filterKey, cursors: cursors.slice(0, -1) }) : undefined
            }
            onNext={
              nextCursor ? () => setPaging({ filterKey, cursors: [...cursors, nextCursor] }) : undefined
            }
          />
        </>
      )}
    </main>
  );
}

interface PaginationProps {
  firstShown: number;
  shownCount: number;
  totalCount: number;
  disabled: boolean;
  onPrevious: (() => void) | undefined;
  onNext: (() => void) | undefined;
}

function Pagination({ firstShown, shownCount, totalCount, disabled, onPrevious, onNext }: PaginationProps) {
  const range = `Showing ${firstShown.toLocaleString('en-US')}–${(firstShown + shownCount - 1).toLocaleString('en-US')} of ${totalCount.toLocaleString('en-US')}`;
  const paged = onPrevious !== undefined || onNext !== undefined;
  return (
    <nav className="pagination" aria-label="Entry pages">
      <p className="muted" aria-live="polite">
        {range}
      </p>
      {paged && (
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            disabled={disabled || !onPrevious}
            onClick={onPrevious}
          >
            Previous
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={disabled || !onNext}
            onClick={onNext}
          >
            Next page
          </button>
        </div>
      )}
    </nav>
  );
}
