/**
 * `workflow_counts`: how many executions each (workflow name, status, top-level or not) has. A search filtered
 * by nothing, or only by workflowType, status and topLevelOnly, takes its totalHits from here instead of walking
 * an index (counting the COMPLETED entries of a million executions takes longer than the rest of the search).
 *
 * The store adds +1/-1 deltas as it creates, updates and removes executions; they gather per call (dropped when it
 * fails) and are summed and written once per batch, just before COMMIT, like the text index.
 */
import type { SearchExpr } from '@baton/protocol';
import type { Connection } from '../open.js';
import { MultiRowStatement, valueRows } from '../multi-row.js';
import type { TxStaged } from '../staged-map.js';
import type { Sql } from './compile.js';

/** One group of executions the table counts. */
export interface CountKey {
  name: string;
  status: string;
  /** No parent workflow. */
  topLevel: boolean;
}

interface Delta extends CountKey {
  delta: number;
}

export class StatusCounts implements TxStaged {
  private call: Delta[] = [];
  private batch: Delta[] = [];
  private readonly upsert;

  constructor(db: Connection) {
    this.upsert = new MultiRowStatement(
      db,
      (rows) =>
        `INSERT INTO workflow_counts (workflow_name, status, top_level, executions) VALUES ${valueRows(rows, 4)}
         ON CONFLICT (workflow_name, status, top_level) DO UPDATE SET executions = executions + excluded.executions`,
    );
  }

  /** One more (`delta` 1) or one fewer (-1) execution in that group. */
  add(key: CountKey, delta: number): void {
    this.call.push({ ...key, delta });
  }

  callReleased(): void {
    if (this.call.length === 0) return;
    this.batch.push(...this.call);
    this.call = [];
  }

  callRolledBack(): void {
    this.call = [];
  }

  /** One upsert of every group the batch changed. */
  batchCommitting(): void {
    const sums = new Map<string, Delta>();
    for (const d of this.batch) {
      const key = `${d.name}\u0000${d.status}\u0000${d.topLevel}`;
      const known = sums.get(key);
      if (known) known.delta += d.delta;
      else sums.set(key, { ...d });
    }
    const rows: unknown[][] = [];
    for (const { name, status, topLevel, delta } of sums.values()) {
      if (delta !== 0) rows.push([name, status, topLevel ? 1 : 0, delta]);
    }
    this.upsert.run(rows);
  }

  batchCommitted(): void {
    this.call = [];
    this.batch = [];
  }

  batchAborted(): void {
    this.call = [];
    this.batch = [];
  }
}

/** The number of executions stored. */
export const COUNT_ALL: Sql = { sql: 'SELECT ifnull(sum(executions), 0) FROM workflow_counts', params: [] };

/** The workflow names, statuses and top-levelness a filter allows (undefined: any). */
interface Allowed {
  names?: Set<string>;
  statuses?: Set<string>;
  topLevel?: Set<string>;
}

/**
 * The count of a filter that only names workflowType and status (with = or IN) and whether there is a parent
 * (parentWorkflowId IS [NOT] NULL, = or != ""), joined by AND, as a read of `workflow_counts`; undefined for any
 * other filter.
 */
export function countFromTable(filter: SearchExpr | undefined): Sql | undefined {
  const allowed = filter ? allowedBy(filter) : {};
  if (!allowed) return undefined;
  const where: string[] = [];
  const params: string[] = [];
  for (const [column, values] of [
    ['workflow_name', allowed.names],
    ['status', allowed.statuses],
    ['top_level', allowed.topLevel],
  ] as const) {
    if (!values) continue;
    where.push(values.size > 0 ? `${column} IN (${[...values].map(() => '?').join(', ')})` : 'FALSE');
    params.push(...values);
  }
  return {
    sql: `SELECT ifnull(sum(executions), 0) FROM workflow_counts${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
    params,
  };
}

function allowedBy(expr: SearchExpr): Allowed | undefined {
  switch (expr.kind) {
    case 'and': {
      const left = allowedBy(expr.left);
      const right = left && allowedBy(expr.right);
      if (!left || !right) return undefined;
      return {
        names: both(left.names, right.names),
        statuses: both(left.statuses, right.statuses),
        topLevel: both(left.topLevel, right.topLevel),
      };
    }
    case 'compare':
    case 'in': {
      if (expr.field === 'parentWorkflowId') {
        // Only "" (no parent) is a count; a given parent id is not.
        const none = expr.kind === 'compare' && expr.value === '' && (expr.op === '=' || expr.op === '!=');
        return none ? { topLevel: new Set([expr.op === '=' ? '1' : '0']) } : undefined;
      }
      if (expr.kind === 'compare' && expr.op !== '=') return undefined;
      const values = new Set((expr.kind === 'in' ? expr.values : [expr.value]).map(String));
      if (expr.field === 'workflowType') return { names: values };
      if (expr.field === 'status') return { statuses: values };
      return undefined;
    }
    case 'isNull':
      return expr.field === 'parentWorkflowId'
        ? { topLevel: new Set([expr.negated ? '0' : '1']) }
        : undefined;
    default:
      return undefined;
  }
}

function both(a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined {
  if (!a) return b;
  if (!b) return a;
  return new Set([...a].filter((x) => b.has(x)));
}
