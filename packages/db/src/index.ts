export { connectionPoolOf, createPrismaClient, type Prisma, PrismaClient } from './client.ts';
export { COPY_NULL, copyText } from './copy-text.ts';
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
  withTenantConnection,
} from './tenant-transaction.ts';
export { limitConcurrentTransactions } from './transaction-limit.ts';
