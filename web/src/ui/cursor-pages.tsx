// Pages walked through by the cursor an API gives for the next page ("nextCursor"), with Previous going
// back along the cursors already used. Another filter starts again at the first page.
import { useState } from 'react';

export interface CursorPages {
  /** The cursor of the page to ask for (null: the first page). */
  after: string | null;
  /** 1-based position of the page's first row. */
  firstRow: number;
  canGoBack: boolean;
  back: () => void;
  next: (nextCursor: string) => void;
}

export function useCursorPages(filterKey: string, pageSize: number): CursorPages {
  const [paging, setPaging] = useState<{ filterKey: string; cursors: (string | null)[] }>({
    filterKey,
    cursors: [null],
  });
  const cursors = paging.filterKey === filterKey ? paging.cursors : [null];
  return {
    after: cursors.at(-1) ?? null,
    firstRow: (cursors.length - 1) * pageSize + 1,
    canGoBack: cursors.length > 1,
    back: () => setPaging({ filterKey, cursors: cursors.slice(0, -1) }),
    next: (nextCursor) => setPaging({ filterKey, cursors: [...cursors, nextCursor] }),
  };
}

export function CursorPagination({
  pages,
  shown,
  nextCursor,
  busy,
  label,
}: {
  pages: CursorPages;
  shown: number;
  nextCursor: string | null | undefined;
  busy: boolean;
  label: string;
}) {
  return (
    <nav className="pagination" aria-label={label}>
      <p className="muted">
        Showing {pages.firstRow.toLocaleString('en-US')}–
        {(pages.firstRow + shown - 1).toLocaleString('en-US')}
      </p>
      {(pages.canGoBack || nextCursor) && (
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            disabled={!pages.canGoBack || busy}
            onClick={pages.back}
          >
            Previous
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={!nextCursor || busy}
            onClick={() => nextCursor && pages.next(nextCursor)}
          >
            Next page
          </button>
        </div>
      )}
    </nav>
  );
}
