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

export interface TestApi {
  url: string;
  /** POST /graphql; `credential` is a session token or an API token ("Authorization: Bearer"). */
  graphql(query: string, variables?: Record<string, unknown>, credential?: string): Promise<GraphqlResponse>;
  /** A session token for this user (optionally in one of several organizations). */
  signIn(email: string, password: string, organizationId?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestApi(prisma: PrismaClient, config: ApiConfig): Promise<TestApi> {
  const server = createApiServer(prisma, config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const graphql: TestApi['graphql'] = async (query, variables = {}, credential) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(credential ? { authorization: `Bearer ${credential}` } : {}),
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
