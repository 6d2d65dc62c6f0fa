/**
 * Counts the SQL statements a store runs, by kind (`INSERT tasks`, `SAVEPOINT`, a PostgreSQL statement's name):
 * the benches' "statements per task". Only when asked for (`countStatements`), as counting costs a callback per
 * statement.
 */
export class StatementCounts {
  private readonly counts = new Map<string, number>();

  record(kind: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  /** Statements run so far, by kind. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

const KIND =
  /^\s*(?:(INSERT)(?:\s+OR\s+\w+)?\s+INTO|(DELETE)\s+FROM|(UPDATE)|(SELECT|WITH)\b[\s\S]*?\bFROM|(\w+))\s*"?(\w*)/i;

/** The kind of an SQL text: its verb, and the table it writes or first reads from. */
export function sqlKind(sql: string): string {
  const match = KIND.exec(sql);
  if (!match) return 'other';
  const verb = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5] ?? 'other').toUpperCase();
  const table = match[5] === undefined ? match[6] : '';
  return table ? `${verb} ${table}` : verb;
}
