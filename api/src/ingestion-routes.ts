// Plain HTTP for entry-summary ingestion (docs/ingestion.md), next to the GraphQL fields:
//   GET  /ingestion/entry-summaries/template.csv  the blank template (a download for people)
//   POST /ingestion/entry-summaries?fileName=...   the CSV as the request body (Content-Type: text/csv),
//        streamed into the service as it arrives, so files far above the GraphQL body limit load in one go.
// Authentication is the same bearer token as GraphQL; a bearer header and a non-form content type keep a
// browser on another site from sending it (no ambient credentials, and text/csv needs a CORS preflight).
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  databaseBusinessClock,
  ForbiddenError,
  INGESTION_TEMPLATE_FILE_NAME,
  ingestEntrySummaries,
  ingestionTemplateCsv,
  MAX_INGESTION_FILE_BYTES,
} from '@cape/core';
import type { PrismaClient } from '@cape/db';
import type { ApiConfig } from './config.ts';
import { actorOf } from './context.ts';
import { viewerFromAuthorization } from './viewer.ts';

export const INGESTION_UPLOAD_PATH = '/ingestion/entry-summaries';
export const INGESTION_TEMPLATE_PATH = '/ingestion/entry-summaries/template.csv';

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify(body, (_key, value) => (typeof value === 'bigint' ? value.toString() : value)));
}

/** Answers the ingestion routes; false when the request is for another path. */
export async function handleIngestionRoute(
  request: IncomingMessage,
  response: ServerResponse,
  clients: { prisma: PrismaClient; operatorPrisma?: PrismaClient },
  config: ApiConfig,
): Promise<boolean> {
  const { prisma } = clients;
  const url = new URL(request.url ?? '/', 'http://api.local');
  if (url.pathname === INGESTION_TEMPLATE_PATH) {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    response
      .writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${INGESTION_TEMPLATE_FILE_NAME}"`,
      })
      .end(request.method === 'HEAD' ? undefined : ingestionTemplateCsv());
    return true;
  }
  if (url.pathname !== INGESTION_UPLOAD_PATH) return false;

  // Each refusal before reading closes the connection, so an unwanted body is never received.
  const refuse = (status: number, message: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', connection: 'close', ...headers });
    response.end(JSON.stringify({ errors: [{ message }] }));
    response.once('finish', () => request.destroy());
  };
  if (request.method !== 'POST') {
    refuse(405, 'Send the file with POST.', { allow: 'POST' });
    return true;
  }
  const viewer = await viewerFromAuthorization(
    prisma,
    request.headers.authorization ?? null,
    config.sessionSecret,
  );
  if (!viewer) {
    refuse(401, 'Sign in first: send "Authorization: Bearer <token>".');
    return true;
  }
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'text/csv') {
    refuse(415, 'Send the file as the request body with "Content-Type: text/csv".');
    return true;
  }
  if (Number(request.headers['content-length'] ?? 0) > MAX_INGESTION_FILE_BYTES) {
    refuse(413, `The file is larger than ${MAX_INGESTION_FILE_BYTES} bytes; split it into several files.`);
    return true;
  }
  const fileName = (url.searchParams.get('fileName') ?? 'upload.csv').slice(0, 255);
  try {
    // Operations staff work through the operator role's pool, as in GraphQL.
    const db =
      viewer.organizationKind === 'OPERATOR' && clients.operatorPrisma ? clients.operatorPrisma : prisma;
    const result = await ingestEntrySummaries(
      { db, actor: actorOf(viewer), clock: databaseBusinessClock(prisma) },
      { fileName, content: request },
    );
    const { liquidationChangesAfterAcceptance: _internal, ...ingestion } = result;
    sendJson(response, ingestion.outcome === 'LOADED' ? 200 : 422, ingestion);
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    refuse(403, error.message);
  }
  return true;
}
