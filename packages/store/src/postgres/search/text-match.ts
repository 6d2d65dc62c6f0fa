/**
 * Free-text matches (§6). Workflows: the word index `workflow_text` (migrations-pg/002_search.sql: a start and an
 * end document per execution, so an execution matches when either document does). Tasks have no word index (it
 * would cost every task update): their words are case-insensitive substrings of the task's ids, names, input
 * and output.
 */
import type { SearchExpr } from '@baton/protocol';
import type { Params } from './compile.js';

/**
 * The ids (column `workflow_id`) of the executions a text-only subtree matches: one word-index lookup per word or
 * phrase, combined by INTERSECT (AND) and UNION (OR), since two words may sit in an execution's two documents.
 */
export function workflowTextIds(expr: SearchExpr, params: Params): string {
  switch (expr.kind) {
    case 'text':
      // The database splits the phrase into words as it split the documents (baton_text_query).
      return `SELECT workflow_id FROM workflow_text WHERE words @@ baton_text_query(${params.add(
        expr.text,
        'text',
      )}, ${params.add(expr.prefix, 'boolean')})`;
    case 'and':
    case 'or': {
      const left = workflowTextIds(expr.left, params);
      const right = workflowTextIds(expr.right, params);
      return `(${left}) ${expr.kind === 'and' ? 'INTERSECT' : 'UNION'} (${right})`;
    }
    default:
      throw new Error(`not a text match: ${expr.kind}`);
  }
}

/** A text-only subtree as a condition on the workflows row `w`. */
export function workflowText(expr: SearchExpr, params: Params): string {
  return `w.workflow_id IN (${workflowTextIds(expr, params)})`;
}

/** The number of executions a text-only subtree matches, from the word index alone. */
export function workflowTextCount(expr: SearchExpr, params: Params): string {
  return `SELECT count(DISTINCT workflow_id) FROM (${workflowTextIds(expr, params)}) hits`;
}

// `lower` under the "C" collation folds ASCII only, as SQLite's does.
const taskWords = `lower(${[
  't.task_id',
  't.workflow_id',
  't.task_def_name',
  't.task_type',
  't.reference_task_name',
  "coalesce((t.json::json -> 'inputData')::text, '')",
  "coalesce((t.json::json -> 'outputData')::text, '')",
].join(" || ' ' || ")} COLLATE "C")`;

/**
 * A word with no space, quote, backslash or control character is written the same inside the task's JSON, and
 * cannot span two of the fields joined above: finding it in the JSON text first (no parse) rules out most rows.
 */
const SAME_IN_JSON = /^[^\s"\\\u0000-\u001f\ud800-\udfff]+$/;

/** A text-only subtree as substring tests over the tasks row `t`. */
export function taskText(expr: SearchExpr, params: Params): string {
  switch (expr.kind) {
    case 'text': {
      const needle = expr.text.replace(/[A-Z]/g, (c) => c.toLowerCase());
      const param = params.add(needle, 'text');
      const exact = `strpos(${taskWords}, ${param}) > 0`;
      return SAME_IN_JSON.test(needle)
        ? `(strpos(lower(t.json COLLATE "C"), ${param}) > 0 AND ${exact})`
        : exact;
    }
    case 'and':
    case 'or':
      return `(${taskText(expr.left, params)} ${expr.kind.toUpperCase()} ${taskText(expr.right, params)})`;
    default:
      throw new Error(`not a text match: ${expr.kind}`);
  }
}
