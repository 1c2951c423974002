// The one way to touch tenant-scoped data: a transaction that first tells PostgreSQL who is asking.
// set_config(..., true) is transaction-local, so a pooled connection never carries a tenant over to the
// next transaction; row-level security policies read these settings (see the tenant_security migration).

import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import type { OrganizationKind } from './generated/prisma/enums.ts';

export interface TenantContext {
  organizationId: string;
  organizationKind: OrganizationKind;
  userId: string;
}

export type TenantTransaction = Prisma.TransactionClient;

export interface TransactionOptions {
  timeoutMs?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

/** The statement that tells PostgreSQL, for the current transaction only, who is asking. */
function setTenant(client: Pick<PrismaClient, '$queryRaw'>, context: TenantContext) {
  return client.$queryRaw`select set_config('app.organization_id', ${context.organizationId}, true),
                                 set_config('app.organization_kind', ${context.organizationKind}, true),
                                 set_config('app.user_id', ${context.userId}, true)`;
}

export async function withTenant<T>(
  prisma: PrismaClient,
  context: TenantContext,
  work: (tx: TenantTransaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return await prisma.$transaction(
    async (tx) => {
      await setTenant(tx, context);
      return await work(tx);
    },
    { timeout: options.timeoutMs ?? 15_000, maxWait: 10_000, isolationLevel: options.isolationLevel },
  );
}

/** Before a tenant is chosen (sign-in): the user may see only their own memberships and organizations. */
export async function withSignedInUser<T>(
  prisma: PrismaClient,
  userId: string,
  work: (tx: TenantTransaction) => Promise<T>,
): Promise<T> {
  return await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`select set_config('app.user_id', ${userId}, true)`;
    return await work(tx);
  });
}

/**
 * A client whose every query runs in its own tenant-scoped transaction: for GraphQL field loaders
 * (Pothos relations), where a service's `withTenant` block is not in reach. Writes belong in services.
 */
export function tenantScopedClient(prisma: PrismaClient, context: TenantContext): PrismaClient {
  const scoped = prisma.$extends({
    query: {
      $allModels: {
        async $allOperations({ args, query }) {
          const [, result] = await prisma.$transaction([setTenant(prisma, context), query(args)]);
          return result;
        },
      },
    },
  });
  // The extension only adds behaviour; its surface is the base client's.
  return scoped as unknown as PrismaClient;
}
