// The portal's production build (web/dist, made by `pnpm --filter @cape/web build`) served by the API
// itself: the browser then calls /graphql on the same origin, so no CORS is involved. Hashed files under
// /assets/ are cached for good; index.html is revalidated each time, and any other path that is not a file
// gets index.html (the portal routes in the browser). The build writes .gz copies, served when accepted.
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

export const DEFAULT_PORTAL_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** The portal loads only its own scripts and styles and talks only to its own origin. */
export const PORTAL_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export type PortalHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** A handler for GET/HEAD requests of the portal, or null when the portal has not been built. */
export function portalStaticHandler(directory = DEFAULT_PORTAL_DIR): PortalHandler | null {
  if (!existsSync(join(directory, 'index.html'))) return null;
  const serve = sirv(directory, {
    single: true,
    etag: true,
    gzip: true,
    dotfiles: false,
    // `pathname` is the one requested: anything outside /assets/ is the page itself (index.html).
    setHeaders: (response, pathname) => {
      response.setHeader('x-content-type-options', 'nosniff');
      if (pathname.startsWith('/assets/')) {
        response.setHeader('cache-control', 'public, max-age=31536000, immutable');
        return;
      }
      response.setHeader('cache-control', 'no-cache');
      response.setHeader('content-security-policy', PORTAL_CONTENT_SECURITY_POLICY);
      response.setHeader('x-frame-options', 'DENY');
      response.setHeader('referrer-policy', 'same-origin');
    },
  });
  return (request, response) =>
    serve(request, response, () => {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.');
    });
}

/** Page and asset requests: GET or HEAD of anything but the GraphQL endpoint. */
export function isPortalRequest(request: IncomingMessage): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const pathname = new URL(request.url ?? '/', 'http://portal.local').pathname;
  return pathname !== '/graphql' && !pathname.startsWith('/graphql/');
}
