// Entry-summary upload (docs/ingestion.md): the CSV goes to the API's streaming route as it is (files far
// above the GraphQL body limit load in one go); the file loads whole or not at all, and a refused file
// comes back with every row error and how to fix it. Earlier uploads and their reports are listed below.
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { CSRF_HEADER } from '../client.ts';
import { countLabel, formatDate, formatDateTime } from '../format.ts';
import { graphql } from '../graphql/generated/index.ts';
import { sessionStore } from '../session.ts';
import { FormProblems } from '../ui/problems.tsx';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { usePageTitle } from '../ui/use-page-title.ts';
import {
  INGESTION_TEMPLATE_PATH,
  INGESTION_UPLOAD_PATH,
  IngestionAnswerSchema,
  IngestionFileSchema,
  type IngestionReportData,
} from './ingestion-schema.ts';

export const EntryIngestionsQuery = graphql(`
  query EntryIngestions($first: Int!) {
    entryIngestions(first: $first) {
      edges {
        node {
          id
          fileName
          uploadedAt
          outcome
          rowCount
          entryCount
          errorCount
        }
      }
    }
  }
`);

export const EntryIngestionQuery = graphql(`
  query EntryIngestion($id: ID!) {
    entryIngestion(id: $id) {
      id
      fileName
      uploadedAt
      businessDate
      outcome
      rowCount
      entryCount
      createdCount
      updatedCount
      versionedCount
      unchangedCount
      errorCount
      errors {
        row
        column
        value
        problem
        fix
      }
    }
  }
`);

export const RECENT_UPLOADS = 10;

export function IngestPage() {
  usePageTitle('Ingest entry summaries');
  const { upload } = useSearch({ from: '/ingest' });
  const navigate = useNavigate({ from: '/ingest' });
  const [recent, reexecuteRecent] = useQuery({
    query: EntryIngestionsQuery,
    variables: { first: RECENT_UPLOADS },
  });
  const uploads = recent.data?.entryIngestions.edges.map((edge) => edge.node);
  const [lastReport, setLastReport] = useState<IngestionReportData | null>(null);
  const showReport = (id: string) => void navigate({ search: { upload: id } });

  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Ingest entry summaries</h1>
          <p className="muted">
            Upload entry summaries as a CSV file, one row per tariff number of each entry. A file loads whole
            or not at all; a refused file lists every problem with its fix.
          </p>
        </div>
        <a className="button button-secondary" href={INGESTION_TEMPLATE_PATH} download>
          Download the template
        </a>
      </div>

      <UploadForm
        onUploaded={(report) => {
          setLastReport(report);
          reexecuteRecent({ requestPolicy: 'network-only' });
          if (upload) void navigate({ search: {} });
        }}
      />

      {upload ? <StoredReport id={upload} /> : lastReport && <IngestionReport report={lastReport} />}

      <h2 className="section-title">Recent uploads</h2>
      {recent.error && (
        <ErrorState
          title="The uploads could not be loaded."
          error={recent.error}
          onRetry={() => reexecuteRecent({ requestPolicy: 'network-only' })}
          testId="uploads-error"
        />
      )}
      {!uploads && recent.fetching && <LoadingState label="Loading uploads…" />}
      {uploads && uploads.length === 0 && (
        <EmptyState testId="uploads-empty" title="Nothing uploaded yet.">
          Files you upload appear here with their outcome.
        </EmptyState>
      )}
      {uploads && uploads.length > 0 && (
        <div className="table-box">
          <table className="data-table">
            <caption className="visually-hidden">Recent uploads</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Uploaded</th>
                <th scope="col">Outcome</th>
                <th scope="col" className="numeric">
                  Rows
                </th>
                <th scope="col" className="numeric">
                  Entries
                </th>
                <th scope="col" className="numeric">
                  Errors
                </th>
                <th scope="col">
                  <span className="visually-hidden">Report</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {uploads.map((item) => (
                <tr key={item.id} aria-current={item.id === upload ? 'true' : undefined}>
                  <th scope="row" className="clip">
                    {item.fileName}
                  </th>
                  <td className="nowrap">{formatDateTime(item.uploadedAt)}</td>
                  <td>
                    <OutcomeBadge outcome={item.outcome} />
                  </td>
                  <td className="numeric">{item.rowCount.toLocaleString('en-US')}</td>
                  <td className="numeric">{item.entryCount.toLocaleString('en-US')}</td>
                  <td className="numeric">{item.errorCount.toLocaleString('en-US')}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      onClick={() => showReport(item.id)}
                      aria-label={`Show report of ${item.fileName}`}
                    >
                      Show report
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function UploadForm({ onUploaded }: { onUploaded: (report: IngestionReportData) => void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileProblems, setFileProblems] = useState<string[]>([]);
  const [formProblems, setFormProblems] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (uploading) return;
    const checked = IngestionFileSchema.safeParse(file);
    if (!checked.success) {
      setFileProblems(checked.error.issues.map((issue) => issue.message));
      input.current?.focus();
      return;
    }
    setFileProblems([]);
    setFormProblems([]);
    setUploading(true);
    try {
      const response = await fetch(
        `${INGESTION_UPLOAD_PATH}?fileName=${encodeURIComponent(checked.data.name)}`,
        {
          method: 'POST',
          headers: {
            'content-type': 'text/csv',
            authorization: `Bearer ${sessionStore.getToken() ?? ''}`,
            [CSRF_HEADER]: '1',
          },
          body: checked.data,
        },
      );
      const answer = IngestionAnswerSchema.safeParse(await response.json().catch(() => null));
      if (!answer.success) {
        setFormProblems([`The upload was not accepted (HTTP ${response.status}).`]);
      } else if ('errors' in answer.data && !('outcome' in answer.data)) {
        setFormProblems(answer.data.errors.map((error) => error.message));
      } else if ('outcome' in answer.data) {
        setFile(null);
        if (input.current) input.current.value = '';
        onUploaded(answer.data);
      }
    } catch (error) {
      setFormProblems([
        `The portal could not reach the CAPE service (${error instanceof Error ? error.message : String(error)}). Try again in a moment.`,
      ]);
    } finally {
      setUploading(false);
    }
  }

  const invalid = fileProblems.length > 0;
  return (
    <form className="panel upload-form" onSubmit={onSubmit} noValidate aria-busy={uploading}>
      <FormProblems messages={formProblems} testId="upload-error" />
      <div className="run-cycle-fields">
        <div className={invalid ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-file`}>Entry-summary file (CSV)</label>
          <input
            ref={input}
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? `${id}-file-error` : `${id}-file-hint`}
          />
          {invalid ? (
            <p className="field-error" id={`${id}-file-error`}>
              {fileProblems.join(' ')}
            </p>
          ) : (
            <p className="field-hint" id={`${id}-file-hint`}>
              Save a spreadsheet as “CSV (Comma delimited)”; the template shows the columns.
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary" disabled={uploading}>
          {uploading ? 'Uploading and checking…' : 'Upload'}
        </button>
      </div>
      {uploading && (
        <p className="loading-state" role="status">
          <span className="spinner" aria-hidden="true" />
          Checking every row of {file?.name}…
        </p>
      )}
    </form>
  );
}

function StoredReport({ id }: { id: string }) {
  const [result, reexecute] = useQuery({ query: EntryIngestionQuery, variables: { id } });
  if (result.error) {
    return (
      <ErrorState
        title="The upload's report could not be loaded."
        error={result.error}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        testId="report-error"
      />
    );
  }
  if (!result.data) return <LoadingState label="Loading the report…" />;
  const report = result.data.entryIngestion;
  if (!report) {
    return <EmptyState testId="report-missing" title="This upload is not one your organization can see." />;
  }
  return <IngestionReport report={report} />;
}

function OutcomeBadge({ outcome }: { outcome: string }) {
  return outcome === 'LOADED' ? (
    <span className="badge badge-outcome-loaded">Loaded</span>
  ) : (
    <span className="badge badge-outcome-refused">Refused</span>
  );
}

export function IngestionReport({ report }: { report: IngestionReportData }) {
  const loaded = report.outcome === 'LOADED';
  return (
    <section className="panel report" aria-labelledby="ingestion-report" data-testid="ingestion-report">
      <div className="cycle-heading">
        <h2 id="ingestion-report">{report.fileName}</h2>
        <OutcomeBadge outcome={report.outcome} />
      </div>
      <p className="sub">
        Uploaded {formatDateTime(report.uploadedAt)}
        {report.businessDate && ` · business date ${formatDate(report.businessDate)}`}
      </p>
      <p className="report-summary" role="status">
        {loaded
          ? `${countLabel(report.entryCount, 'entry', 'entries')} from ${countLabel(report.rowCount, 'row')}: ${report.createdCount.toLocaleString('en-US')} new, ${report.updatedCount.toLocaleString('en-US')} updated, ${report.versionedCount.toLocaleString('en-US')} corrected (new version), ${report.unchangedCount.toLocaleString('en-US')} unchanged.`
          : `Nothing from this file was written: ${countLabel(report.errorCount, 'problem')} in ${countLabel(report.rowCount, 'row')}. Fix them and upload the whole file again.`}
      </p>
      {report.errors.length > 0 && (
        <>
          {report.errors.length < report.errorCount && (
            <p className="muted">
              The first {report.errors.length.toLocaleString('en-US')} of{' '}
              {report.errorCount.toLocaleString('en-US')} problems, in row order.
            </p>
          )}
          <div className="table-box">
            <table className="data-table" data-testid="row-errors">
              <caption className="visually-hidden">Problems by row</caption>
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    Row
                  </th>
                  <th scope="col">Column</th>
                  <th scope="col">Value</th>
                  <th scope="col">Problem</th>
                  <th scope="col">How to fix it</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((error) => (
                  <tr key={`${error.row}|${error.column ?? ''}|${error.problem}`}>
                    <th scope="row" className="numeric">
                      {error.row.toLocaleString('en-US')}
                    </th>
                    <td>{error.column ?? <span className="muted">Whole row</span>}</td>
                    <td className="mono">{error.value ?? ''}</td>
                    <td>{error.problem}</td>
                    <td>{error.fix}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
