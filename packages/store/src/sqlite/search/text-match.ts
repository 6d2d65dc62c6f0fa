/**
 * Free-text matches (§6). Workflows: the FTS5 index `workflow_text` (see text-index.ts: a start and an end
 * document per execution, so an execution matches when either document does). Tasks have no text index (it would
 * cost every task update): their words are case-insensitive substrings of the task's ids, names, input and output.
 */
import type { SearchExpr } from '@baton/protocol';
import type { Sql } from './compile.js';

/**
 * The rowids (column `id`) of the executions a text-only subtree matches: one FTS5 MATCH per word or phrase,
 * combined by INTERSECT (AND) and UNION (OR), since two words may sit in an execution's two documents.
 */
export function workflowTextIds(expr: SearchExpr): Sql {
  switch (expr.kind) {
    case 'text':
      return {
        sql: 'SELECT rowid >> 1 AS id FROM workflow_text WHERE workflow_text MATCH ?',
        params: [ftsPhrase(expr.text, expr.prefix)],
      };
    case 'and':
    case 'or': {
      const left = workflowTextIds(expr.left);
      const right = workflowTextIds(expr.right);
      const op = expr.kind === 'and' ? 'INTERSECT' : 'UNION';
      return {
        sql: `SELECT id FROM (${left.sql}) ${op} SELECT id FROM (${right.sql})`,
        params: [...left.params, ...right.params],
      };
    }
    default:
      throw new Error(`not a text match: ${expr.kind}`);
  }
}

/** A text-only subtree as a condition on the workflows row `w`. */
export function workflowText(expr: SearchExpr): Sql {
  const ids = workflowTextIds(expr);
  return { sql: `w.rowid IN (${ids.sql})`, params: ids.params };
}

/** The number of executions a text-only subtree matches, from the index alone. */
export function workflowTextCount(expr: SearchExpr): Sql {
  const ids = workflowTextIds(expr);
  return { sql: `SELECT count(DISTINCT id) FROM (${ids.sql})`, params: ids.params };
}

/** FTS5 query syntax for one word or phrase: a quoted string, so nothing the user typed is an operator. */
export function ftsPhrase(text: string, prefix: boolean): string {
  return `"${text.replaceAll('"', '""')}"${prefix ? ' *' : ''}`;
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
