import { CombinedError, createRequest, gql } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { createPortalClient, endsSession, errorMessages } from './client.ts';
import { sessionStore } from './session.ts';

const request = createRequest(gql`query Probe { viewer { userId } }`, {});

function headersSentBy(token: string | null) {
  const client = createPortalClient({ token, onSessionEnded: () => {} });
  const options = client.createRequestOperation('query', request).context.fetchOptions;
  return (typeof options === 'function' ? options() : options)?.headers;
}

describe('portal client', () => {
  it('sends the session token as a Bearer header, and none when signed out; the CSRF header always', () => {
    expect(headersSentBy('abc')).toEqual({ authorization: 'Bearer abc', 'x-graphql-yoga-csrf': '1' });
    expect(headersSentBy(null)).toEqual({ 'x-graphql-yoga-csrf': '1' });
  });

  it('treats viewer: null on a query as the end of the session', () => {
    const client = createPortalClient({ token: 't', onSessionEnded: () => {} });
    const operation = client.createRequestOperation('query', request);
    const result = { operation, stale: false, hasNext: false };
    expect(endsSession({ ...result, data: { viewer: null } })).toBe(true);
    expect(endsSession({ ...result, data: { viewer: { userId: '1' } } })).toBe(false);
    expect(endsSession({ ...result, data: { entries: null } })).toBe(false);
  });

  it('reports GraphQL errors without the "[GraphQL]" prefix', () => {
    const error = new CombinedError({ graphQLErrors: [{ message: 'Sign in first.' }] });
    expect(errorMessages(error)).toEqual(['Sign in first.']);
    const offline = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect(errorMessages(offline)[0]).toContain('Failed to fetch');
  });
});

describe('sessionStore', () => {
  it('keeps the token in sessionStorage', () => {
    sessionStore.setToken('t1');
    expect(sessionStorage.getItem('cape.sessionToken')).toBe('t1');
    expect(sessionStore.getToken()).toBe('t1');
    sessionStore.clear();
    expect(sessionStore.getToken()).toBeNull();
  });
});
