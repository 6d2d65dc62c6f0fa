/**
 * The two ways the store talks to PostgreSQL. Every statement is named, so each connection parses and plans it
 * once and then only binds values.
 */
import type pg from 'pg';
import { storeError } from './errors.js';

export interface Statement {
  /** The prepared statement's name, unique per text. */
  name: string;
  text: string;
}

export function statement(name: string, text: string): Statement {
  return { name: `baton_${name}`, text };
}

/** Where reads go: the pool (committed data) or a transaction's connection. */
export interface Db {
  rows<R>(stmt: Statement, values: readonly unknown[]): Promise<R[]>;
}

/** A transaction's connection, which also takes writes whose answer nobody waits for. */
export interface TxDb extends Db {
  /**
   * Sends a write without waiting for its answer: the connection is pipelined, so later statements queue behind
   * it and see its effect. A failure (or `check` throwing on the result) fails the transaction: the next call
   * and the commit reject with it.
   */
  send(stmt: Statement, values: readonly unknown[], check?: (result: pg.QueryResult) => void): void;
}

/** `Db` over the pool: each read takes an idle connection for one statement. */
export class PoolDb implements Db {
  constructor(private readonly pool: pg.Pool) {}

  async rows<R>(stmt: Statement, values: readonly unknown[]): Promise<R[]> {
    try {
      const result = await this.pool.query({ name: stmt.name, text: stmt.text, values: [...values] });
      return result.rows as R[];
    } catch (err) {
      throw storeError(err);
    }
  }
}
