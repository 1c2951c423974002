import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ExecutionResult } from '@urql/core';
import { Provider } from 'urql';
import { describe, expect, it, vi } from 'vitest';
import { deferred, type MockHandler, mockClient } from '../test/mock-client.ts';
import { SignInPage } from './SignInPage.tsx';

function renderSignIn(handler: MockHandler) {
  const onSignedIn = vi.fn<(token: string) => void>();
  const requests: unknown[] = [];
  const client = mockClient((operation) => {
    requests.push(operation.variables);
    return handler(operation);
  });
  render(
    <Provider value={client}>
      <SignInPage onSignedIn={onSignedIn} />
    </Provider>,
  );
  return { onSignedIn, requests, user: userEvent.setup() };
}

async function fillAndSubmit(user: ReturnType<typeof userEvent.setup>, email: string, password: string) {
  if (email) await user.type(screen.getByLabelText('E-mail address'), email);
  if (password) await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInPage', () => {
  it('signs in and hands over the token', async () => {
    const { onSignedIn, requests, user } = renderSignIn(() => ({
      data: {
        signIn: {
          __typename: 'MutationSignInSuccess',
          data: { __typename: 'SignInPayload', token: 'token-123', expiresAt: '2030-01-01T00:00:00.000Z' },
        },
      },
    }));
    await fillAndSubmit(user, 'ana@broker.test', 'correct horse');
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledWith('token-123'));
    expect(requests).toEqual([{ input: { email: 'ana@broker.test', password: 'correct horse' } }]);
  });

  it('shows the InvalidCredentialsError message in an alert', async () => {
    const { onSignedIn, user } = renderSignIn(() => ({
      data: {
        signIn: {
          __typename: 'InvalidCredentialsError',
          message: 'The e-mail address or password is not correct.',
        },
      },
    }));
    await fillAndSubmit(user, 'ana@broker.test', 'wrong');
    const alert = await screen.findByTestId('sign-in-error');
    expect(alert.textContent).toBe('The e-mail address or password is not correct.');
    expect(screen.getByRole('alert').contains(alert)).toBe(true);
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('shows the pause after repeated failures (TooManySignInAttemptsError)', async () => {
    const { onSignedIn, user } = renderSignIn(() => ({
      data: {
        signIn: {
          __typename: 'TooManySignInAttemptsError',
          message: 'Too many failed sign-in attempts. Try again in 15 minute(s).',
        },
      },
    }));
    await fillAndSubmit(user, 'ana@broker.test', 'correct horse');
    expect((await screen.findByTestId('sign-in-error')).textContent).toBe(
      'Too many failed sign-in attempts. Try again in 15 minute(s).',
    );
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('shows ValidationError issues next to their fields', async () => {
    const { user } = renderSignIn(() => ({
      data: {
        signIn: {
          __typename: 'ValidationError',
          message: 'The input has 3 problems.',
          issues: [
            { __typename: 'ValidationIssue', path: 'input.email', message: 'Enter a valid e-mail address.' },
            { __typename: 'ValidationIssue', path: 'input.password', message: 'Enter your password.' },
            {
              __typename: 'ValidationIssue',
              path: 'input.organizationId',
              message: 'organizationId must be a UUID.',
            },
          ],
        },
      },
    }));
    // Well-formed here, so the form sends it; the API's own checks come back as field messages.
    await fillAndSubmit(user, 'ana@broker.test', 'secret');
    const email = screen.getByLabelText('E-mail address');
    await vi.waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    const emailError = document.getElementById(email.getAttribute('aria-describedby') ?? '');
    expect(emailError?.textContent).toBe('Enter a valid e-mail address.');

    const password = screen.getByLabelText('Password');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    const passwordError = document.getElementById(password.getAttribute('aria-describedby') ?? '');
    expect(passwordError?.textContent).toBe('Enter your password.');

    expect(screen.getByTestId('sign-in-error').textContent).toBe('organizationId must be a UUID.');
  });

  it('checks the fields before sending, and focuses the first one to fix', async () => {
    const { onSignedIn, requests, user } = renderSignIn(() => ({ errors: [{ message: 'not reached' }] }));
    await fillAndSubmit(user, 'ana@broker', '');
    const email = screen.getByLabelText('E-mail address');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(email.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Enter a valid e-mail address.',
    );
    const password = screen.getByLabelText('Password');
    expect(document.getElementById(password.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Enter your password.',
    );
    expect(document.activeElement).toBe(email);
    expect(requests).toEqual([]);
    expect(onSignedIn).not.toHaveBeenCalled();

    await user.type(email, '.test');
    await user.type(password, 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() =>
      expect(requests).toEqual([{ input: { email: 'ana@broker.test', password: 'secret' } }]),
    );
  });

  it('disables the button while the request is in flight', async () => {
    const answer = deferred<ExecutionResult>();
    const { user } = renderSignIn(() => answer.promise);
    await fillAndSubmit(user, 'ana@broker.test', 'secret');
    const button = await screen.findByRole('button', { name: 'Signing in…' });
    expect(button).toHaveProperty('disabled', true);
    answer.resolve({
      data: {
        signIn: {
          __typename: 'InvalidCredentialsError',
          message: 'The e-mail address or password is not correct.',
        },
      },
    });
    const enabled = await screen.findByRole('button', { name: 'Sign in' });
    expect(enabled).toHaveProperty('disabled', false);
  });

  it('shows GraphQL errors plainly', async () => {
    const { user } = renderSignIn(() => ({ errors: [{ message: 'Unexpected error.' }] }));
    await fillAndSubmit(user, 'ana@broker.test', 'secret');
    expect((await screen.findByTestId('sign-in-error')).textContent).toBe('Unexpected error.');
  });
});
