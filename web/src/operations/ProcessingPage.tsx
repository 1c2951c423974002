// CBP operations staff: run CAPE processing up to a business date (outside production the business clock
// moves there first) and follow each cycle stage by stage. While a cycle is queued or running the page asks
// for its progress every few seconds.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { errorMessages } from '../client.ts';
import { formatDate, formatDateTime, humanize } from '../format.ts';
import type { ProcessingCycleFieldsFragment } from '../graphql/generated/graphql.ts';
import { graphql } from '../graphql/generated/index.ts';
import { FormProblems, splitProblems } from '../ui/problems.tsx';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { usePageTitle } from '../ui/use-page-title.ts';
import { ThroughDateSchema } from './processing-schema.ts';

export const ProcessingCycleFields = graphql(`
  fragment ProcessingCycleFields on ProcessingCycle {
    id
    throughDate
    status
    stage
    requestedBy
    error
    createdAt
    startedAt
    finishedAt
    stages {
      stage
      workItems
      workItemsDone
      plannedRows
      processedRows
    }
  }
`);

export const ProcessingCyclesQuery = graphql(`
  query ProcessingCycles($first: Int!) {
    processingCycles(first: $first) {
      ...ProcessingCycleFields
    }
  }
`);

export const RunProcessingCycleMutation = graphql(`
  mutation RunProcessingCycle($input: RunProcessingCycleInput) {
    runProcessingCycle(input: $input) {
      __typename
      ... on RunProcessingCycleSuccess {
        cycle {
          ...ProcessingCycleFields
        }
      }
      ...ProblemFields
    }
  }
`);

export const CYCLES_SHOWN = 20;
export const PROGRESS_POLL_MS = 2_000;

const STAGE_TEXT: Record<string, string> = {
  MASS_PROCESSING: 'Mass processing',
  LIQUIDATION: 'Liquidation',
  CONSOLIDATION: 'Consolidation',
  PAYMENT: 'Payment',
};

function isActive(cycle: ProcessingCycleFieldsFragment): boolean {
  return cycle.status === 'QUEUED' || cycle.status === 'RUNNING';
}

export function ProcessingPage() {
  usePageTitle('Processing');
  const [result, reexecute] = useQuery({ query: ProcessingCyclesQuery, variables: { first: CYCLES_SHOWN } });
  const cycles = result.data?.processingCycles;
  const active = cycles?.some(isActive) ?? false;

  // Progress of a running cycle: asked for again every few seconds until no cycle is queued or running.
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), PROGRESS_POLL_MS);
    return () => clearInterval(timer);
  }, [active, reexecute]);

  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Processing</h1>
          <p className="muted">
            CAPE processing in four stages: mass processing, liquidation, consolidation and payment.
          </p>
        </div>
      </div>
      <RunCycleForm running={active} onQueued={() => reexecute({ requestPolicy: 'network-only' })} />

      <h2 className="section-title">Latest cycles</h2>
      {result.error && (
        <ErrorState
          title="The processing cycles could not be loaded."
          error={result.error}
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
          testId="cycles-error"
        />
      )}
      {!cycles && result.fetching && <LoadingState label="Loading the processing cycles…" />}
      {cycles && cycles.length === 0 && (
        <EmptyState testId="cycles-empty" title="No processing cycle has run yet.">
          Run one above; scheduled cycles appear here too.
        </EmptyState>
      )}
      {cycles && cycles.length > 0 && (
        <ol className="cycle-list" data-testid="cycles">
          {cycles.map((cycle) => (
            <CycleCard key={cycle.id} cycle={cycle} />
          ))}
        </ol>
      )}
    </>
  );
}

function RunCycleForm({ running, onQueued }: { running: boolean; onQueued: () => void }) {
  const id = useId();
  const [throughDate, setThroughDate] = useState('');
  const [problems, setProblems] = useState<{ throughDate: string[]; form: string[] }>({
    throughDate: [],
    form: [],
  });
  const [{ fetching }, run] = useMutation(RunProcessingCycleMutation);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (fetching) return;
    const checked = ThroughDateSchema.safeParse(throughDate);
    if (!checked.success) {
      setProblems({ throughDate: checked.error.issues.map((issue) => issue.message), form: [] });
      document.getElementById(`${id}-through`)?.focus();
      return;
    }
    setProblems({ throughDate: [], form: [] });
    const result = await run({ input: checked.data ? { throughDate: checked.data } : null });
    const outcome = result.data?.runProcessingCycle;
    if (result.error || !outcome) {
      setProblems({ throughDate: [], form: result.error ? errorMessages(result.error) : ['No answer.'] });
      return;
    }
    if (outcome.__typename === 'RunProcessingCycleSuccess') {
      setThroughDate('');
      onQueued();
      return;
    }
    const refusal = splitProblems(outcome, 'throughDate');
    setProblems({ throughDate: refusal.field, form: refusal.form });
  }

  const invalid = problems.throughDate.length > 0;
  return (
    <form className="panel run-cycle" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Run a processing cycle</h2>
      <FormProblems messages={problems.form} testId="run-cycle-error" />
      <div className="run-cycle-fields">
        <div className={invalid ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-through`}>Through business date</label>
          <input
            id={`${id}-through`}
            type="date"
            value={throughDate}
            onChange={(event) => setThroughDate(event.target.value)}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? `${id}-through-error` : `${id}-through-hint`}
          />
          {invalid ? (
            <p className="field-error" id={`${id}-through-error`}>
              {problems.throughDate.join(' ')}
            </p>
          ) : (
            <p className="field-hint" id={`${id}-through-hint`}>
              Empty: today. Outside production the business clock moves to this date first.
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary" disabled={fetching}>
          {fetching ? 'Queuing…' : 'Run cycle'}
        </button>
      </div>
      {running && (
        <p className="muted" role="status">
          A cycle is queued or running; a new one waits for it.
        </p>
      )}
    </form>
  );
}

function CycleCard({ cycle }: { cycle: ProcessingCycleFieldsFragment }) {
  const headingId = `cycle-${cycle.id}`;
  return (
    <li className="panel cycle" aria-labelledby={headingId}>
      <div className="cycle-heading">
        <h3 id={headingId}>Through {formatDate(cycle.throughDate)}</h3>
        <span className={`badge badge-cycle badge-cycle-${cycle.status.toLowerCase()}`}>
          {humanize(cycle.status)}
        </span>
      </div>
      <p className="sub">
        Requested by {cycle.requestedBy} · {formatDateTime(cycle.createdAt)}
        {cycle.startedAt && ` · started ${formatDateTime(cycle.startedAt)}`}
        {cycle.finishedAt && ` · finished ${formatDateTime(cycle.finishedAt)}`}
      </p>
      {cycle.error && (
        <p className="alert alert-error" data-testid="cycle-failure">
          {cycle.error}
        </p>
      )}
      <ol className="stages">
        {cycle.stages.map((stage) => {
          const label = STAGE_TEXT[stage.stage] ?? humanize(stage.stage);
          const current = cycle.stage === stage.stage && isActive(cycle);
          return (
            <li key={stage.stage} className={current ? 'stage stage-current' : 'stage'}>
              <span className="stage-name">
                {label}
                {current && <span className="visually-hidden"> (in progress)</span>}
              </span>
              <progress
                max={Math.max(stage.workItems, 1)}
                value={stage.workItems === 0 ? 0 : stage.workItemsDone}
                aria-label={`${label}: ${stage.workItemsDone} of ${stage.workItems} parts done`}
              />
              <span className="sub nowrap">
                {stage.workItems === 0
                  ? 'Nothing to do yet'
                  : `${stage.processedRows.toLocaleString('en-US')} of ${stage.plannedRows.toLocaleString('en-US')} rows`}
              </span>
            </li>
          );
        })}
      </ol>
    </li>
  );
}
