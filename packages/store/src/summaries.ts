/**
 * Search summaries that cost the same whatever an execution carries. A row whose JSON is larger than
 * SUMMARIZED_ABOVE gets its WorkflowSummary / TaskSummary (input and output already cut, see @baton/protocol's
 * summaryPayload) written beside it, in its `summary` column; a search then reads that instead of the row. Smaller
 * rows are summarized from their JSON when read: parsing a few KB costs less than writing a summary every time.
 */
import {
  toTaskSummary,
  toWorkflowSummary,
  type Task,
  type TaskSummary,
  type Workflow,
  type WorkflowSummary,
} from '@baton/protocol';

/** Characters of row JSON above which the summary is stored with the row. */
export const SUMMARIZED_ABOVE = 16 * 1024;

/** The `summary` column of a workflow row whose JSON has `jsonChars` characters: null when small enough to summarize on read. */
export function workflowSummaryColumn(workflow: Workflow, jsonChars: number): string | null {
  return jsonChars > SUMMARIZED_ABOVE ? JSON.stringify(toWorkflowSummary(workflow)) : null;
}

/** The `summary` column of a task row whose JSON is `json` (see workflowSummaryColumn). */
export function taskSummaryColumn(task: Task, json: string): string | null {
  return json.length > SUMMARIZED_ABOVE ? JSON.stringify(toTaskSummary(task)) : null;
}

/** The summary of a search hit: the stored one, else made from the row's JSON (a small row). */
export function workflowSummaryOf(summary: string | null, json: string | null): WorkflowSummary {
  if (summary !== null) return JSON.parse(summary) as WorkflowSummary;
  return toWorkflowSummary(JSON.parse(json!) as Workflow);
}

/** The summary of a task hit (see workflowSummaryOf). */
export function taskSummaryOf(summary: string | null, json: string | null): TaskSummary {
  if (summary !== null) return JSON.parse(summary) as TaskSummary;
  return toTaskSummary(JSON.parse(json!) as Task);
}

/**
 * The two columns read for a hit's summary: the stored one and, only where there is none, the row's JSON (the
 * large column is then not read).
 */
export function summarySelect(alias: string): [string, string] {
  return [`${alias}.summary`, `CASE WHEN ${alias}.summary IS NULL THEN ${alias}.json END`];
}
