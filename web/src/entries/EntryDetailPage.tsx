// One entry summary. The API has no single-entry query yet, so the page asks the `entries` connection for
// the whole entry number (a unique, 11-character key) and shows the summary-level facts it returns.
import { Link, useParams } from '@tanstack/react-router';
import { useQuery } from 'urql';
import { entryTypeName, flagLabel, formatCents, formatDate, humanize } from '../format.ts';
import { graphql } from '../graphql/generated/index.ts';
import { Fact } from '../ui/facts.tsx';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { usePageTitle } from '../ui/use-page-title.ts';
import { EntryFlags, LiquidationStatusLabel } from './EntriesTable.tsx';

export const EntryDetailQuery = graphql(`
  query EntryDetail($entryNumber: String!) {
    entries(first: 1, filter: { entryNumber: $entryNumber }) {
      edges {
        node {
          ...EntryRow
          filerCode
          depositDate
        }
      }
    }
  }
`);

/** Filer code (3 letters or digits), 7-digit transaction number, check digit; hyphens allowed. */
const ENTRY_NUMBER = /^[A-Za-z0-9]{3}-?\d{7}-?\d$/;

export function EntryDetailPage() {
  const { entryNumber: parameter } = useParams({ from: '/entries/$entryNumber' });
  const entryNumber = parameter.replace(/-/g, '').toUpperCase();
  const wellFormed = ENTRY_NUMBER.test(parameter);
  const [result, reexecute] = useQuery({
    query: EntryDetailQuery,
    variables: { entryNumber },
    pause: !wellFormed,
  });
  const entry = result.data?.entries.edges
    .map((edge) => edge.node)
    .find((node) => node.entryNumber === entryNumber);
  usePageTitle(entry ? `Entry ${entry.formattedEntryNumber}` : 'Entry');

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/entries">Entries</Link>
          </li>
          <li aria-current="page">{entry?.formattedEntryNumber ?? parameter}</li>
        </ol>
      </nav>

      {result.error && (
        <ErrorState
          title="The entry could not be loaded."
          error={result.error}
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
          testId="entry-error"
        />
      )}
      {wellFormed && !result.data && result.fetching && <LoadingState label="Loading the entry…" />}
      {(!wellFormed || (result.data && !entry)) && (
        <>
          <h1 className="visually-hidden">Entry not found</h1>
          <EmptyState
            testId="entry-not-found"
            title={`No entry ${parameter} is visible to your organization.`}
          >
            {wellFormed
              ? 'Check the entry number. Entries are shown to the broker that filed them and to their importer of record.'
              : 'An entry number has a 3-character filer code, a 7-digit transaction number and a check digit, e.g. ABC-1234567-8.'}
          </EmptyState>
        </>
      )}

      {entry && (
        <>
          <div className="page-heading">
            <div>
              <h1>
                Entry <span className="mono">{entry.formattedEntryNumber}</span>
              </h1>
              <p className="muted">
                {entry.importer.name} · entered {formatDate(entry.entryDate)} at port {entry.portCode}
              </p>
            </div>
            <LiquidationStatusLabel status={entry.liquidationStatus} />
          </div>
          <div className="panels">
            <section className="panel" aria-labelledby="entry-summary">
              <h2 id="entry-summary">Entry summary</h2>
              <dl className="facts">
                <Fact label="Entry number">
                  <span className="mono">{entry.formattedEntryNumber}</span>
                </Fact>
                <Fact label="Entry type">
                  <span className="mono">{entry.entryType}</span>
                  {entryTypeName(entry.entryType) && ` · ${entryTypeName(entry.entryType)}`}
                </Fact>
                <Fact label="Filer code">
                  <span className="mono">{entry.filerCode}</span>
                </Fact>
                <Fact label="Port of entry">
                  <span className="mono">{entry.portCode}</span>
                </Fact>
                <Fact label="Entry date">{formatDate(entry.entryDate)}</Fact>
                <Fact label="Deposit date">{formatDate(entry.depositDate)}</Fact>
                <Fact label="Summary status">{humanize(entry.summaryStatus)}</Fact>
              </dl>
            </section>
            <section className="panel" aria-labelledby="entry-importer">
              <h2 id="entry-importer">Importer of record</h2>
              <dl className="facts">
                <Fact label="Name">{entry.importer.name}</Fact>
                <Fact label="IOR number">
                  <span className="mono">{entry.importer.iorNumber}</span>
                </Fact>
              </dl>
            </section>
            <section className="panel" aria-labelledby="entry-duty">
              <h2 id="entry-duty">Duty and liquidation</h2>
              <dl className="facts">
                <Fact label="IEEPA duty">
                  <span className="mono">{formatCents(entry.ieepaDutyCents)}</span>
                </Fact>
                <Fact label="Total duty">
                  <span className="mono">{formatCents(entry.totalDutyCents)}</span>
                </Fact>
                <Fact label="Liquidation status">{humanize(entry.liquidationStatus)}</Fact>
                <Fact label="Liquidation date">
                  {entry.liquidationDate ? formatDate(entry.liquidationDate) : 'Not liquidated'}
                </Fact>
              </dl>
            </section>
            <section className="panel" aria-labelledby="entry-flags">
              <h2 id="entry-flags">Conditions</h2>
              {entry.flags.length === 0 ? (
                <p className="muted">No reconciliation, drawback, protest, AD/CVD or ACE conditions.</p>
              ) : (
                <>
                  <EntryFlags flags={entry.flags} />
                  <ul className="flag-descriptions">
                    {entry.flags.map((flag) => (
                      <li key={flag}>{flagLabel(flag).description}.</li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          </div>
        </>
      )}
    </>
  );
}
