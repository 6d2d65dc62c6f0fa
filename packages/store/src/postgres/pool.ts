/** The connection pool: bigint columns (epoch ms, ids) as numbers, and no crash when PostgreSQL goes away. */
import pg from 'pg';

export interface PoolOptions {
  connectionString: string;
  poolSize: number;
  statementTimeoutMs?: number;
  connectTimeoutMs: number;
  onError?: (err: unknown) => void;
}

/** int8: epoch milliseconds and identity columns, all far below 2^53. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    // Transactions send statements without waiting for each answer (see tx-connection.ts).
    pipeline: true,
    types,
    application_name: 'baton',
    ...(options.statementTimeoutMs !== undefined && { statement_timeout: options.statementTimeoutMs }),
  });
  // An idle connection that dies (PostgreSQL restarted) is dropped by the pool and replaced on demand; without
  // this listener its 'error' would crash the process.
  pool.on('error', (err) => options.onError?.(err));
  return pool;
}
