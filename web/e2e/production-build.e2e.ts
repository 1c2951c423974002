// The production build as the API serves it: compressed copies identical to their files, and the page's
// security headers. (The other browser tests use the same build through the API.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { useTestDatabase } from '@cape/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, startApi, WEB_ROOT } from './harness.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: useTestDatabase is a Vitest fixture, not a React hook.
const db = await useTestDatabase();
const DIST = join(WEB_ROOT, 'dist');

let api: RunningApi | undefined;
beforeAll(async () => {
  api = await startApi(db);
});
afterAll(async () => {
  await api?.close();
});

describe('production build', () => {
  it('has gzip copies that decompress to exactly the files they stand for', () => {
    const assets = readdirSync(join(DIST, 'assets'));
    const copies = assets.filter((name) => name.endsWith('.gz'));
    expect(copies.some((name) => /^index-.*\.js\.gz$/.test(name))).toBe(true);
    for (const copy of copies) {
      const original = readFileSync(join(DIST, 'assets', copy.slice(0, -3)));
      expect(gunzipSync(readFileSync(join(DIST, 'assets', copy))).equals(original), copy).toBe(true);
    }
  });

  it('is served by the API on its own origin, next to /graphql', async () => {
    const page = await fetch(`${api?.url}/entries?status=FINAL`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)?.[1];
    const served = await fetch(`${api?.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(served.headers.get('content-encoding')).toBe('gzip');
    expect(await served.text()).toBe(readFileSync(join(DIST, script ?? '')).toString());
    const graphql = await fetch(`${api?.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { email } }' }),
    });
    expect(await graphql.json()).toEqual({ data: { viewer: null } });
  });
});
