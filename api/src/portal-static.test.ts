import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPortalRequest, PORTAL_CONTENT_SECURITY_POLICY, portalStaticHandler } from './portal-static.ts';

const INDEX =
  '<!doctype html><title>CAPE</title><script type="module" src="/assets/index-abc123.js"></script>';
const SCRIPT = 'console.log("portal");'.repeat(20);

let directory: string;
let server: Server;
let base: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'portal-static-'));
  mkdirSync(join(directory, 'assets'));
  writeFileSync(join(directory, 'index.html'), INDEX);
  writeFileSync(join(directory, 'assets', 'index-abc123.js'), SCRIPT);
  writeFileSync(join(directory, 'assets', 'index-abc123.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(directory, '.env'), 'SECRET=1');
  const handler = portalStaticHandler(directory);
  if (!handler) throw new Error('expected a handler for a built portal');
  server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(directory, { recursive: true, force: true });
});

describe('portalStaticHandler', () => {
  it('is not there when the portal has not been built', () => {
    expect(portalStaticHandler(join(tmpdir(), 'no-such-portal-build'))).toBeNull();
  });

  it('serves index.html, revalidated each time, with a same-origin content security policy', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
    expect(response.headers.get('content-type')).toBe('text/html;charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toBe(PORTAL_CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it("answers the portal's own routes with index.html (they are routed in the browser)", async () => {
    const response = await fetch(`${base}/entries/ABC12345678?status=FINAL`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
  });

  it('serves hashed assets for good, compressed when the browser accepts gzip', async () => {
    const compressed = await fetch(`${base}/assets/index-abc123.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
    expect(await compressed.text()).toBe(SCRIPT); // fetch decompresses: the same bytes arrive
    expect(compressed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(compressed.headers.get('content-type')).toBe('text/javascript');
    const plain = await fetch(`${base}/assets/index-abc123.js`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('content-length')).toBe(String(SCRIPT.length));
  });

  it('answers 404 for missing files, never serves hidden ones, and never leaves its folder', async () => {
    expect((await fetch(`${base}/assets/missing-999.js`)).status).toBe(404);
    expect(await (await fetch(`${base}/.env`)).text()).not.toContain('SECRET');
    const outside = await fetch(`${base}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await outside.text()).not.toContain('root:');
  });

  it('leaves the GraphQL endpoint and everything but GET and HEAD to the API', () => {
    const request = (method: string, url: string) => ({ method, url }) as IncomingMessage;
    expect(isPortalRequest(request('GET', '/entries?status=FINAL'))).toBe(true);
    expect(isPortalRequest(request('HEAD', '/'))).toBe(true);
    expect(isPortalRequest(request('GET', '/graphql?query=%7Bviewer%7Bemail%7D%7D'))).toBe(false);
    expect(isPortalRequest(request('GET', '/graphql/stream'))).toBe(false);
    expect(isPortalRequest(request('POST', '/'))).toBe(false);
  });
});
