// HTTP: /graphql (Yoga) and /health (is the database reachable?). Unexpected errors are masked by Yoga;
// expected ones are typed results or GraphQL errors raised on purpose. Request bodies are read here, up to
// a limit, before Yoga sees them: an oversized upload is refused without being held in memory.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { databaseBusinessClock } from '@cape/core';
import { connectionPoolOf, limitConcurrentTransactions, type PrismaClient } from '@cape/db';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga } from 'graphql-yoga';
import { clientAddressOf, trustedProxyList } from './client-address.ts';
import type { ApiConfig } from './config.ts';
import type { ApiContext } from './context.ts';
import { handleDeclarationRoute } from './declaration-routes.ts';
import { handleIngestionRoute } from './ingestion-routes.ts';
import { isPortalRequest, portalStaticHandler } from './portal-static.ts';
import { REQUEST_LIMITS, requestLimitPlugins } from './request-limits.ts';
import { schema } from './schema/index.ts';
import { SignInThrottle } from './services/sign-in-throttle.ts';
import { viewerFromAuthorization } from './viewer.ts';

/** What the HTTP layer knows about a request that Yoga's fetch Request does not carry. */
interface ServerContext {
  clientAddress?: string | null;
}

export interface ApiOptions {
  /**
   * The operator role's client, for requests of CBP operations staff (row-level security shows them every
   * tenant because of the role they connect as). Without it they see only their own organization's rows.
   */
  operatorPrisma?: PrismaClient;
  signInThrottle?: SignInThrottle;
}

export function createGraphqlHandler(prisma: PrismaClient, config: ApiConfig, options: ApiOptions = {}) {
  const signInThrottle = options.signInThrottle ?? new SignInThrottle(connectionPoolOf(prisma));
  const clock = databaseBusinessClock(prisma);
  return createYoga<ServerContext, ApiContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    maskedErrors: true,
    logging: 'warn',
    // Only the configured origins get CORS headers (never a reflected origin, never "null").
    cors: (request) => {
      const origin = request.headers.get('origin');
      return origin !== null && config.corsOrigins.includes(origin)
        ? { origin: [origin], credentials: true, methods: ['GET', 'POST'], maxAge: 600 }
        : false;
    },
    // Multipart uploads and GET requests need the x-graphql-yoga-csrf header, so a browser on another site
    // cannot send them without a CORS preflight.
    plugins: [...requestLimitPlugins(), useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] })],
    context: async ({ request, clientAddress }) => {
      const viewer = await viewerFromAuthorization(
        prisma,
        request.headers.get('authorization'),
        config.sessionSecret,
      );
      return {
        // This request's share of a pool (the operator role's for operators): its fields' transactions queue
        // for a few connections.
        prisma: limitConcurrentTransactions(
          viewer?.organizationKind === 'OPERATOR' && options.operatorPrisma ? options.operatorPrisma : prisma,
          REQUEST_LIMITS.maxConcurrentTransactions,
        ),
        config,
        viewer,
        operatorPrisma: options.operatorPrisma,
        signInThrottle,
        clientAddress: clientAddress ?? null,
        clock,
      };
    },
  });
}

const BODY_TOO_LARGE = Symbol('body too large');

/** The body, or BODY_TOO_LARGE as soon as it (or its declared length) passes the limit. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | typeof BODY_TOO_LARGE> {
  if (Number(request.headers['content-length'] ?? 0) > limit) return Promise.resolve(BODY_TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | typeof BODY_TOO_LARGE | Error) => {
      request.off('data', onData).off('end', onEnd).off('error', finish);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.pause();
        finish(BODY_TOO_LARGE);
      } else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks));
    request.on('data', onData).on('end', onEnd).on('error', finish);
  });
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'expect',
  'upgrade',
]);

function fetchHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

export function createApiServer(prisma: PrismaClient, config: ApiConfig, options: ApiOptions = {}): Server {
  const yoga = createGraphqlHandler(prisma, config, options);
  const trustedProxies = trustedProxyList(config.trustedProxies);
  const portal = portalStaticHandler();
  const ingestionClients = { prisma, operatorPrisma: options.operatorPrisma };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.url === '/health') {
      try {
        await prisma.$queryRaw`select 1`;
        sendJson(response, 200, { status: 'ok', database: 'ok' });
      } catch {
        sendJson(response, 503, { status: 'unavailable', database: 'unreachable' });
      }
      return;
    }
    // Entry-summary files stream past the body limit into the ingestion service (its own size limit).
    if (await handleIngestionRoute(request, response, ingestionClients, config)) return;
    if (await handleDeclarationRoute(request, response, ingestionClients, config)) return;
    if (portal && isPortalRequest(request)) return portal(request, response);
    const method = request.method ?? 'GET';
    const body =
      method === 'GET' || method === 'HEAD' ? undefined : await readBody(request, config.maxBodyBytes);
    if (body === BODY_TOO_LARGE) {
      // Refused unread: the connection closes so the rest of the upload is never received.
      sendJson(
        response,
        413,
        { errors: [{ message: `The request body is larger than ${config.maxBodyBytes} bytes.` }] },
        { connection: 'close' },
      );
      response.once('finish', () => request.destroy());
      return;
    }
    const answer = await yoga.fetch(
      new URL(request.url ?? '/', 'http://api.local'),
      { method, headers: fetchHeaders(request), body: body && new Uint8Array(body) },
      {
        clientAddress: clientAddressOf(
          request.socket.remoteAddress,
          request.headers['x-forwarded-for'],
          trustedProxies,
        ),
      },
    );
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('request failed:', error);
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Unexpected error.' }] });
      else response.destroy();
    });
  });
  // Slow clients cannot hold connections open indefinitely (slowloris).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}
