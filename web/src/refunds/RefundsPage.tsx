// Consolidated refunds the organization may see (REV-603: principal, interest, offsets, status and the
// Treasury payment), filtered by status and liquidation dates, paged by cursor, downloadable as CSV with
// the same filter and the same visibility.
import { useNavigate, useSearch } from '@tanstack/react-router';
import type { CombinedError } from '@urql/core';
import { type FormEvent, useId, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { errorMessages } from '../client.ts';
import { formatCents, formatDate } from '../format.ts';
import type { RefundReportFilter, RefundRowFieldsFragment } from '../graphql/generated/graphql.ts';
import { graphql } from '../graphql/generated/index.ts';
import { CursorPagination, useCursorPages } from '../ui/cursor-pages.tsx';
import { FormProblems } from '../ui/problems.tsx';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { usePageTitle } from '../ui/use-page-title.ts';
import {
  REFUND_STATUSES,
  RefundFilterFormSchema,
  type RefundSearch,
  refundStatusText,
} from './refund-search.ts';

export const RefundRowFields = graphql(`
  fragment RefundRowFields on Rev603Row {
    refundNumber
    recipientName
    recipientNumber
    liquidationDate
    entries
    principalCents
    interestCents
    offsetCents
    payableCents
    status
    sentOn
    issuedOn
    treasuryReference
  }
`);

export const RefundsQuery = graphql(`
  query Refunds($first: Int!, $after: String, $filter: RefundReportFilter) {
    rev603Report(first: $first, after: $after, filter: $filter) {
      __typename
      ... on Rev603RowPage {
        nextCursor
        rows {
          ...RefundRowFields
        }
      }
      ...ProblemFields
    }
  }
`);

export const RefundsCsvQuery = graphql(`
  query RefundsCsv($filter: RefundReportFilter) {
    refundReportCsv(report: REV_603, filter: $filter) {
      __typename
      ... on CsvDocument {
        fileName
        contentType
        content
        rows
      }
      ...ProblemFields
    }
  }
`);

export const REFUND_PAGE_SIZE = 100;

function filterOf(search: RefundSearch): RefundReportFilter {
  return {
    statuses: search.status ? [search.status] : null,
    from: search.from ?? null,
    until: search.until ?? null,
  };
}

export function RefundsPage() {
  usePageTitle('Refunds');
  const search = useSearch({ from: '/refunds' });
  const filter = filterOf(search);
  const filterKey = JSON.stringify(filter);
  const pages = useCursorPages(filterKey, REFUND_PAGE_SIZE);
  const [result, reexecute] = useQuery({
    query: RefundsQuery,
    variables: { first: REFUND_PAGE_SIZE, after: pages.after, filter },
    requestPolicy: 'cache-and-network',
  });
  const answer = result.data?.rev603Report;
  const page = answer?.__typename === 'Rev603RowPage' ? answer : null;
  const refusal = answer && answer.__typename !== 'Rev603RowPage' ? answer.message : null;
  const rows = page?.rows ?? [];
  const filtered = search.status !== undefined || search.from !== undefined || search.until !== undefined;

  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Refunds</h1>
          <p className="muted">
            Consolidated IEEPA refunds: one per recipient and liquidation date, with interest, offsets and the
            Treasury payment.
          </p>
        </div>
        <CsvDownload filter={filter} />
      </div>

      <RefundFilterForm key={filterKey} search={search} />

      {result.error && (
        <ErrorState
          title="The refunds could not be loaded."
          error={result.error}
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
          testId="refunds-error"
        />
      )}
      {refusal && (
        <div role="alert" className="alert alert-error" data-testid="refunds-refused">
          <p>{refusal}</p>
        </div>
      )}
      {!answer && result.fetching && <LoadingState label="Loading refunds…" />}
      {page && rows.length === 0 && (
        <EmptyState
          testId="refunds-empty"
          title={filtered ? 'No refunds match these filters.' : 'No refunds yet.'}
        >
          {filtered
            ? 'Choose another status or date range.'
            : 'Refunds appear here once accepted entries are liquidated and consolidated by CAPE processing.'}
        </EmptyState>
      )}
      {page && rows.length > 0 && (
        <>
          <div className="table-box">
            <table className="data-table" aria-busy={result.fetching}>
              <caption className="visually-hidden">Refunds</caption>
              <thead>
                <tr>
                  <th scope="col">Refund</th>
                  <th scope="col">Liquidation</th>
                  <th scope="col" className="numeric col-optional">
                    Entries
                  </th>
                  <th scope="col" className="numeric">
                    Principal
                  </th>
                  <th scope="col" className="numeric col-optional">
                    Interest
                  </th>
                  <th scope="col" className="numeric col-optional">
                    Offset
                  </th>
                  <th scope="col" className="numeric">
                    Payable
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Treasury</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <RefundRow key={row.refundNumber ?? `row-${index}`} row={row} />
                ))}
              </tbody>
            </table>
          </div>
          <CursorPagination
            pages={pages}
            shown={rows.length}
            nextCursor={page.nextCursor}
            busy={result.fetching}
            label="Refund pages"
          />
        </>
      )}
    </>
  );
}

const money = (cents: string | null | undefined) => (cents == null ? '—' : formatCents(cents));
const date = (value: string | null | undefined) => (value == null ? null : formatDate(value));

function RefundRow({ row }: { row: RefundRowFieldsFragment }) {
  return (
    <tr>
      <th scope="row">
        <span className="mono strong">{row.refundNumber ?? '—'}</span>
        <span className="sub">{row.recipientName}</span>
        <span className="sub mono nowrap">{row.recipientNumber}</span>
      </th>
      <td className="nowrap">{date(row.liquidationDate) ?? '—'}</td>
      <td className="numeric col-optional">{row.entries?.toLocaleString('en-US') ?? '—'}</td>
      <td className="numeric">
        <span className="mono">{money(row.principalCents)}</span>
      </td>
      <td className="numeric col-optional">
        <span className="mono">{money(row.interestCents)}</span>
      </td>
      <td className="numeric col-optional">
        <span className="mono">{money(row.offsetCents)}</span>
      </td>
      <td className="numeric">
        <span className="mono strong">{money(row.payableCents)}</span>
      </td>
      <td>
        {row.status && (
          <span className={`badge badge-refund badge-refund-${row.status.toLowerCase().replace(/_/g, '-')}`}>
            {refundStatusText(row.status)}
          </span>
        )}
      </td>
      <td>
        {row.sentOn ? <span>Sent {date(row.sentOn)}</span> : <span className="muted">Not sent</span>}
        {row.issuedOn && <span className="sub">Issued {date(row.issuedOn)}</span>}
        {row.treasuryReference && <span className="sub mono">{row.treasuryReference}</span>}
      </td>
    </tr>
  );
}

function RefundFilterForm({ search }: { search: RefundSearch }) {
  const id = useId();
  const navigate = useNavigate({ from: '/refunds' });
  const [status, setStatus] = useState(search.status ?? '');
  const [from, setFrom] = useState(search.from ?? '');
  const [until, setUntil] = useState(search.until ?? '');
  const [problems, setProblems] = useState<Record<'from' | 'until', string[]>>({ from: [], until: [] });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = RefundFilterFormSchema.safeParse({ status, from, until });
    if (!checked.success) {
      const next: Record<'from' | 'until', string[]> = { from: [], until: [] };
      for (const issue of checked.error.issues) {
        const field = issue.path[0] === 'from' ? 'from' : 'until';
        next[field].push(issue.message);
      }
      setProblems(next);
      document.getElementById(`${id}-${next.from.length > 0 ? 'from' : 'until'}`)?.focus();
      return;
    }
    setProblems({ from: [], until: [] });
    void navigate({ search: checked.data, replace: true });
  }

  const dateField = (name: 'from' | 'until', label: string, value: string, set: (value: string) => void) => {
    const invalid = problems[name].length > 0;
    return (
      <div className={invalid ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input
          id={`${id}-${name}`}
          type="date"
          value={value}
          onChange={(event) => set(event.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-${name}-error` : undefined}
        />
        {invalid && (
          <p className="field-error" id={`${id}-${name}-error`}>
            {problems[name].join(' ')}
          </p>
        )}
      </div>
    );
  };

  return (
    <search className="filters" aria-label="Filter refunds">
      <form className="filters-form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">All statuses</option>
            {REFUND_STATUSES.map((value) => (
              <option key={value} value={value}>
                {refundStatusText(value)}
              </option>
            ))}
          </select>
        </div>
        {dateField('from', 'Liquidated from', from, setFrom)}
        {dateField('until', 'Liquidated until', until, setUntil)}
        <button type="submit" className="button button-primary filters-apply">
          Show refunds
        </button>
      </form>
    </search>
  );
}

function CsvDownload({ filter }: { filter: RefundReportFilter }) {
  const client = useClient();
  const [state, setState] = useState<{ busy: boolean; error: CombinedError | null; refusal: string | null }>({
    busy: false,
    error: null,
    refusal: null,
  });

  async function download() {
    setState({ busy: true, error: null, refusal: null });
    const result = await client
      .query(RefundsCsvQuery, { filter }, { requestPolicy: 'network-only' })
      .toPromise();
    const document_ = result.data?.refundReportCsv;
    if (result.error || !document_) {
      setState({ busy: false, error: result.error ?? null, refusal: result.error ? null : 'No answer.' });
      return;
    }
    if (document_.__typename !== 'CsvDocument') {
      setState({ busy: false, error: null, refusal: document_.message });
      return;
    }
    const url = URL.createObjectURL(new Blob([document_.content], { type: document_.contentType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = document_.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    setState({ busy: false, error: null, refusal: null });
  }

  const messages = state.error ? errorMessages(state.error) : state.refusal ? [state.refusal] : [];
  return (
    <div className="csv-download">
      <button type="button" className="button button-secondary" disabled={state.busy} onClick={download}>
        {state.busy ? 'Preparing CSV…' : 'Download CSV'}
      </button>
      <FormProblems messages={messages} testId="csv-error" />
    </div>
  );
}
