/**
 * Search over the PostgreSQL store (§6): the same query grammar, free text and sort as the SQLite store,
 * compiled to parameterized SQL. Reads committed data only, through the pool: a search is one statement that
 * counts the hits and reads the page from one snapshot (so totalHits and the page agree).
 *
 * totalHits is counted on demand from the indexes of migrations-pg/002_search.sql (no count rows: a row every
 * write updated would serialize concurrent servers). The planner chooses between walking an ordered index and
 * sorting the hits, which the SQLite store has to decide by hand.
 */
import type {
  SearchExpr,
  SearchRequest,
  SortOrder,
  Task,
  TaskSummary,
  Workflow,
  WorkflowSummary,
} from '@baton/protocol';
import type pg from 'pg';
import type { SearchPage } from '../../contract.js';
import { fieldsOf, onlyText } from '../../search-expr.js';
import { summarySelect, taskSummaryOf, workflowSummaryOf } from '../../summaries.js';
import { PoolDb } from '../db.js';
import { PgSnapshots } from '../def-snapshots.js';
import { storeError } from '../errors.js';
import { taskColumns, workflowColumns, type Column } from './columns.js';
import { compileFilter, compileSort, Params } from './compile.js';
import { taskText, workflowText, workflowTextCount } from './text-match.js';

/** The parts of one search's statements; each compiles into the parameters of the statement it is in. */
interface Shape {
  /** The columns of a hit. */
  select: string[];
  from: string;
  where?: (params: Params) => string;
  orderBy: string;
  /** A cheaper statement for the hit count than counting the page's FROM and WHERE. */
  count?: (params: Params) => string;
}

/** Newest first, then the latest created first. */
const NEWEST_FIRST: SortOrder[] = [{ field: 'startTime', descending: true }];

export class PgSearch {
  /** Definition snapshots never change once written, so any number of servers may keep them. */
  private readonly snapshots = new PgSnapshots();

  constructor(private readonly pool: pg.Pool) {}

  /** Executions (without tasks) matching WorkflowSummary fields and free text. */
  async searchWorkflows(request: SearchRequest): Promise<SearchPage<Workflow>> {
    return this.run(workflowShape(request, ['w.json', 'w.def_hash']), request, (rows) =>
      this.workflows(rows),
    );
  }

  /** The summaries of searchWorkflows' hits. */
  async searchWorkflowSummaries(request: SearchRequest): Promise<SearchPage<WorkflowSummary>> {
    return this.run(workflowShape(request, summarySelect('w')), request, workflowSummaries);
  }

  /** Tasks matching TaskSummary fields and free text; by default the latest created first. */
  async searchTasks(request: SearchRequest): Promise<SearchPage<Task>> {
    return this.run(taskShape(request, ['t.json']), request, (rows) =>
      Promise.resolve(rows.map(([json]) => JSON.parse(json!) as Task)),
    );
  }

  /** The summaries of searchTasks' hits. */
  async searchTaskSummaries(request: SearchRequest): Promise<SearchPage<TaskSummary>> {
    return this.run(taskShape(request, summarySelect('t')), request, (rows) =>
      Promise.resolve(rows.map(([summary, json]) => taskSummaryOf(summary ?? null, json ?? null))),
    );
  }

  /**
   * Executions (without tasks) that have at least one task matching the filter (TaskSummary fields), each
   * once, sorted by WorkflowSummary fields.
   */
  async searchWorkflowsByTasks(request: SearchRequest): Promise<SearchPage<Workflow>> {
    return this.run(byTasksShape(request, ['w.json', 'w.def_hash']), request, (rows) => this.workflows(rows));
  }

  /** The summaries of searchWorkflowsByTasks' hits. */
  async searchWorkflowSummariesByTasks(request: SearchRequest): Promise<SearchPage<WorkflowSummary>> {
    return this.run(byTasksShape(request, summarySelect('w')), request, workflowSummaries);
  }

  /** The ids of searchWorkflows' hits, to be read one at a time. */
  async workflowIds(request: SearchRequest): Promise<SearchPage<string>> {
    return this.run(workflowShape(request, ['w.workflow_id']), request, firstColumn);
  }

  /** The ids of searchTasks' hits. */
  async taskIds(request: SearchRequest): Promise<SearchPage<string>> {
    return this.run(taskShape(request, ['t.task_id']), request, firstColumn);
  }

  /** The ids of searchWorkflowsByTasks' hits. */
  async workflowIdsByTasks(request: SearchRequest): Promise<SearchPage<string>> {
    return this.run(byTasksShape(request, ['w.workflow_id']), request, firstColumn);
  }

  /**
   * The count and the page in one statement, so one snapshot (totalHits and the page agree) and one round trip.
   * The page comes back as one array per selected column, in the order of the sort.
   */
  private async run<T>(
    shape: Shape,
    request: SearchRequest,
    read: (rows: string[][]) => Promise<T[]>,
  ): Promise<SearchPage<T>> {
    const params = new Params();
    const count = shape.count
      ? shape.count(params)
      : `SELECT count(*) FROM ${shape.from}${whereClause(shape, params)}`;
    const columns = shape.select.map((column, i) => `${column} AS c${i}`).join(', ');
    const page = `SELECT ${columns}, row_number() OVER (ORDER BY ${shape.orderBy}) AS n
      FROM ${shape.from}${whereClause(shape, params)} ORDER BY ${shape.orderBy}
      LIMIT ${params.add(request.size, 'bigint')} OFFSET ${params.add(request.start, 'bigint')}`;
    const arrays = shape.select.map((_, i) => `array_agg(hit.c${i} ORDER BY hit.n)`).join(', ');
    const { rows } = await this.pool
      .query<[string, ...Array<string[] | null>]>({
        text: `SELECT (${count}), ${arrays} FROM (${page}) hit`,
        values: params.values,
        rowMode: 'array',
      })
      .catch((err: unknown) => Promise.reject(storeError(err)));
    const [totalHits, ...byColumn] = rows[0]!;
    // array_agg of no rows is NULL.
    const hits = (byColumn[0] ?? []).map((_, i) => byColumn.map((column) => column![i]!));
    return { totalHits: Number(totalHits), results: await read(hits) };
  }

  /** Workflows from (json, def_hash) rows, each with its shared definition and no tasks. */
  private async workflows(rows: string[][]): Promise<Workflow[]> {
    const definitions = await this.snapshots.definitions(
      new PoolDb(this.pool),
      rows.map(([, hash]) => hash!),
      true,
    );
    return rows.map(([json, hash]) => {
      const workflow = JSON.parse(json!) as Workflow;
      workflow.workflowDefinition = definitions.get(hash!)!;
      workflow.tasks = [];
      return workflow;
    });
  }
}

function workflowShape(request: SearchRequest, select: string[]): Shape {
  const { filter } = request;
  return {
    select,
    from: 'workflows w',
    where: filter && ((params) => compileFilter(filter, workflowColumns, workflowText, params)),
    orderBy: compileSort(workflowOrder(request.sort), workflowColumns, 'w.created_seq'),
    count: filter && onlyText(filter) ? (params) => workflowTextCount(filter, params) : undefined,
  };
}

function taskShape(request: SearchRequest, select: string[]): Shape {
  const { filter } = request;
  return {
    select,
    from: taskFrom(filter, request.sort),
    where: filter && ((params) => compileFilter(filter, taskColumns, taskText, params)),
    orderBy: compileSort(request.sort, taskColumns, 't.created_seq'),
  };
}

function byTasksShape(request: SearchRequest, select: string[]): Shape {
  const { filter } = request;
  return {
    select,
    from: 'workflows w',
    where: (params) => {
      const tasks = filter ? ` WHERE ${compileFilter(filter, taskColumns, taskText, params)}` : '';
      return `w.workflow_id IN (SELECT t.workflow_id FROM ${taskFrom(filter, [])}${tasks})`;
    },
    orderBy: compileSort(workflowOrder(request.sort), workflowColumns, 'w.created_seq'),
  };
}

function firstColumn(rows: string[][]): Promise<string[]> {
  return Promise.resolve(rows.map(([id]) => id!));
}

function workflowSummaries(rows: string[][]): Promise<WorkflowSummary[]> {
  return Promise.resolve(rows.map(([summary, json]) => workflowSummaryOf(summary ?? null, json ?? null)));
}

function whereClause(shape: Shape, params: Params): string {
  return shape.where ? ` WHERE ${shape.where(params)}` : '';
}

function workflowOrder(sort: readonly SortOrder[]): readonly SortOrder[] {
  return sort.length > 0 ? sort : NEWEST_FIRST;
}

/** Tasks, joined to their workflow only when a field or sort key lives there. */
function taskFrom(expr: SearchExpr | undefined, sort: readonly SortOrder[]): string {
  const fields = fieldsOf(expr);
  for (const s of sort) fields.add(s.field);
  const join = [...fields].some((f) => (taskColumns as Record<string, Column>)[f]?.workflowJoin);
  return join ? 'tasks t JOIN workflows w ON w.workflow_id = t.workflow_id' : 'tasks t';
}
