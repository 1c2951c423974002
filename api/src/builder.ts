// The one SchemaBuilder. Types register themselves from api/src/schema/<type>.ts; schema/index.ts builds.
import type { Permission } from '@cape/auth';
import { tenantScopedClient } from '@cape/db';
import type PrismaTypes from '@cape/db/pothos-types';
import { getDatamodel } from '@cape/db/pothos-types';
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { ApiContext } from './context.ts';
import { tenantOf } from './viewer.ts';

export const builder = new SchemaBuilder<{
  Context: ApiContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: { signedIn: boolean; permission: Permission };
  DefaultFieldNullability: false;
  Scalars: {
    Date: { Input: string; Output: Date };
    DateTime: { Input: Date; Output: Date };
    Cents: { Input: bigint; Output: bigint };
    /** A file sent in a GraphQL multipart request (Yoga hands it over as a WHATWG File). */
    File: { Input: File; Output: never };
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: async (context) => ({
      signedIn: context.viewer !== null,
      permission: (permission: Permission) => context.viewer?.permissions.has(permission) ?? false,
    }),
  },
  errors: { defaultTypes: [] },
  prisma: {
    // Relations resolved by Pothos still pass through row-level security: each load is its own
    // tenant-scoped transaction, made only when a relation field is actually resolved.
    client: (context) => {
      if (!context.viewer) throw new Error('Relations are only loaded for signed-in requests.');
      return tenantScopedClient(context.prisma, tenantOf(context.viewer));
    },
    dmmf: getDatamodel(),
    exposeDescriptions: false,
  },
  relay: { clientMutationId: 'omit', cursorType: 'String' },
});

builder.queryType({});
builder.mutationType({});
