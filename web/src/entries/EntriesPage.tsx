import { useNavigate, useSearch } from '@tanstack/react-router';
import type { SortingState } from '@tanstack/react-table';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { countLabel, humanize } from '../format.ts';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { useDebouncedValue } from '../ui/use-debounced-value.ts';
import { usePageTitle } from '../ui/use-page-title.ts';
import { EntriesTable } from './EntriesTable.tsx';
import {
  ENTRY_SORT_KEYS,
  EntryNumberSearchSchema,
  type EntrySearch,
  type EntrySortKey,
  LIQUIDATION_STATUSES,
} from './entry-search.ts';
import { PAGE_SIZE, useEntryPages } from './use-entry-pages.ts';

export const SEARCH_DEBOUNCE_MS = 300;

/**
 * The API lists entries newest first only; a column sort is applied here, over the whole matching list,
 * when that list has at most this many entries (loaded page by page first). Larger lists ask the user to
 * narrow the filters rather than sort only the part that happens to be loaded.
 */
export const SORT_LIMIT = 2_000;

function isSortKey(value: string): value is EntrySortKey {
  return (ENTRY_SORT_KEYS as readonly string[]).includes(value);
}

function sortingOf(search: EntrySearch): SortingState {
  return search.sort ? [{ id: search.sort, desc: search.dir === 'desc' }] : [];
}

const SORT_LABELS: Record<EntrySortKey, string> = {
  entryNumber: 'entry number',
  importer: 'importer of record',
  entryDate: 'entry date',
  liquidation: 'liquidation date',
  ieepaDuty: 'IEEPA duty',
  totalDuty: 'total duty',
};

export function EntriesPage() {
  usePageTitle('Entries');
  const id = useId();
  const search = useSearch({ from: '/entries' });
  const navigate = useNavigate({ from: '/entries' });
  const setSearch = useCallback(
    (change: Partial<EntrySearch>) =>
      void navigate({ search: (previous) => ({ ...previous, ...change }), replace: true }),
    [navigate],
  );

  // The entry number field: typed freely, validated at once, sent once typing pauses.
  const [entryNumberText, setEntryNumberText] = useState(search.q ?? '');
  const entryNumberCheck = EntryNumberSearchSchema.safeParse(entryNumberText);
  const entryNumberProblem = entryNumberCheck.success ? null : entryNumberCheck.error.issues[0]?.message;
  const debouncedEntryNumber = useDebouncedValue(entryNumberText, SEARCH_DEBOUNCE_MS);
  const currentQuery = useRef(search.q);
  currentQuery.current = search.q;
  useEffect(() => {
    const checked = EntryNumberSearchSchema.safeParse(debouncedEntryNumber);
    const q = checked.success ? checked.data || undefined : currentQuery.current;
    if (q !== currentQuery.current) setSearch({ q });
  }, [debouncedEntryNumber, setSearch]);

  const pages = useEntryPages({ entryNumber: search.q ?? null, liquidationStatus: search.status ?? null });
  const loaded = pages.loaded;
  const filtered = search.q !== undefined || search.status !== undefined;
  const sorting = sortingOf(search);
  const complete = pages.current && loaded !== null && !loaded.hasNextPage;
  const sortWanted = sorting.length > 0;
  const tooManyToSort = sortWanted && pages.current && loaded !== null && loaded.totalCount > SORT_LIMIT;
  const gatheringForSort = sortWanted && !complete && !tooManyToSort;

  // A sort over the whole list needs every matching entry: load the remaining pages one after another.
  const { loadMore } = pages;
  useEffect(() => {
    if (gatheringForSort && pages.loading === null && pages.error === null) loadMore();
  }, [gatheringForSort, pages.loading, pages.error, loadMore]);

  const onSortingChange = (next: SortingState) => {
    const first = next[0];
    setSearch(
      first && isSortKey(first.id)
        ? { sort: first.id, dir: first.desc ? 'desc' : 'asc' }
        : { sort: undefined, dir: undefined },
    );
  };

  const rows = loaded?.rows ?? [];
  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Entry summaries</h1>
          <p className="muted">CBP Form 7501 entry summaries your organization may see, newest first.</p>
        </div>
        <p className="total-count" data-testid="total-count" aria-live="polite">
          {loaded && pages.current ? countLabel(loaded.totalCount, 'entry', 'entries') : '\u00a0'}
        </p>
      </div>

      <search className="filters" aria-label="Filter entries">
        <div className={entryNumberProblem ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-entry-number`}>Entry number</label>
          <input
            id={`${id}-entry-number`}
            type="search"
            inputMode="search"
            placeholder="e.g. ABC-1234567-8"
            autoComplete="off"
            spellCheck={false}
            value={entryNumberText}
            aria-invalid={entryNumberProblem ? true : undefined}
            aria-describedby={entryNumberProblem ? `${id}-entry-number-error` : undefined}
            onChange={(event) => setEntryNumberText(event.target.value)}
          />
          {entryNumberProblem && (
            <p className="field-error" id={`${id}-entry-number-error`}>
              {entryNumberProblem}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>Liquidation status</label>
          <select
            id={`${id}-status`}
            value={search.status ?? ''}
            onChange={(event) => {
              const value = event.target.value;
              setSearch({ status: LIQUIDATION_STATUSES.find((status) => status === value) });
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
        {filtered && (
          <button
            type="button"
            className="button button-secondary filters-clear"
            onClick={() => {
              setEntryNumberText('');
              setSearch({ q: undefined, status: undefined });
            }}
          >
            Clear filters
          </button>
        )}
      </search>

      {pages.error && (
        <ErrorState
          title={
            loaded && pages.current ? 'More entries could not be loaded.' : 'The entries could not be loaded.'
          }
          error={pages.error}
          onRetry={pages.retry}
          testId="entries-error"
        />
      )}

      {!loaded && pages.loading && <LoadingState label="Loading entries…" />}

      {loaded && pages.current && rows.length === 0 && (
        <EmptyState
          testId="entries-empty"
          title={filtered ? 'No entries match these filters.' : 'No entry summaries yet.'}
        >
          {filtered
            ? 'Check the entry number, or choose another liquidation status.'
            : 'Entry summaries appear here once ACE data for your organization has been loaded.'}
        </EmptyState>
      )}

      {loaded && rows.length > 0 && (pages.current || pages.loading === 'first') && (
        <>
          <SortNotice
            sortKey={search.sort}
            tooMany={tooManyToSort}
            gathering={gatheringForSort}
            loadedCount={rows.length}
            totalCount={loaded.totalCount}
          />
          <EntriesTable
            entries={rows}
            totalCount={loaded.totalCount}
            sorting={sorting}
            onSortingChange={onSortingChange}
            sortable={complete}
            busy={pages.loading === 'first'}
            onNearEnd={pages.current && !sortWanted ? pages.loadMore : undefined}
            scrollKey={JSON.stringify([search.q, search.status, search.sort, search.dir])}
          />
          <ListFooter
            loadedCount={rows.length}
            totalCount={loaded.totalCount}
            hasNextPage={pages.current && loaded.hasNextPage}
            loadingMore={pages.loading === 'more'}
            onLoadMore={pages.loadMore}
          />
        </>
      )}
    </>
  );
}

function SortNotice({
  sortKey,
  tooMany,
  gathering,
  loadedCount,
  totalCount,
}: {
  sortKey: EntrySortKey | undefined;
  tooMany: boolean;
  gathering: boolean;
  loadedCount: number;
  totalCount: number;
}) {
  if (!sortKey || (!tooMany && !gathering)) return null;
  return (
    <p className="notice" role="status" data-testid="sort-notice">
      {tooMany
        ? `Sorting by ${SORT_LABELS[sortKey]} works on up to ${SORT_LIMIT.toLocaleString('en-US')} entries, and ${totalCount.toLocaleString('en-US')} match. Narrow the filters to sort; until then entries are shown newest first.`
        : `Loading all ${totalCount.toLocaleString('en-US')} matching entries to sort them by ${SORT_LABELS[sortKey]} (${loadedCount.toLocaleString('en-US')} so far)…`}
    </p>
  );
}

function ListFooter({
  loadedCount,
  totalCount,
  hasNextPage,
  loadingMore,
  onLoadMore,
}: {
  loadedCount: number;
  totalCount: number;
  hasNextPage: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) {
  return (
    <div className="list-footer">
      <p className="muted" aria-live="polite" data-testid="loaded-count">
        {hasNextPage
          ? `Showing ${loadedCount.toLocaleString('en-US')} of ${totalCount.toLocaleString('en-US')}; more load as you scroll.`
          : `Showing all ${countLabel(loadedCount, 'entry', 'entries')}.`}
      </p>
      {hasNextPage && (
        <button type="button" className="button button-secondary" disabled={loadingMore} onClick={onLoadMore}>
          {loadingMore
            ? 'Loading…'
            : `Load ${Math.min(PAGE_SIZE, totalCount - loadedCount).toLocaleString('en-US')} more`}
        </button>
      )}
    </div>
  );
}
