// Unauthenticated requests that used to exhaust the API: huge documents and alias floods. The API runs as
// its own process here (as `npm start` runs it), so the test sees whether it survives and what it costs.
import { useTestDatabase } from '@cape/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiProcess, startApiProcess } from './testing.ts';

const db = await useTestDatabase();
// A heap ceiling well above what the API needs, so an unbounded request kills it quickly instead of
// swapping the machine: surviving the attacks below is part of what is tested.
const api: ApiProcess = await startApiProcess({
  APP_DATABASE_URL: db.appUrl,
  NODE_OPTIONS: '--max-old-space-size=1024',
});
afterAll(() => api.stop());

const MiB = 1024 * 1024;

async function post(body: string): Promise<{ status: number; text: string } | { failed: string }> {
  try {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    // The server may close the connection while a refused upload is still being sent.
    return { failed: String((error as Error).cause ?? error) };
  }
}

async function errorsOf(query: string): Promise<{ status: number; messages: string[] }> {
  const result = await post(JSON.stringify({ query }));
  if (!('status' in result)) throw new Error(`request failed: ${result.failed}`);
  const body = JSON.parse(result.text) as { errors?: { message: string }[] };
  return { status: result.status, messages: (body.errors ?? []).map((error) => error.message) };
}

async function timedHealth(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${api.url}/health`);
  expect(response.status).toBe(200);
  await response.text();
  return performance.now() - started;
}

describe('unauthenticated resource exhaustion', () => {
  it('refuses eight concurrent 7.7 MB documents and keeps its memory flat', async () => {
    // Warm up first, so lazily loaded code is not counted as growth.
    expect((await errorsOf('{ viewer { email } }')).messages).toEqual([]);
    await timedHealth();
    const baseline = api.memory().residentBytes;
    // Distinct documents, so no parse cache can help.
    const document = (id: number) => `{ first${id}: __typename ${'__typename '.repeat(700_000)}}`;
    expect(document(0).length).toBeGreaterThan(7_600_000);
    for (let wave = 0; wave < 2; wave++) {
      const bodies = Array.from({ length: 8 }, (_, index) =>
        JSON.stringify({ query: document(wave * 8 + index) }),
      );
      const results = await Promise.all(bodies.map(post));
      for (const result of results) {
        if ('status' in result) expect(result.status).toBe(413);
      }
    }
    expect(api.child.exitCode).toBeNull();
    expect(await timedHealth()).toBeLessThan(1_000);
    // Eight bodies of 7.7 MB would be 62 MB in buffers alone; the API reads at most its body limit of each.
    const { peakResidentBytes } = api.memory();
    console.info(
      `API resident memory: ${(baseline / MiB) | 0} MiB before, peak ${(peakResidentBytes / MiB) | 0} MiB`,
    );
    expect(peakResidentBytes - baseline).toBeLessThan(64 * MiB);
  });

  it('refuses a 150,000-alias document cheaply while /health stays responsive', async () => {
    const aliases = Array.from({ length: 150_000 }, (_, index) => `a${index}: viewer { email }`).join(' ');
    const body = JSON.stringify({ query: `{ ${aliases} }` });
    const healthDuring: number[] = [];
    const attack = post(body);
    const probes = (async () => {
      for (let probe = 0; probe < 5; probe++) healthDuring.push(await timedHealth());
    })();
    const [result] = await Promise.all([attack, probes]);
    if ('status' in result) expect(result.status).toBe(413);
    expect(Math.max(...healthDuring)).toBeLessThan(250);
    expect(api.child.exitCode).toBeNull();
  });

  it('stops parsing at the token limit: a short document with 1,500 aliases', async () => {
    const aliases = Array.from({ length: 1_500 }, (_, index) => `a${index}: __typename`).join(' ');
    expect((await errorsOf(`{ ${aliases} }`)).messages).toEqual([
      'Syntax Error: Token limit of 2000 exceeded.',
    ]);
  });

  it('refuses documents over 32 KiB before parsing them', async () => {
    const padded = `{ __typename } # ${'x'.repeat(40_000)}`;
    expect(await errorsOf(padded)).toEqual({
      status: 413,
      messages: [
        `The GraphQL document has ${padded.length} characters; the limit is 32768. Pass data in variables.`,
      ],
    });
  });

  it('refuses deep, alias-heavy, directive-heavy and costly documents with a clear message', async () => {
    const deep = `{ ${'__type(name: "Query") { fields { type { '.repeat(4)}name${' } } }'.repeat(4)} }`;
    expect((await errorsOf(deep)).messages).toEqual([
      expect.stringMatching(/^Syntax Error: Query depth limit of 10 exceeded, found \d+\.$/),
    ]);
    const aliased = `{ ${Array.from({ length: 16 }, (_, index) => `a${index}: viewer { email }`).join(' ')} }`;
    expect((await errorsOf(aliased)).messages).toEqual([
      'Syntax Error: Aliases limit of 15 exceeded, found 16.',
    ]);
    const directives = `{ __typename ${'@include(if: true) '.repeat(11)}}`;
    expect((await errorsOf(directives)).messages).toEqual([
      'Syntax Error: Directives limit of 10 exceeded, found 11.',
    ]);
    // Three pages of up to 200 entries (the page size comes from a variable): 3 × (1 + 200 × 2) = 1,203 each
    // would pass; ten aliases of a page with five fields each do not.
    const costly = `query ($n: Int) { ${Array.from(
      { length: 10 },
      (_, index) =>
        `a${index}: entries(first: $n) { edges { node { id entryNumber entryType portCode filerCode } } }`,
    ).join(' ')} }`;
    expect((await errorsOf(costly)).messages).toEqual([
      'Query cost 14010 exceeds the limit of 10000: ask for fewer fields or smaller pages (first/last).',
    ]);
  });
});
