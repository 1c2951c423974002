// One tenant's expensive requests must not starve another tenant's: each aliased `entries` used to open its
// own transaction, so one request with 300 aliases took every pooled connection and other tenants' requests
// failed (P2028) for seconds. Measured against the started API with a deliberately small pool.
import { useTestDatabase } from '@cape/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiProcess, seedBrokerWithEntries, startApiProcess } from './testing.ts';

const db = await useTestDatabase();
const attacker = await seedBrokerWithEntries(db.owner, {
  name: 'Aggressor Brokerage',
  filerCode: 'A9G',
  email: 'load@aggressor.test',
  entries: 12,
});
const victim = await seedBrokerWithEntries(db.owner, {
  name: 'Quiet Brokerage',
  filerCode: 'Q4T',
  email: 'ops@quiet.test',
  entries: 3,
});

const api: ApiProcess = await startApiProcess({ APP_DATABASE_URL: db.appUrl, API_DB_POOL_SIZE: '6' });
afterAll(() => api.stop());

const VICTIM_QUERY = '{ entries(first: 10) { totalCount edges { node { entryNumber } } } }';

async function victimRequest(token: string): Promise<number> {
  const started = performance.now();
  const result = await api.graphql(VICTIM_QUERY, {}, token);
  expect(result.errors).toBeUndefined();
  expect(result.data?.entries.totalCount).toBe(3);
  return performance.now() - started;
}

function aliasedEntries(count: number): string {
  const page = 'entries(first: 5) { totalCount edges { node { id importer { name } } } }';
  return `{ ${Array.from({ length: count }, (_, index) => `a${index}: ${page}`).join(' ')} }`;
}

describe('database connections under one tenant’s load', () => {
  it('keep another tenant’s requests answered within their normal latency', async () => {
    const attackerToken = await api.signIn(attacker.email, attacker.password);
    const victimToken = await api.signIn(victim.email, victim.password);
    const baseline: number[] = [];
    for (let i = 0; i < 5; i++) baseline.push(await victimRequest(victimToken));
    const normal = [...baseline].sort((a, b) => a - b)[2]!;

    let attacking = true;
    // The request from the report, and requests at the alias limit that are allowed to run.
    const flood = api.graphql(aliasedEntries(300), {}, attackerToken);
    const allowed = Array.from({ length: 2 }, async () => {
      const answers = [];
      while (attacking) answers.push(await api.graphql(aliasedEntries(15), {}, attackerToken));
      return answers;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const during: number[] = [];
    for (let i = 0; i < 8; i++) during.push(await victimRequest(victimToken));
    attacking = false;
    expect((await flood).errors?.[0]?.message).toBe('Syntax Error: Token limit of 2000 exceeded.');
    // The allowed requests were served in full, not starved themselves.
    for (const answer of (await Promise.all(allowed)).flat()) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.a14.totalCount).toBe(12);
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
