import { type FormEvent, useId, useState } from 'react';
import { useMutation } from 'urql';
import { errorMessages } from '../client.ts';
import { graphql } from '../graphql/generated/index.ts';
import { usePageTitle } from '../ui/use-page-title.ts';
import { BrandMark } from './AppHeader.tsx';
import { SignInFormSchema } from './sign-in-schema.ts';

export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      __typename
      ... on MutationSignInSuccess {
        data {
          token
          expiresAt
        }
      }
      ... on InvalidCredentialsError {
        message
      }
      ... on TooManySignInAttemptsError {
        message
      }
      ... on ValidationError {
        message
        issues {
          path
          message
        }
      }
    }
  }
`);

type Field = 'email' | 'password';

interface Problems {
  /** Shown above the form: invalid credentials, request failures, issues of no known field. */
  form: string[];
  fields: Record<Field, string[]>;
}

const NO_PROBLEMS: Problems = { form: [], fields: { email: [], password: [] } };

const FIELD_BY_PATH: Record<string, Field> = { 'input.email': 'email', 'input.password': 'password' };

export function SignInPage({ onSignedIn }: { onSignedIn: (token: string) => void }) {
  const [{ fetching }, signIn] = useMutation(SignInMutation);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const id = useId();
  usePageTitle('Sign in');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (fetching) return;
    const checked = SignInFormSchema.safeParse({ email: email.trim(), password });
    if (!checked.success) {
      const next: Problems = { form: [], fields: { email: [], password: [] } };
      for (const issue of checked.error.issues) {
        const field = issue.path[0];
        if (field === 'email' || field === 'password') next.fields[field].push(issue.message);
      }
      setProblems(next);
      const firstInvalid = next.fields.email.length > 0 ? 'email' : 'password';
      document.getElementById(`${id}-${firstInvalid}`)?.focus();
      return;
    }
    setProblems(NO_PROBLEMS);
    const result = await signIn({ input: checked.data });
    if (result.error || !result.data) {
      setProblems({ ...NO_PROBLEMS, form: result.error ? errorMessages(result.error) : ['No answer.'] });
      return;
    }
    const outcome = result.data.signIn;
    switch (outcome.__typename) {
      case 'MutationSignInSuccess':
        onSignedIn(outcome.data.token);
        return;
      case 'InvalidCredentialsError':
      case 'TooManySignInAttemptsError':
        setProblems({ ...NO_PROBLEMS, form: [outcome.message] });
        return;
      case 'ValidationError': {
        const next: Problems = { form: [], fields: { email: [], password: [] } };
        for (const issue of outcome.issues) {
          const field = FIELD_BY_PATH[issue.path];
          if (field) next.fields[field].push(issue.message);
          else next.form.push(issue.message);
        }
        if (next.form.length === 0 && next.fields.email.length === 0 && next.fields.password.length === 0) {
          next.form.push(outcome.message);
        }
        setProblems(next);
        return;
      }
    }
  }

  return (
    <div className="sign-in-layout">
      <main className="sign-in-card">
        <BrandMark />
        <h1>Sign in</h1>
        <p className="muted">IEEPA duty refunds for brokers, importers and notify parties.</p>
        <div className="form-alert-region" role="alert" aria-live="assertive">
          {problems.form.length > 0 && (
            <div className="alert alert-error" data-testid="sign-in-error">
              {problems.form.map((message) => (
                <p key={message}>{message}</p>
              ))}
            </div>
          )}
        </div>
        <form onSubmit={onSubmit} noValidate aria-busy={fetching}>
          <TextField
            id={`${id}-email`}
            name="email"
            label="E-mail address"
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            errors={problems.fields.email}
          />
          <TextField
            id={`${id}-password`}
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            errors={problems.fields.password}
          />
          <button type="submit" className="button button-primary button-block" disabled={fetching}>
            {fetching ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </main>
    </div>
  );
}

interface TextFieldProps {
  id: string;
  name: Field;
  label: string;
  type: 'email' | 'password' | 'text';
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  errors: string[];
}

function TextField({ id, name, label, type, autoComplete, value, onChange, errors }: TextFieldProps) {
  const errorId = `${id}-error`;
  const invalid = errors.length > 0;
  return (
    <div className={invalid ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
      />
      {invalid && (
        <p className="field-error" id={errorId}>
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}
