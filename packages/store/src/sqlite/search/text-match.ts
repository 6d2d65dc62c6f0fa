/**
 * Free-text matches (§6). Workflows: the FTS5 index `workflow_text` (words of the id, correlation id, type,
 * input, output and failure reason). Tasks have no text index (it would cost every task update): their words
 * are matched as case-insensitive substrings of the task's ids, names, input and output.
 */
import type { SearchExpr } from '@baton/protocol';
import type { Sql } from './compile.js';

/** A text-only subtree as one FTS5 MATCH over the workflows row `w`. */
export function workflowText(expr: SearchExpr): Sql {
  return {
    sql: 'w.rowid IN (SELECT rowid FROM workflow_text WHERE workflow_text MATCH ?)',
    params: [ftsQuery(expr)],
  };
}

/** The number of executions a text-only subtree matches, from the index alone. */
export function workflowTextCount(expr: SearchExpr): Sql {
  return { sql: 'SELECT count(*) FROM workflow_text WHERE workflow_text MATCH ?', params: [ftsQuery(expr)] };
}

/** FTS5 query syntax: every word or phrase is a quoted string, so nothing the user typed is an operator. */
export function ftsQuery(expr: SearchExpr): string {
  switch (expr.kind) {
    case 'text':
      return `"${expr.text.replaceAll('"', '""')}"${expr.prefix ? ' *' : ''}`;
    case 'and':
    case 'or':
      return `(${ftsQuery(expr.left)} ${expr.kind.toUpperCase()} ${ftsQuery(expr.right)})`;
    default:
      throw new Error(`not a text match: ${expr.kind}`);
  }
}

const taskWords = [
  't.task_id',
  't.workflow_id',
  't.task_def_name',
  't.task_type',
  't.reference_task_name',
  "ifnull(json_extract(t.json, '$.inputData'), '')",
  "ifnull(json_extract(t.json, '$.outputData'), '')",
].join(" || ' ' || ");

/** A text-only subtree as substring tests over the tasks row `t`. */
export function taskText(expr: SearchExpr): Sql {
  switch (expr.kind) {
    case 'text':
      // SQLite's lower() folds ASCII only; the needle is folded the same way.
      return {
        sql: `instr(lower(${taskWords}), ?) > 0`,
        params: [expr.text.replace(/[A-Z]/g, (c) => c.toLowerCase())],
      };
    case 'and':
    case 'or': {
      const left = taskText(expr.left);
      const right = taskText(expr.right);
      return {
        sql: `(${left.sql} ${expr.kind.toUpperCase()} ${right.sql})`,
        params: [...left.params, ...right.params],
      };
    }
    default:
      throw new Error(`not a text match: ${expr.kind}`);
  }
}
