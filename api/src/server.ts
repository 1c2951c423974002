// HTTP: /graphql (Yoga) and /health (is the database reachable?). Unexpected errors are masked by Yoga;
// expected ones are typed results or GraphQL errors raised on purpose.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { databaseBusinessClock } from '@cape/core';
import type { PrismaClient } from '@cape/db';
import { createYoga } from 'graphql-yoga';
import type { ApiConfig } from './config.ts';
import type { ApiContext } from './context.ts';
import { schema } from './schema/index.ts';
import { SignInThrottle } from './services/sign-in-throttle.ts';
import { viewerFromAuthorization } from './viewer.ts';

interface ServerContext {
  req?: IncomingMessage;
}

export function createGraphqlHandler(
  prisma: PrismaClient,
  config: ApiConfig,
  signInThrottle = new SignInThrottle(),
) {
  const clock = databaseBusinessClock(prisma);
  return createYoga<ServerContext, ApiContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    maskedErrors: true,
    logging: 'warn',
    context: async ({ request, req }) => {
      const viewer = await viewerFromAuthorization(
        prisma,
        request.headers.get('authorization'),
        config.sessionSecret,
      );
      return {
        prisma,
        config,
        viewer,
        signInThrottle,
        clientAddress: req?.socket.remoteAddress ?? null,
        clock,
      };
    },
  });
}

export function createApiServer(prisma: PrismaClient, config: ApiConfig): Server {
  const yoga = createGraphqlHandler(prisma, config);
  return createServer(async (request, response) => {
    if (request.url === '/health') {
      try {
        await prisma.$queryRaw`select 1`;
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"status":"ok","database":"ok"}');
      } catch {
        response
          .writeHead(503, { 'content-type': 'application/json' })
          .end('{"status":"unavailable","database":"unreachable"}');
      }
      return;
    }
    await yoga.handle(request, response);
  });
}
