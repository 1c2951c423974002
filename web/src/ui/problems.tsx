// What a form shows when the API refuses: typed errors (the Error interface) arrive as data; a
// ValidationError's issues go next to their fields, everything else above the form.
import { graphql } from '../graphql/generated/index.ts';

export const ProblemFields = graphql(`
  fragment ProblemFields on Error {
    message
    ... on ValidationError {
      issues {
        path
        message
      }
    }
  }
`);

interface Refusal {
  message: string;
  issues?: readonly { path: string; message: string }[];
}

/** The refusal's messages for one field (issues whose path ends with it) and for the form (the rest). */
export function splitProblems(refusal: Refusal, field: string): { field: string[]; form: string[] } {
  const issues = refusal.issues ?? [];
  const mine = issues.filter((issue) => issue.path === field || issue.path.endsWith(`.${field}`));
  const others = issues.filter((issue) => !mine.includes(issue));
  if (issues.length === 0) return { field: [], form: [refusal.message] };
  return {
    field: mine.map((issue) => issue.message),
    form: others.length > 0 ? [refusal.message, ...others.map((issue) => issue.message)] : [],
  };
}

/** The messages above a form, in an alert region that screen readers announce when it fills. */
export function FormProblems({ messages, testId }: { messages: readonly string[]; testId: string }) {
  return (
    <div className="form-alert-region" role="alert">
      {messages.length > 0 && (
        <div className="alert alert-error" data-testid={testId}>
          {messages.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
    </div>
  );
}
