// Password guessing against the started API: concurrent guesses, locking a known user out from elsewhere,
// and audit-log flooding. The API trusts loopback as its proxy (the default, as behind the portal's dev
// server), so X-Forwarded-For names the client here.
import { useTestDatabase } from '@cape/db/testing';
import { createBrokerWithFilerCode, createUser } from '@cape/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiProcess, startApiProcess } from './testing.ts';

const db = await useTestDatabase();
const broker = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Customs Brokerage' });
const target = await createUser(db.owner, {
  email: 'target@harbor.test',
  organizationId: broker.organizationId,
  role: 'STAFF',
});
const owner = await createUser(db.owner, {
  email: 'owner@harbor.test',
  organizationId: broker.organizationId,
  role: 'ADMIN',
});

const api: ApiProcess = await startApiProcess({ APP_DATABASE_URL: db.appUrl });
afterAll(() => api.stop());

const SIGN_IN = `mutation ($input: SignInInput!) {
  signIn(input: $input) { __typename ... on MutationSignInSuccess { data { token } } }
}`;

async function signIn(email: string, password: string, clientAddress?: string): Promise<string> {
  const answer = await api.graphql(
    SIGN_IN,
    { input: { email, password } },
    undefined,
    clientAddress ? { 'x-forwarded-for': clientAddress } : {},
  );
  return answer.data?.signIn.__typename ?? JSON.stringify(answer);
}

async function auditRows(email: string) {
  return await db.owner.auditLogEntry.findMany({
    where: { action: 'session.sign_in_failed', subjectId: email },
    select: { details: true },
  });
}

describe('password guessing over HTTP', () => {
  it('checks only 10 of 200 concurrent guesses, and records the refusals once', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        signIn('target@harbor.test', `guess-${index}`, '203.0.113.50'),
      ),
    );
    const counts = Object.fromEntries(
      ['InvalidCredentialsError', 'TooManySignInAttemptsError'].map((name) => [
        name,
        outcomes.filter((outcome) => outcome === name).length,
      ]),
    );
    expect(counts).toEqual({ InvalidCredentialsError: 10, TooManySignInAttemptsError: 190 });
    const rows = await auditRows('target@harbor.test');
    expect(
      rows.filter((row) => (row.details as { reason: string }).reason === 'invalid_credentials'),
    ).toHaveLength(10);
    expect(rows.filter((row) => (row.details as { reason: string }).reason === 'throttled')).toEqual([
      { details: { reason: 'throttled', scope: 'account-and-address' } },
    ]);
    // The owner of the account, elsewhere, still signs in.
    expect(await signIn('target@harbor.test', target.password, '198.51.100.20')).toBe(
      'MutationSignInSuccess',
    );
  });

  it('does not let a guesser who knows an e-mail address lock its owner out', async () => {
    for (let i = 0; i < 12; i++) await signIn('owner@harbor.test', `wrong-${i}`, '203.0.113.51');
    expect(await signIn('owner@harbor.test', owner.password, '203.0.113.51')).toBe(
      'TooManySignInAttemptsError',
    );
    expect(await signIn('owner@harbor.test', owner.password, '198.51.100.21')).toBe('MutationSignInSuccess');
  });

  it('writes no audit rows for a request of 1,000 aliased sign-ins', async () => {
    const before = await db.owner.auditLogEntry.count();
    const aliases = Array.from(
      { length: 1_000 },
      (_, index) =>
        `a${index}: signIn(input: { email: "target@harbor.test", password: "x${index}" }) { __typename }`,
    ).join(' ');
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.52' },
      body: JSON.stringify({ query: `mutation { ${aliases} }` }),
    });
    expect(response.status).toBe(413);
    expect(await db.owner.auditLogEntry.count()).toBe(before);
  });
});
