/**
 * One statement for many rows (`INSERT … VALUES (…), (…)`, `DELETE … WHERE rowid IN (…)`), prepared once per row
 * count: a batch's writes to one table cross into SQLite once instead of once per row.
 */
import type { Statement } from 'better-sqlite3';
import type { Connection } from './open.js';

/** Rows per statement at most: far below SQLite's 32,766 parameters, and few prepared shapes. */
const MAX_ROWS = 32;

export class MultiRowStatement {
  private readonly prepared = new Map<number, Statement<unknown[]>>();

  /** @param sqlFor The statement for `rows` rows, each taking the same number of parameters. */
  constructor(
    private readonly db: Connection,
    private readonly sqlFor: (rows: number) => string,
  ) {}

  /** Runs the statement over `rows` (each row's parameters, in its columns' order), MAX_ROWS at a time. */
  run(rows: ReadonlyArray<readonly unknown[]>): void {
    for (let first = 0; first < rows.length; first += MAX_ROWS) {
      const chunk = rows.slice(first, first + MAX_ROWS);
      this.statement(chunk.length).run(chunk.flat());
    }
  }

  private statement(rows: number): Statement<unknown[]> {
    let statement = this.prepared.get(rows);
    if (!statement) this.prepared.set(rows, (statement = this.db.prepare<unknown[]>(this.sqlFor(rows))));
    return statement;
  }
}

/** `(?, ?, …)` for a row of `columns` parameters, `rows` times, comma-separated. */
export function valueRows(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}
