// The entries table: TanStack Table for columns and sorting, TanStack Virtual so only the rows in view are
// in the DOM (thousands of loaded rows scroll smoothly). It stays a real <table>: rows above and below the
// window are replaced by two spacer rows, and aria-rowcount/aria-rowindex tell assistive technology where
// each rendered row sits in the whole list.

import { Link } from '@tanstack/react-router';
import {
  createColumnHelper,
  createSortedRowModel,
  type Header,
  metaHelper,
  type Row,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  type Updater,
  useTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { entryTypeName, flagLabel, formatCents, formatDate, humanize } from '../format.ts';
import type { EntryRowFragment } from '../graphql/generated/graphql.ts';
import { graphql } from '../graphql/generated/index.ts';
import type { EntrySortKey } from './entry-search.ts';

export const EntryRow = graphql(`
  fragment EntryRow on EntrySummary {
    id
    entryNumber
    formattedEntryNumber
    entryType
    entryDate
    portCode
    summaryStatus
    liquidationStatus
    liquidationDate
    ieepaDutyCents
    totalDutyCents
    flags
    importer {
      name
      iorNumber
    }
  }
`);

// Column widths are set in styles.css (.col-<id>) under `table-layout: fixed`, so they do not jump while rows
// scroll in and out, and change with the screen's width.
interface ColumnMeta {
  numeric?: boolean;
  /** Hidden on narrower screens (tablet portrait) to keep the rest readable. */
  optional?: boolean;
}

/** Money in cents as digit strings, compared exactly (BigInt), never through floating point. */
function compareCents(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

const text = new Intl.Collator('en-US', { sensitivity: 'base', numeric: true });

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  columnMeta: metaHelper<ColumnMeta>(),
});
type Features = typeof features;
type EntryTableRow = Row<Features, EntryRowFragment>;

const helper = createColumnHelper<Features, EntryRowFragment>();

function byText(value: (entry: EntryRowFragment) => string) {
  return (a: EntryTableRow, b: EntryTableRow) => text.compare(value(a.original), value(b.original));
}

function byCents(value: (entry: EntryRowFragment) => string) {
  return (a: EntryTableRow, b: EntryTableRow) => compareCents(value(a.original), value(b.original));
}

/** Business dates compare as ISO strings; an entry with no date sorts after every dated one. */
function byDate(value: (entry: EntryRowFragment) => string | null) {
  return (a: EntryTableRow, b: EntryTableRow) => {
    const left = value(a.original);
    const right = value(b.original);
    if (left === right) return 0;
    if (left === null) return 1;
    if (right === null) return -1;
    return left < right ? -1 : 1;
  };
}

const columns = helper.columns([
  helper.accessor('entryNumber', {
    id: 'entryNumber' satisfies EntrySortKey,
    header: 'Entry number',
    sortFn: byText((entry) => entry.entryNumber),
  }),
  helper.accessor('entryType', {
    id: 'entryType',
    header: 'Type',
    enableSorting: false,
    meta: { optional: true },
  }),
  helper.accessor((entry) => entry.importer.name, {
    id: 'importer' satisfies EntrySortKey,
    header: 'Importer of record',
    sortFn: byText((entry) => entry.importer.name),
  }),
  helper.accessor('entryDate', {
    id: 'entryDate' satisfies EntrySortKey,
    header: 'Entry date',
    sortDescFirst: true,
    sortFn: byDate((entry) => entry.entryDate),
  }),
  helper.accessor('liquidationDate', {
    id: 'liquidation' satisfies EntrySortKey,
    header: 'Liquidation',
    sortDescFirst: true,
    sortFn: byDate((entry) => entry.liquidationDate),
  }),
  helper.accessor('ieepaDutyCents', {
    id: 'ieepaDuty' satisfies EntrySortKey,
    header: 'IEEPA duty',
    sortDescFirst: true,
    sortFn: byCents((entry) => entry.ieepaDutyCents),
    meta: { numeric: true },
  }),
  helper.accessor('totalDutyCents', {
    id: 'totalDuty' satisfies EntrySortKey,
    header: 'Total duty',
    sortDescFirst: true,
    sortFn: byCents((entry) => entry.totalDutyCents),
    meta: { numeric: true, optional: true },
  }),
  helper.accessor('flags', {
    id: 'flags',
    header: 'Flags',
    enableSorting: false,
  }),
]);

/** Two lines of text per row; rows with wrapped flags are measured as they render. */
const ESTIMATED_ROW_HEIGHT = 61;
/** Ask for the next page when the rendered window comes this close to the last loaded row. */
const LOAD_AHEAD_ROWS = 40;

export interface EntriesTableProps {
  entries: readonly EntryRowFragment[];
  /** All entries that match (the table's aria-rowcount); defaults to the rows given. */
  totalCount?: number;
  sorting?: SortingState;
  onSortingChange?: (sorting: SortingState) => void;
  /**
   * Whether the rows given are the complete list, so sorting them sorts the list. When false the sort the
   * user asked for is not applied (the page explains why) and the rows keep the API's order.
   */
  sortable?: boolean;
  busy?: boolean;
  /** Called when the user scrolls near the last row given (to load the next page). */
  onNearEnd?: () => void;
  /** The list scrolls back to its top when this changes (another filter or sort). */
  scrollKey?: string;
}

const NO_SORTING: SortingState = [];

export function EntriesTable({
  entries,
  totalCount = entries.length,
  sorting = NO_SORTING,
  onSortingChange,
  sortable = true,
  busy = false,
  onNearEnd,
  scrollKey,
}: EntriesTableProps) {
  const table = useTable({
    features,
    columns,
    data: entries as EntryRowFragment[],
    getRowId: (entry) => entry.id,
    state: { sorting },
    onSortingChange: (updater: Updater<SortingState>) =>
      onSortingChange?.(typeof updater === 'function' ? updater(sorting) : updater),
    manualSorting: !sortable,
    enableSorting: onSortingChange !== undefined,
    enableMultiSort: false,
  });
  const rows = table.getRowModel().rows;

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 12,
    // Before layout has been measured (first paint, or an environment without layout) assume a laptop screen.
    initialRect: { width: 1280, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const lastRendered = items.at(-1)?.index ?? -1;

  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolling up is the effect of scrollKey changing.
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [scrollKey]);

  useEffect(() => {
    if (onNearEnd && rows.length > 0 && lastRendered >= rows.length - LOAD_AHEAD_ROWS) onNearEnd();
  }, [onNearEnd, lastRendered, rows.length]);

  const columnCount = columns.length;
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;

  return (
    <div className="table-scroll" ref={scroller} data-testid="entries-scroll">
      <table
        className="entries-table"
        aria-busy={busy}
        data-busy={busy || undefined}
        aria-rowcount={totalCount + 1}
      >
        <caption className="visually-hidden">Entry summaries</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => (
                <ColumnHeader key={header.id} header={header} sortApplied={sortable} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {paddingTop > 0 && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row holds no content and takes no focus.
            <tr className="spacer" aria-hidden="true" style={{ height: paddingTop }}>
              <td colSpan={columnCount} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <tr
                key={row.id}
                data-index={item.index}
                ref={virtualizer.measureElement}
                aria-rowindex={item.index + 2}
              >
                <EntryCells entry={row.original} />
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row holds no content and takes no focus.
            <tr className="spacer" aria-hidden="true" style={{ height: paddingBottom }}>
              <td colSpan={columnCount} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function ColumnHeader({
  header,
  sortApplied,
}: {
  header: Header<Features, EntryRowFragment, unknown>;
  sortApplied: boolean;
}) {
  const meta = header.column.columnDef.meta;
  const label = String(header.column.columnDef.header);
  const className = [`col-${header.column.id}`, meta?.numeric && 'numeric', meta?.optional && 'col-optional']
    .filter(Boolean)
    .join(' ');
  const direction = header.column.getIsSorted();
  const ariaSort = sortApplied && direction ? (direction === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <th scope="col" className={className} aria-sort={ariaSort}>
      {header.column.getCanSort() ? (
        <button
          type="button"
          className="sort-button"
          onClick={header.column.getToggleSortingHandler()}
          data-sorted={direction || undefined}
        >
          {label}
          <span className="sort-indicator" aria-hidden="true">
            {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
          </span>
        </button>
      ) : (
        label
      )}
    </th>
  );
}

function EntryCells({ entry }: { entry: EntryRowFragment }) {
  const typeName = entryTypeName(entry.entryType);
  return (
    <>
      <th scope="row" data-label="Entry number" className="entry-number">
        <Link to="/entries/$entryNumber" params={{ entryNumber: entry.entryNumber }} className="mono">
          {entry.formattedEntryNumber}
        </Link>
        <span className="sub">
          Port {entry.portCode}
          {entry.summaryStatus !== 'ACCEPTED' && (
            <span className={`summary-status summary-status-${entry.summaryStatus.toLowerCase()}`}>
              {' · '}
              {humanize(entry.summaryStatus)}
            </span>
          )}
        </span>
      </th>
      <td data-label="Type" className="col-optional">
        <span className="mono">{entry.entryType}</span>
        {typeName && <span className="sub">{typeName}</span>}
      </td>
      <td data-label="Importer of record">
        <span className="clip">{entry.importer.name}</span>
        <span className="sub mono">{entry.importer.iorNumber}</span>
      </td>
      <td data-label="Entry date" className="nowrap">
        <span>{formatDate(entry.entryDate)}</span>
      </td>
      <td data-label="Liquidation">
        <LiquidationStatusLabel status={entry.liquidationStatus} />
        {entry.liquidationDate && <span className="sub nowrap">{formatDate(entry.liquidationDate)}</span>}
      </td>
      <td data-label="IEEPA duty" className="numeric">
        <span className="mono">{formatCents(entry.ieepaDutyCents)}</span>
      </td>
      <td data-label="Total duty" className="numeric col-optional">
        <span className="mono">{formatCents(entry.totalDutyCents)}</span>
      </td>
      <td data-label="Flags">
        <EntryFlags flags={entry.flags} />
      </td>
    </>
  );
}

export function LiquidationStatusLabel({ status }: { status: string }) {
  return (
    <span className={`status status-${status.toLowerCase().replace(/_/g, '-')}`}>{humanize(status)}</span>
  );
}

export function EntryFlags({ flags }: { flags: readonly string[] }) {
  if (flags.length === 0) {
    return (
      <span className="muted">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">None</span>
      </span>
    );
  }
  return (
    <ul className="flags">
      {flags.map((flag) => {
        const { label, description } = flagLabel(flag);
        return (
          <li key={flag} className="badge badge-flag" title={description}>
            {label}
          </li>
        );
      })}
    </ul>
  );
}
