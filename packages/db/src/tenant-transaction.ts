// The one way to touch tenant-scoped data: a transaction that first tells PostgreSQL who is asking.
// set_config(..., true) is transaction-local, so a pooled connection never carries a tenant over to the
// next transaction; row-level security policies read these settings (see the tenant_security migration).

import type pg from 'pg';
import { connectionPoolOf } from './client.ts';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import type { OrganizationKind } from './generated/prisma/enums.ts';
import { inTransactionSlot } from './transaction-limit.ts';

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
const SET_TENANT_SQL = `select set_config('app.organization_id', $1, true),
                               set_config('app.organization_kind', $2, true),
                               set_config('app.user_id', $3, true)`;

function tenantParameters(context: TenantContext): [string, string, string] {
  return [context.organizationId, context.organizationKind, context.userId];
}

function setTenant(client: Pick<PrismaClient, '$queryRawUnsafe'>, context: TenantContext) {
  return client.$queryRawUnsafe(SET_TENANT_SQL, ...tenantParameters(context));
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

/**
 * As `withTenant`, on a plain node-postgres connection borrowed from the client's pool: for bulk work Prisma
 * cannot express (COPY FROM STDIN into a staging table). Same role, same row-level security, one
 * transaction: committed when `work` resolves, rolled back when it throws.
 */
export async function withTenantConnection<T>(
  prisma: PrismaClient,
  context: TenantContext,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return await inTransactionSlot(prisma, () => onTenantConnection(prisma, context, work));
}

async function onTenantConnection<T>(
  prisma: PrismaClient,
  context: TenantContext,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await connectionPoolOf(prisma).connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      await client.query(SET_TENANT_SQL, tenantParameters(context));
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    }
  } finally {
    // A connection whose rollback failed is in an unknown state: the pool discards it.
    client.release(broken);
  }
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
