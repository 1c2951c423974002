import {
  Client,
  type CombinedError,
  cacheExchange,
  fetchExchange,
  mapExchange,
  type OperationResult,
} from '@urql/core';

/** The header the API's CSRF prevention asks for (useCSRFPrevention in api/src/server.ts). */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

export interface PortalClientOptions {
  /** The session token to send as "Authorization: Bearer <token>", or null when signed out. */
  token: string | null;
  /** Called when the API answers `viewer: null` to a signed-in request (expired or revoked session). */
  onSessionEnded: () => void;
  url?: string;
}

/** One client per session, so nothing cached for one user is ever shown to the next. */
export function createPortalClient({ token, onSessionEnded, url = '/graphql' }: PortalClientOptions): Client {
  return new Client({
    url,
    exchanges: [
      mapExchange({
        onResult(result) {
          if (token && endsSession(result)) onSessionEnded();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
    fetchOptions: () => ({
      headers: {
        // The API refuses GET and multipart requests without it (CSRF prevention): a page on another site
        // cannot add a custom header without a CORS preflight, which the API does not grant it.
        [CSRF_HEADER]: '1',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    }),
  });
}

/** A query that asked for the viewer and got null: the request carried no valid session. */
export function endsSession(result: OperationResult): boolean {
  const data: unknown = result.data;
  return (
    result.operation.kind === 'query' &&
    typeof data === 'object' &&
    data !== null &&
    'viewer' in data &&
    data.viewer === null
  );
}

/** The messages of a failed request, as the API wrote them (no "[GraphQL]" prefixes). */
export function errorMessages(error: CombinedError): string[] {
  if (error.networkError) {
    return [
      `The portal could not reach the CAPE service (${error.networkError.message}). Try again in a moment.`,
    ];
  }
  const messages = error.graphQLErrors.map((graphQLError) => graphQLError.message);
  return messages.length > 0 ? messages : [error.message];
}
