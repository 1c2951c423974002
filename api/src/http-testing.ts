// For HTTP integration tests: the API server on a free loopback port, a GraphQL client over real HTTP, and
// sign-in as the portal does it.
import type { AddressInfo } from 'node:net';
import type { PrismaClient } from '@cape/db';
import type { ApiConfig } from './config.ts';
import { createApiServer } from './server.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests walk untyped JSON responses
export type Json = any;

export interface GraphqlResponse {
  data?: Record<string, Json>;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** GraphQL over real HTTP against any running API (in this process or started as its own). */
export interface GraphqlClient {
  url: string;
  /** POST /graphql; `credential` is a session token or an API token ("Authorization: Bearer"). */
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    credential?: string,
    headers?: Record<string, string>,
  ): Promise<GraphqlResponse>;
  /** A session token for this user (optionally in one of several organizations). */
  signIn(email: string, password: string, organizationId?: string): Promise<string>;
}

export interface TestApi extends GraphqlClient {
  close(): Promise<void>;
}

export function graphqlClient(url: string): GraphqlClient {
  const graphql: GraphqlClient['graphql'] = async (query, variables = {}, credential, headers = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(credential ? { authorization: `Bearer ${credential}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphqlResponse;
  };
  return {
    url,
    graphql,
    async signIn(email, password, organizationId) {
      const result = await graphql(
        `mutation SignIn($input: SignInInput!) {
          signIn(input: $input) { __typename ... on MutationSignInSuccess { data { token } } ... on Error { message } }
        }`,
        { input: { email, password, organizationId } },
      );
      const token = result.data?.signIn?.data?.token;
      if (typeof token !== 'string') throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
      return token;
    },
  };
}

export async function startTestApi(prisma: PrismaClient, config: ApiConfig): Promise<TestApi> {
  const server = createApiServer(prisma, config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...graphqlClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
