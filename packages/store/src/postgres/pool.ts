/** The connection pool: bigint columns (epoch ms, ids) as numbers, and no crash when PostgreSQL goes away. */
import pg from 'pg';
import { sqlKind, type StatementCounts } from '../statement-counts.js';

export interface PoolOptions {
  connectionString: string;
  poolSize: number;
  statementTimeoutMs?: number;
  connectTimeoutMs: number;
  onError?: (err: unknown) => void;
  /** Counts every statement the pool's connections run. */
  statements?: StatementCounts;
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
  // Writes of this release version executions themselves; the triggers for earlier releases skip them (see
  // migrations-pg/009_execution_versions.sql). Queued first on the connection, so it precedes every statement.
  pool.on('connect', (client) => {
    client.query('SET baton.versioned = on').catch(() => undefined);
  });
  const statements = options.statements;
  if (statements) pool.on('connect', (client) => countQueries(client, statements));
  return pool;
}

/** node-postgres has no per-query hook: count at the client's `query`, by statement name or SQL text. */
function countQueries(client: pg.PoolClient, statements: StatementCounts): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const config = args[0] as string | { name?: string; text?: string };
    statements.record(
      typeof config === 'string' ? sqlKind(config) : config.name || sqlKind(config.text ?? ''),
    );
    return query(...args);
  };
}
