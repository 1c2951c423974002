// Plain HTTP downloads for CAPE declarations, next to the GraphQL fields (spreadsheets want files):
//   GET /declarations/template.csv        the blank upload template
//   GET /declarations/<id>/results.csv    a declaration's results: Claim Details columns first (filed), or the
//                                         Validation Result File (failed initial validation)
// Authentication is the same bearer token as GraphQL (no cookies, so another site cannot make a browser
// fetch them with the user's credentials). A declaration that is not the caller's answers 404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  databaseBusinessClock,
  declarationResults,
  declarationTemplate,
  ForbiddenError,
  NotAllowedError,
} from '@cape/core';
import type { PrismaClient } from '@cape/db';
import type { ApiConfig } from './config.ts';
import { actorOf } from './context.ts';
import { viewerFromAuthorization } from './viewer.ts';

const RESULTS_PATH = /^\/declarations\/([0-9a-f-]{36})\/results\.csv$/i;

function sendCsv(response: ServerResponse, method: string, fileName: string, content: string): void {
  response
    .writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    .end(method === 'HEAD' ? undefined : content);
}

function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  response
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify({ errors: [{ message }] }));
}

/** Answers the declaration download routes; false when the request is for another path. */
export async function handleDeclarationRoute(
  request: IncomingMessage,
  response: ServerResponse,
  clients: { prisma: PrismaClient; operatorPrisma?: PrismaClient },
  config: ApiConfig,
): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://api.local');
  const results = RESULTS_PATH.exec(url.pathname);
  if (url.pathname !== '/declarations/template.csv' && results === null) return false;
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendError(response, 405, 'Use GET.', { allow: 'GET, HEAD' });
    return true;
  }
  if (results === null) {
    const template = declarationTemplate();
    sendCsv(response, method, template.fileName, template.content);
    return true;
  }
  const viewer = await viewerFromAuthorization(
    clients.prisma,
    request.headers.authorization ?? null,
    config.sessionSecret,
  );
  if (!viewer) {
    sendError(response, 401, 'Sign in first: send "Authorization: Bearer <token>".');
    return true;
  }
  const db =
    viewer.organizationKind === 'OPERATOR' && clients.operatorPrisma
      ? clients.operatorPrisma
      : clients.prisma;
  try {
    const download = await declarationResults(
      { db, actor: actorOf(viewer), clock: databaseBusinessClock(clients.prisma) },
      results[1]!,
    );
    if (download === null) sendError(response, 404, 'No such declaration.');
    else sendCsv(response, method, download.fileName, download.content);
  } catch (error) {
    if (error instanceof ForbiddenError) sendError(response, 403, error.message);
    else if (error instanceof NotAllowedError) sendError(response, 409, error.message);
    else throw error;
  }
  return true;
}
