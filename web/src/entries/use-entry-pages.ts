// The entries list loads page after page by keyset cursor (the API's `entries` connection) and keeps what it
// has loaded, so the table can scroll through it. A new filter starts again from the first page; answers
// to an older filter are dropped when they arrive late.
import type { CombinedError } from '@urql/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import type { EntryFilter, EntryRowFragment } from '../graphql/generated/graphql.ts';
import { graphql } from '../graphql/generated/index.ts';

export const EntriesQuery = graphql(`
  query Entries($first: Int!, $after: String, $filter: EntryFilter, $withTotal: Boolean!) {
    entries(first: $first, after: $after, filter: $filter) {
      totalCount @include(if: $withTotal)
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...EntryRow
        }
      }
    }
  }
`);

/** The API's largest page (MAX_PAGE_SIZE in api/src/services/entry-service.ts). */
export const PAGE_SIZE = 200;

export interface LoadedEntries {
  /** The filter these rows answer. */
  filterKey: string;
  rows: readonly EntryRowFragment[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface EntryPages {
  /** Rows of the current filter, or of the previous one while the first page of a new filter loads. */
  loaded: LoadedEntries | null;
  /** True when `loaded` answers the current filter. */
  current: boolean;
  loading: 'first' | 'more' | null;
  error: CombinedError | null;
  loadMore: () => void;
  /** Try the failed request again (or reload the first page). */
  retry: () => void;
}

interface State {
  loaded: LoadedEntries | null;
  loading: 'first' | 'more' | null;
  error: CombinedError | null;
}

export function useEntryPages(filter: EntryFilter): EntryPages {
  const client = useClient();
  const filterKey = JSON.stringify([filter.entryNumber ?? null, filter.liquidationStatus ?? null]);
  const [state, setState] = useState<State>({ loaded: null, loading: 'first', error: null });
  // The filter whose answers are still wanted; a late answer to another one is dropped.
  const wanted = useRef(filterKey);
  const inFlight = useRef(false);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  /** The first page (after = null: replaces what was loaded, with the total) or the next one (appended). */
  const fetchPage = useCallback(
    async (key: string, after: string | null) => {
      inFlight.current = true;
      setState((previous) => ({ ...previous, loading: after === null ? 'first' : 'more', error: null }));
      const result = await client
        .query(
          EntriesQuery,
          { first: PAGE_SIZE, after, filter: filterRef.current, withTotal: after === null },
          { requestPolicy: 'network-only' },
        )
        .toPromise();
      if (wanted.current !== key) return;
      inFlight.current = false;
      const connection = result.data?.entries;
      if (result.error || !connection) {
        setState((previous) => ({ ...previous, loading: null, error: result.error ?? null }));
        return;
      }
      const rows = connection.edges.map((edge) => edge.node);
      const page = {
        endCursor: connection.pageInfo.endCursor ?? null,
        hasNextPage: connection.pageInfo.hasNextPage,
      };
      setState((previous) => {
        const earlier = previous.loaded;
        if (after !== null && earlier?.filterKey === key) {
          return {
            loading: null,
            error: null,
            loaded: { ...earlier, ...page, rows: [...earlier.rows, ...rows] },
          };
        }
        const totalCount = connection.totalCount ?? rows.length;
        return { loading: null, error: null, loaded: { filterKey: key, rows, totalCount, ...page } };
      });
    },
    [client],
  );

  useEffect(() => {
    wanted.current = filterKey;
    void fetchPage(filterKey, null);
  }, [filterKey, fetchPage]);

  const current = state.loaded?.filterKey === filterKey;

  const loadMore = useCallback(() => {
    const loaded = state.loaded;
    if (inFlight.current || !loaded || loaded.filterKey !== wanted.current || !loaded.hasNextPage) return;
    void fetchPage(loaded.filterKey, loaded.endCursor);
  }, [fetchPage, state.loaded]);

  const retry = useCallback(() => {
    if (state.loaded?.filterKey === wanted.current) loadMore();
    else void fetchPage(wanted.current, null);
  }, [state.loaded, loadMore, fetchPage]);

  return { loaded: state.loaded, current, loading: state.loading, error: state.error, loadMore, retry };
}
