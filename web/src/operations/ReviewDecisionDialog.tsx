// Hold or release one entry, with the reason the audit log keeps. A modal <dialog>: the browser keeps focus
// inside it, Escape closes it, and focus returns to the button that opened it.
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { errorMessages } from '../client.ts';
import type { ReviewQueueItemFieldsFragment } from '../graphql/generated/graphql.ts';
import { graphql } from '../graphql/generated/index.ts';
import { FormProblems, splitProblems } from '../ui/problems.tsx';
import { ReviewReasonSchema } from './review-queue-search.ts';

export interface ReviewDecision {
  kind: 'hold' | 'release';
  entry: ReviewQueueItemFieldsFragment;
}

export const HoldEntryMutation = graphql(`
  mutation HoldEntry($input: ReviewDecisionInput!) {
    holdEntry(input: $input) {
      __typename
      ... on ReviewDecisionSuccess {
        entry {
          ...ReviewQueueItemFields
        }
      }
      ...ProblemFields
    }
  }
`);

export const ReleaseEntryMutation = graphql(`
  mutation ReleaseEntry($input: ReviewDecisionInput!) {
    releaseEntry(input: $input) {
      __typename
      ... on ReviewDecisionSuccess {
        entry {
          ...ReviewQueueItemFields
        }
      }
      ...ProblemFields
    }
  }
`);

interface Problems {
  reason: string[];
  form: string[];
}

export function ReviewDecisionDialog({
  decision,
  onClose,
  onDecided,
}: {
  decision: ReviewDecision;
  onClose: () => void;
  onDecided: (entry: ReviewQueueItemFieldsFragment) => void;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Problems>({ reason: [], form: [] });
  const [hold, holdEntry] = useMutation(HoldEntryMutation);
  const [release, releaseEntry] = useMutation(ReleaseEntryMutation);
  const fetching = hold.fetching || release.fetching;
  const verb = decision.kind === 'hold' ? 'Hold' : 'Release';

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (fetching) return;
    const checked = ReviewReasonSchema.safeParse(reason);
    if (!checked.success) {
      setProblems({ reason: checked.error.issues.map((issue) => issue.message), form: [] });
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    setProblems({ reason: [], form: [] });
    const input = { entryNumber: decision.entry.entryNumber, reason: checked.data };
    const result = decision.kind === 'hold' ? await holdEntry({ input }) : await releaseEntry({ input });
    const outcome = result.data
      ? 'holdEntry' in result.data
        ? result.data.holdEntry
        : result.data.releaseEntry
      : null;
    if (result.error || !outcome) {
      setProblems({ reason: [], form: result.error ? errorMessages(result.error) : ['No answer.'] });
      return;
    }
    if (outcome.__typename === 'ReviewDecisionSuccess') {
      onDecided(outcome.entry);
      return;
    }
    const refusal = splitProblems(outcome, 'reason');
    setProblems({ reason: refusal.field, form: refusal.form });
  }

  const reasonInvalid = problems.reason.length > 0;
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      data-testid="review-decision"
    >
      <form method="dialog" onSubmit={onSubmit} noValidate aria-busy={fetching}>
        <h2 id={`${id}-title`}>
          {verb} entry <span className="mono">{decision.entry.formattedEntryNumber}</span>
        </h2>
        <p className="muted">
          {decision.kind === 'hold'
            ? 'The entry waits, unliquidated, until an operator releases it.'
            : 'The entry goes back to CBP’s schedule; a date that passed while it waited moves to the next processing day.'}
        </p>
        <FormProblems messages={problems.form} testId="review-decision-error" />
        <div className={reasonInvalid ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-reason`}>Reason</label>
          <textarea
            id={`${id}-reason`}
            rows={4}
            maxLength={1000}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            aria-invalid={reasonInvalid || undefined}
            aria-describedby={reasonInvalid ? `${id}-reason-error` : `${id}-reason-hint`}
            required
          />
          {reasonInvalid ? (
            <p className="field-error" id={`${id}-reason-error`}>
              {problems.reason.join(' ')}
            </p>
          ) : (
            <p className="field-hint" id={`${id}-reason-hint`}>
              Kept in the audit log with your name.
            </p>
          )}
        </div>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={fetching}>
            {fetching ? `${verb === 'Hold' ? 'Holding' : 'Releasing'}…` : `${verb} entry`}
          </button>
          <button type="button" className="button button-secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
