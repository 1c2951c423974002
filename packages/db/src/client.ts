import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.ts';

export type { Prisma } from './generated/prisma/client.ts';
export { PrismaClient };

// The node-postgres pool under each client, for the few jobs Prisma cannot express (COPY FROM STDIN). A
// property rather than a map entry, so that wrappers of the client (proxies) still reach it.
const POOL = Symbol('cape.pg-pool');

/** A Prisma client over node-postgres (no native engine: the query compiler is WASM). */
export function createPrismaClient(url: string, options: { maxConnections?: number } = {}): PrismaClient {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // The server may close an idle connection (restart, failover); the pool replaces it. Without a listener
  // that 'error' event would end the process, and Prisma adds its own only once it has connected, while
  // the pool is also used directly (COPY, sign-in throttling) before that.
  pool.on('error', (error) => console.warn(`database: an idle connection was closed (${error.message})`));
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  Object.defineProperty(client, POOL, { value: pool });
  return client;
}

/**
 * The connection pool a client made by `createPrismaClient` runs on (same role, same limit): bulk work such
 * as COPY borrows a connection from it instead of opening a second pool. `$disconnect()` ends it.
 */
export function connectionPoolOf(prisma: PrismaClient): pg.Pool {
  const pool = (prisma as unknown as { [POOL]?: pg.Pool })[POOL];
  if (!pool) throw new Error('This Prisma client was not made by createPrismaClient: it has no known pool.');
  return pool;
}
