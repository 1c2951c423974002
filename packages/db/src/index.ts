export { createPrismaClient, type Prisma, PrismaClient } from './client.ts';
export {
  type DatabaseEnvironment,
  openDatabaseEnvironment,
  runDatabaseCommand,
} from './database-environment.ts';
export * from './generated/prisma/enums.ts';
export type * from './generated/prisma/models.ts';
export {
  type TenantContext,
  type TenantTransaction,
  type TransactionOptions,
  tenantScopedClient,
  withSignedInUser,
  withTenant,
} from './tenant-transaction.ts';
export { limitConcurrentTransactions } from './transaction-limit.ts';
