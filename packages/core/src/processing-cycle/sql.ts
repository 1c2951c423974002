// The processing worker talks to PostgreSQL with node-postgres directly: its work is a handful of large
// set-based statements per partition (arrays in, thousands of rows written), which an ORM would only wrap.
import type { IsoDate } from '@cape/domain';
import pg from 'pg';

export type SqlClient = pg.ClientBase;

// DATE columns come back as 'YYYY-MM-DD' strings (business dates, never instants in a local time zone), and
// BIGINT as strings that callers turn into bigint: no float ever touches money.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

/** A pool for processing work: business dates as strings, a name PostgreSQL shows in pg_stat_activity. */
export function createProcessingPool(
  connectionString: string,
  max = 6,
  onIdleError: (error: Error) => void = () => {},
): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types, application_name: 'cape-processing' });
  // A pooled connection the server closes while idle (a restart, a terminated backend) is dropped by the
  // pool; without a listener node-postgres would throw it at the process.
  pool.on('error', onIdleError);
  return pool;
}

export interface TransactionSettings {
  /** Abort a statement that runs longer (a stuck lock, a bad plan) rather than hold locks forever. */
  statementTimeoutMs?: number;
  /** Give up waiting for a row lock (the portal's writes never wait long on processing). */
  lockTimeoutMs?: number;
}

/** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  settings: TransactionSettings = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Batch work: room to sort and hash a partition in memory; no parallel workers (two cores, partitions run
    // side by side already); and no wait for the WAL flush at commit: if the server itself crashed, the last
    // partitions would be lost whole (work item and work together) and simply processed again.
    await client.query(
      `SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', $2, true),
              set_config('work_mem', '64MB', true), set_config('max_parallel_workers_per_gather', '0', true),
              set_config('synchronous_commit', 'off', true)`,
      [`${settings.statementTimeoutMs ?? 120_000}ms`, `${settings.lockTimeoutMs ?? 30_000}ms`],
    );
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** A bigint column read as a string (see `types` above). */
export function toBigInt(value: string | number | bigint | null): bigint {
  if (value === null) throw new TypeError('Expected a number, got NULL');
  return BigInt(value);
}

export function toBigIntOrNull(value: string | number | bigint | null): bigint | null {
  return value === null ? null : BigInt(value);
}

/** For DATE parameters: node-postgres sends the string as is. */
export function dateParameter(date: IsoDate | null): string | null {
  return date;
}
