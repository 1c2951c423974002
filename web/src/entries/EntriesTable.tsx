import { entryTypeName, flagLabel, formatCents, formatDate, humanize } from './format.ts';
import type { EntryRowFragment } from './graphql/generated/graphql.ts';
import { graphql } from './graphql/generated/index.ts';

export const EntryRow = graphql(`
  fragment EntryRow on EntrySummary {
    id
    entryNumber
    formattedEntryNumber
    entryType
    entryDate
    portCode
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

export function EntriesTable({
  entries,
  busy = false,
}: {
  entries: readonly EntryRowFragment[];
  busy?: boolean;
}) {
  return (
    <div className="table-scroll">
      <table className="entries-table" aria-busy={busy} data-busy={busy || undefined}>
        <caption className="visually-hidden">Entry summaries</caption>
        <thead>
          <tr>
            <th scope="col">Entry number</th>
            <th scope="col">Type</th>
            <th scope="col">Importer of record</th>
            <th scope="col">Entry date</th>
            <th scope="col">Liquidation</th>
            <th scope="col" className="numeric">
              IEEPA duty
            </th>
            <th scope="col" className="numeric">
              Total duty
            </th>
            <th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <EntryTableRow key={entry.id} entry={entry} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EntryTableRow({ entry }: { entry: EntryRowFragment }) {
  const typeName = entryTypeName(entry.entryType);
  return (
    <tr>
      <th scope="row" data-label="Entry number" className="entry-number">
        <span className="mono">{entry.formattedEntryNumber}</span>
        <span className="sub">Port {entry.portCode}</span>
      </th>
      <td data-label="Type">
        <span className="mono">{entry.entryType}</span>
        {typeName && <span className="sub">{typeName}</span>}
      </td>
      <td data-label="Importer of record">
        <span>{entry.importer.name}</span>
        <span className="sub mono">{entry.importer.iorNumber}</span>
      </td>
      <td data-label="Entry date" className="nowrap">
        <span>{formatDate(entry.entryDate)}</span>
      </td>
      <td data-label="Liquidation">
        <span className={`status status-${entry.liquidationStatus.toLowerCase().replace(/_/g, '-')}`}>
          {humanize(entry.liquidationStatus)}
        </span>
        {entry.liquidationDate && <span className="sub nowrap">{formatDate(entry.liquidationDate)}</span>}
      </td>
      <td data-label="IEEPA duty" className="numeric">
        <span className="mono">{formatCents(entry.ieepaDutyCents)}</span>
      </td>
      <td data-label="Total duty" className="numeric">
        <span className="mono">{formatCents(entry.totalDutyCents)}</span>
      </td>
      <td data-label="Flags">
        {entry.flags.length === 0 ? (
          <span className="muted">
            <span aria-hidden="true">—</span>
            <span className="visually-hidden">None</span>
          </span>
        ) : (
          <ul className="flags">
            {entry.flags.map((flag) => {
              const { label, description } = flagLabel(flag);
              return (
                <li key={flag} className="badge badge-flag" title={description}>
                  {label}
                </li>
              );
            })}
          </ul>
        )}
      </td>
    </tr>
  );
}
