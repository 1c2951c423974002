// One tenant's expensive requests must not starve another tenant's: each aliased `entries` used to open its
// own transaction, so one request with 300 aliases took every pooled connection and other tenants' requests
// failed (P2028) for seconds. Measured against the started API with a deliberately small pool.
import { useTestDatabase } from '@cape/db/testing';
import {
  createBrokerWithFilerCode,
  createEntrySummary,
  createImporterParty,
  createUser,
} from '@cape/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiProcess, startApiProcess } from './testing.ts';

const db = await useTestDatabase();

async function seedBroker(name: string, filerCode: string, email: string, entries: number) {
  const broker = await createBrokerWithFilerCode(db.owner, { name, filerCode });
  const staff = await createUser(db.owner, { email, organizationId: broker.organizationId, role: 'STAFF' });
  const client = await createImporterParty(db.owner, {
    name: `${name} client`,
    clientOf: broker.organizationId,
  });
  for (let i = 0; i < entries; i++) {
    await createEntrySummary(db.owner, { filerCode, importerPartyId: client.partyId });
  }
  return { email, password: staff.password };
}

const attacker = await seedBroker('Aggressor Brokerage', 'A9G', 'load@aggressor.test', 12);
const victim = await seedBroker('Quiet Brokerage', 'Q4T', 'ops@quiet.test', 3);

const api: ApiProcess = await startApiProcess({ APP_DATABASE_URL: db.appUrl, API_DB_POOL_SIZE: '6' });
afterAll(() => api.stop());

// biome-ignore lint/suspicious/noExplicitAny: responses are walked as untyped JSON
async function graphql(query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return await response.json();
}

async function signIn(login: { email: string; password: string }): Promise<string> {
  const result = await graphql(
    'mutation ($input: SignInInput!) { signIn(input: $input) { ... on MutationSignInSuccess { data { token } } } }',
    { input: login },
  );
  const token = result.data?.signIn?.data?.token;
  if (!token) throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
  return token;
}

const VICTIM_QUERY = '{ entries(first: 10) { totalCount edges { node { entryNumber } } } }';

async function victimRequest(token: string): Promise<number> {
  const started = performance.now();
  const result = await graphql(VICTIM_QUERY, {}, token);
  expect(result.errors).toBeUndefined();
  expect(result.data.entries.totalCount).toBe(3);
  return performance.now() - started;
}

function aliasedEntries(count: number): string {
  const page = 'entries(first: 5) { totalCount edges { node { id importer { name } } } }';
  return `{ ${Array.from({ length: count }, (_, index) => `a${index}: ${page}`).join(' ')} }`;
}

describe('database connections under one tenant’s load', () => {
  it('keep another tenant’s requests answered within their normal latency', async () => {
    const [attackerToken, victimToken] = [await signIn(attacker), await signIn(victim)];
    const baseline: number[] = [];
    for (let i = 0; i < 5; i++) baseline.push(await victimRequest(victimToken));
    const normal = [...baseline].sort((a, b) => a - b)[2]!;

    let attacking = true;
    const attacks = [
      // The request from the report, and requests at the alias limit that are allowed to run.
      graphql(aliasedEntries(300), {}, attackerToken),
      ...Array.from({ length: 2 }, async () => {
        const answers = [];
        while (attacking) answers.push(await graphql(aliasedEntries(15), {}, attackerToken));
        return answers;
      }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const during: number[] = [];
    for (let i = 0; i < 8; i++) during.push(await victimRequest(victimToken));
    attacking = false;
    const [flood, ...allowed] = await Promise.all(attacks);

    expect(flood.errors?.[0]?.message).toBe('Syntax Error: Token limit of 2000 exceeded.');
    // The allowed requests were served in full, not starved themselves.
    for (const answer of allowed.flat()) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data.a14.totalCount).toBe(12);
    }
    const sorted = [...during].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.info(`victim latency: normal ${normal.toFixed(0)} ms; under load median ${median.toFixed(0)} ms`);
    // The API process shares the machine's cores with the attacker's requests (and with other test files),
    // so some slowdown is CPU, not the pool; starved of connections, the victim used to fail outright (P2028)
    // or wait for seconds. That one request takes at most two connections is shown exactly in
    // packages/db/src/transaction-limit.test.ts.
    expect(median).toBeLessThan(Math.max(4 * normal, normal + 400));
  });
});
