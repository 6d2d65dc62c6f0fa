/** Prepared single-column statements by SQL text: a search shape is prepared once, not per request. */
import type { Statement } from 'better-sqlite3';
import type { Connection } from '../open.js';

export class StatementCache {
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(
    private readonly db: Connection,
    private readonly capacity = 200,
  ) {}

  /** The statement for `sql`, returning its first column only. */
  get(sql: string): Statement<unknown[], unknown> {
    let statement = this.statements.get(sql);
    if (statement) {
      // Most recently used last, so the first entry is the one to drop.
      this.statements.delete(sql);
    } else {
      statement = this.db.prepare<unknown[], unknown>(sql).pluck();
      if (this.statements.size >= this.capacity) {
        this.statements.delete(this.statements.keys().next().value!);
      }
    }
    this.statements.set(sql, statement);
    return statement;
  }
}
