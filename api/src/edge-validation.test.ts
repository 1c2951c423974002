// What the started API answers at its edge: CORS only for configured origins, and ids that PostgreSQL
// could not hold refused as bad input rather than failing inside the database.
import { useTestDatabase } from '@cape/db/testing';
import { createBrokerWithFilerCode, createUser } from '@cape/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiProcess, startApiProcess } from './testing.ts';

const db = await useTestDatabase();
const broker = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Customs Brokerage' });
const staff = await createUser(db.owner, {
  email: 'ops@harbor.test',
  organizationId: broker.organizationId,
  role: 'STAFF',
});
const PORTAL = 'https://portal.cape.example';
const api: ApiProcess = await startApiProcess({ APP_DATABASE_URL: db.appUrl, CORS_ORIGINS: PORTAL });
afterAll(() => api.stop());

async function preflight(origin: string) {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
  return {
    allowOrigin: response.headers.get('access-control-allow-origin'),
    allowCredentials: response.headers.get('access-control-allow-credentials'),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: responses are walked as untyped JSON
async function graphql(query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.text() };
}

describe('CORS', () => {
  it('answers the configured origin only, with credentials', async () => {
    expect(await preflight(PORTAL)).toEqual({ allowOrigin: PORTAL, allowCredentials: 'true' });
    expect(await preflight('https://attacker.example')).toEqual({
      allowOrigin: null,
      allowCredentials: null,
    });
    expect(await preflight('null')).toEqual({ allowOrigin: null, allowCredentials: null });
    const simple = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://attacker.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { email } }' }),
    });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('ids at the edge', () => {
  it('refuses a cursor beyond PostgreSQL bigint as bad input, without a stack trace', async () => {
    const signIn = await graphql(
      'mutation ($input: SignInInput!) { signIn(input: $input) { ... on MutationSignInSuccess { data { token } } } }',
      { input: { email: 'ops@harbor.test', password: staff.password } },
    );
    const token = JSON.parse(signIn.body).data.signIn.data.token;
    const query = 'query ($after: String) { entries(first: 2, after: $after) { totalCount } }';
    for (const after of ['9999999999999999999', '9223372036854775808', '-1', '1e3']) {
      const answer = await graphql(query, { after }, token);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).errors).toEqual([
        expect.objectContaining({
          message: 'Invalid cursor: use a cursor from a previous page.',
          extensions: { code: 'BAD_USER_INPUT' },
        }),
      ]);
      expect(answer.body).not.toMatch(/RangeError|\bat \w+ \(|node_modules/);
    }
    const largest = await graphql(query, { after: '9223372036854775807' }, token);
    expect(JSON.parse(largest.body)).toEqual({ data: { entries: { totalCount: 0 } } });
  });
});
