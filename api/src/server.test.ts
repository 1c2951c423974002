// The API over HTTP, as integrators use it: sign in, then read entries with the token.
import type { AddressInfo } from 'node:net';
import { connectionPoolOf, createPrismaClient } from '@cape/db';
import { useTestDatabase } from '@cape/db/testing';
import {
  createBrokerWithFilerCode,
  createEntrySummary,
  createImporterParty,
  createOrganization,
  createUser,
} from '@cape/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiServer, createGraphqlHandler } from './server.ts';
import { DEFAULT_SIGN_IN_LIMITS, SignInThrottle } from './services/sign-in-throttle.ts';
import { TEST_API_CONFIG } from './testing.ts';

const db = await useTestDatabase();
const broker = await createBrokerWithFilerCode(db.owner, {
  name: 'Harbor Customs Brokerage',
  filerCode: 'H7C',
});
const staff = await createUser(db.owner, {
  email: 'ops@harbor.test',
  organizationId: broker.organizationId,
  role: 'STAFF',
});
const client = await createImporterParty(db.owner, { name: 'Acme Imports', clientOf: broker.organizationId });
for (let i = 0; i < 3; i++) {
  await createEntrySummary(db.owner, { filerCode: 'H7C', importerPartyId: client.partyId });
}
const yoga = createGraphqlHandler(db.app, TEST_API_CONFIG);

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk untyped JSON responses
type Json = any;
interface GraphqlResponse {
  data?: Record<string, Json>;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function graphql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await yoga.fetch('http://api.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphqlResponse;
}

const SIGN_IN = `mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    __typename
    ... on MutationSignInSuccess { data { token viewer { displayName organization { name kind } permissions } } }
    ... on ValidationError { message issues { path message } }
    ... on TooManySignInAttemptsError { retryAfterSeconds }
    ... on Error { message }
  }
}`;

const ENTRIES = `query Entries($first: Int, $after: String) {
  entries(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { formattedEntryNumber entryType ieepaDutyCents totalDutyCents entryDate importer { name } } }
  }
}`;

async function signInToken(): Promise<string> {
  const result = await graphql(SIGN_IN, { input: { email: 'ops@harbor.test', password: staff.password } });
  return result.data?.signIn.data.token;
}

describe('GraphQL over HTTP', () => {
  it('signs in and returns the viewer with permissions', async () => {
    const result = await graphql(SIGN_IN, { input: { email: 'ops@harbor.test', password: staff.password } });
    expect(result.data?.signIn).toMatchObject({
      __typename: 'MutationSignInSuccess',
      data: {
        viewer: {
          organization: { name: 'Harbor Customs Brokerage', kind: 'BROKER' },
          permissions: expect.arrayContaining(['ENTRY_READ', 'DECLARATION_FILE']),
        },
      },
    });
  });

  it('returns typed errors for bad input and bad credentials', async () => {
    const invalid = await graphql(SIGN_IN, { input: { email: 'not-an-email', password: '' } });
    expect(invalid.data?.signIn).toMatchObject({
      __typename: 'ValidationError',
      issues: [
        { path: 'input.email', message: 'Enter a valid e-mail address.' },
        { path: 'input.password', message: 'Enter your password.' },
      ],
    });
    const wrong = await graphql(SIGN_IN, { input: { email: 'ops@harbor.test', password: 'nope' } });
    expect(wrong.data?.signIn).toEqual({
      __typename: 'InvalidCredentialsError',
      message: 'The e-mail address or password is not correct.',
    });
  });

  it('pauses sign-in for an e-mail address after repeated failures, even with the right password', async () => {
    const paused = await createUser(db.owner, {
      email: 'paused@harbor.test',
      organizationId: broker.organizationId,
      role: 'STAFF',
    });
    const guarded = createGraphqlHandler(db.app, TEST_API_CONFIG, {
      signInThrottle: new SignInThrottle(connectionPoolOf(db.app), {
        ...DEFAULT_SIGN_IN_LIMITS,
        perAccountAndAddress: 2,
        windowSeconds: 60,
      }),
    });
    const attempt = async (password: string) => {
      const response = await guarded.fetch('http://api.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: SIGN_IN,
          variables: { input: { email: 'paused@harbor.test', password } },
        }),
      });
      return ((await response.json()) as GraphqlResponse).data?.signIn;
    };
    expect((await attempt('guess-1')).__typename).toBe('InvalidCredentialsError');
    expect((await attempt('guess-2')).__typename).toBe('InvalidCredentialsError');
    const refused = await attempt(paused.password);
    expect(refused).toMatchObject({
      __typename: 'TooManySignInAttemptsError',
      retryAfterSeconds: expect.any(Number),
    });
    expect(refused.message).toMatch(/^Too many failed sign-in attempts\. Try again in 1 minute\(s\)\.$/);
    expect((await attempt(paused.password)).__typename).toBe('TooManySignInAttemptsError');
    // Two checked failures, and one record for the refusals of this window (not one per refusal).
    const recorded = await db.owner.auditLogEntry.findMany({
      where: { action: 'session.sign_in_failed', subjectId: 'paused@harbor.test' },
      orderBy: { id: 'asc' },
    });
    expect(recorded.map((entry) => entry.details)).toEqual([
      { reason: 'invalid_credentials' },
      { reason: 'invalid_credentials' },
      { reason: 'throttled', scope: 'account-and-address' },
    ]);
  });

  it('pages through entries with cursors and money as digit strings', async () => {
    const token = await signInToken();
    const first = await graphql(ENTRIES, { first: 2 }, token);
    expect(first.errors).toBeUndefined();
    expect(first.data?.entries.totalCount).toBe(3);
    expect(first.data?.entries.edges).toHaveLength(2);
    expect(first.data?.entries.pageInfo.hasNextPage).toBe(true);
    const node = first.data?.entries.edges[0].node;
    expect(node.formattedEntryNumber).toMatch(/^H7C-\d{7}-\d$/);
    expect(node.ieepaDutyCents).toMatch(/^\d+$/);
    expect(node.entryDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const second = await graphql(ENTRIES, { first: 2, after: first.data?.entries.pageInfo.endCursor }, token);
    expect(second.data?.entries.edges).toHaveLength(1);
    expect(second.data?.entries.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses entries without a session, with a forged token, and with bad arguments', async () => {
    const anonymous = await graphql(ENTRIES, { first: 2 });
    expect(anonymous.errors?.[0]?.message).toBe('Not authorized to resolve Query.entries');
    const token = await signInToken();
    const forged = await graphql(ENTRIES, { first: 2 }, `${token.split('.')[0]}.AAAA`);
    expect(forged.errors?.[0]?.message).toBe('Not authorized to resolve Query.entries');
    expect((await graphql('{ viewer { email } }', {}, 'garbage')).data?.viewer).toBeNull();
    const tooMany = await graphql(ENTRIES, { first: 5000 }, token);
    expect(tooMany.errors?.[0]).toMatchObject({
      message: 'Invalid arguments. args.first: first may be at most 200.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const badCursor = await graphql(ENTRIES, { first: 2, after: '1; drop table entry_summaries' }, token);
    expect(badCursor.errors?.[0]?.message).toBe('Invalid cursor: use a cursor from a previous page.');
  });

  it('serves CBP operations staff over the operator role, which alone sees every tenant', async () => {
    const cbp = await createOrganization(db.owner, { kind: 'OPERATOR', name: 'CBP CAPE operations' });
    const officer = await createUser(db.owner, {
      email: 'officer@cbp.test',
      organizationId: cbp.id,
      role: 'STAFF',
    });
    const login = { input: { email: 'officer@cbp.test', password: officer.password } };
    const countAs = async (handler: ReturnType<typeof createGraphqlHandler>) => {
      const call = async (query: string, variables: Record<string, unknown>, token?: string) => {
        const response = await handler.fetch('http://api.test/graphql', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as GraphqlResponse;
      };
      const token = (await call(SIGN_IN, login)).data?.signIn.data.token;
      return (await call('{ entries { totalCount } }', {}, token)).data?.entries.totalCount;
    };
    expect(
      await countAs(createGraphqlHandler(db.app, TEST_API_CONFIG, { operatorPrisma: db.operator })),
    ).toBe(3);
    // Without the operator role's pool, the same officer's organization kind alone shows nothing.
    expect(await countAs(createGraphqlHandler(db.app, TEST_API_CONFIG))).toBe(0);
  });
});

const unreachable = createPrismaClient('postgresql://cape_app:x@127.0.0.1:1/nowhere');
const servers = [createApiServer(db.app, TEST_API_CONFIG), createApiServer(unreachable, TEST_API_CONFIG)];
const urls = await Promise.all(
  servers.map(
    (server) =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        ),
      ),
  ),
);
afterAll(async () => {
  for (const server of servers) server.close();
  await unreachable.$disconnect();
});

describe('HTTP server', () => {
  it('reports health, and 503 when the database is unreachable', async () => {
    const healthy = await fetch(`${urls[0]}/health`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ status: 'ok', database: 'ok' });
    const unhealthy = await fetch(`${urls[1]}/health`);
    expect(unhealthy.status).toBe(503);
  });

  it('masks unexpected errors instead of leaking internals', async () => {
    const response = await fetch(`${urls[1]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: SIGN_IN,
        variables: { input: { email: 'ops@harbor.test', password: 'x' } },
      }),
    });
    const body = JSON.stringify(await response.json());
    expect(body).toContain('Unexpected error.');
    expect(body).not.toMatch(/nowhere|ECONNREFUSED|prisma/i);
  });
});
