// Every attack of the security pass at once, against the started API, while a signed-in user of another
// organization keeps working: huge documents, an alias flood, password spraying from many addresses
// (each check a full-strength hash) and another tenant's heaviest allowed pages. The user's requests must
// all succeed, within their normal latency, and the API must survive.
import { useTestDatabase } from '@cape/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiProcess, seedBrokerWithEntries, startApiProcess } from './testing.ts';

const db = await useTestDatabase();
const victim = await seedBrokerWithEntries(db.owner, {
  name: 'Quiet Brokerage',
  filerCode: 'Q4T',
  email: 'ops@quiet.test',
  entries: 3,
});
const aggressor = await seedBrokerWithEntries(db.owner, {
  name: 'Aggressor Brokerage',
  filerCode: 'A9G',
  email: 'load@aggressor.test',
  entries: 12,
});
const api: ApiProcess = await startApiProcess({
  APP_DATABASE_URL: db.appUrl,
  NODE_OPTIONS: '--max-old-space-size=1024',
});
afterAll(() => api.stop());

async function post(body: string, headers: Record<string, string> = {}): Promise<unknown> {
  try {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return await response.json().catch(() => null);
  } catch {
    return null; // a refused upload may be cut off mid-send
  }
}

async function victimRequest(token: string): Promise<number> {
  const started = performance.now();
  const answer = await api.graphql('{ entries(first: 10) { totalCount } }', {}, token);
  expect(answer.data?.entries.totalCount).toBe(3);
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('the API under every attack at once', () => {
  it('answers another organization’s user within its normal latency, and survives', async () => {
    const victimToken = await api.signIn(victim.email, victim.password);
    const aggressorToken = await api.signIn(aggressor.email, aggressor.password);
    const normal: number[] = [];
    for (let i = 0; i < 7; i++) normal.push(await victimRequest(victimToken));

    let attacking = true;
    const page = 'entries(first: 5) { totalCount edges { node { id importer { name } } } }';
    const attacks = [
      ...Array.from({ length: 8 }, (_, index) =>
        post(JSON.stringify({ query: `{ a${index}: __typename ${'__typename '.repeat(700_000)}}` })),
      ),
      post(
        JSON.stringify({
          query: `{ ${Array.from({ length: 150_000 }, (_, index) => `a${index}: viewer { email }`).join(' ')} }`,
        }),
      ),
      // Password spraying: unknown accounts (each check hashes at full strength), a new address each time.
      (async () => {
        for (let i = 0; attacking && i < 12; i++) {
          await post(
            JSON.stringify({
              query: 'mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }',
              variables: { input: { email: `nobody${i}@spray.test`, password: 'Winter2026!' } },
            }),
            { 'x-forwarded-for': `203.0.113.${i + 1}` },
          );
        }
      })(),
      (async () => {
        const query = `{ ${Array.from({ length: 15 }, (_, index) => `a${index}: ${page}`).join(' ')} }`;
        while (attacking)
          await post(JSON.stringify({ query }), { authorization: `Bearer ${aggressorToken}` });
      })(),
    ];
    const during: number[] = [];
    for (let i = 0; i < 10; i++) during.push(await victimRequest(victimToken));
    attacking = false;
    await Promise.all(attacks);

    console.info(
      `victim latency: normal median ${median(normal).toFixed(0)} ms; under attack median ${median(during).toFixed(0)} ms, max ${Math.max(...during).toFixed(0)} ms`,
    );
    expect(api.child.exitCode).toBeNull();
    // Some slowdown is the machine's shared cores (the attacks run on them, and so may other test files);
    // none is waiting on the attacks themselves: before the security pass the API ran out of memory and
    // these requests failed, or waited for seconds behind the alias flood.
    expect(median(during)).toBeLessThan(Math.max(5 * median(normal), median(normal) + 500));
    expect(Math.max(...during)).toBeLessThan(5_000);
  });
});
