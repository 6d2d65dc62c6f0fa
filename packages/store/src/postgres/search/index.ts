/**
 * Search over the PostgreSQL store (§6): the same query grammar, free text and sort as the SQLite store,
 * compiled to parameterized SQL. Reads committed data only, through the pool: a search is two statements, the
 * count and the page, in one read-only REPEATABLE READ transaction (so totalHits and the page agree).
 *
 * totalHits is counted on demand from the indexes of migrations-pg/002_search.sql (no count rows: a row every
 * write updated would serialize concurrent servers). The planner chooses between walking an ordered index and
 * sorting the hits, which the SQLite store has to decide by hand.
 */
import type { SearchExpr, SearchRequest, SortOrder, Task, Workflow } from '@baton/protocol';
import type pg from 'pg';
import type { SearchPage } from '../../contract.js';
import { fieldsOf, onlyText } from '../../search-expr.js';
import { SnapshotCache } from '../../sqlite/def-snapshots.js';
import { taskColumns, workflowColumns, type Column } from './columns.js';
import { compileFilter, compileSort, Params } from './compile.js';
import { taskText, workflowText, workflowTextCount } from './text-match.js';

/** The parts of one search's statements; each compiles into the parameters of the statement it is in. */
interface Shape {
  select: string;
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
  private readonly definitions = new SnapshotCache();

  constructor(private readonly pool: pg.Pool) {}

  /** Executions (without tasks) matching WorkflowSummary fields and free text. */
  async searchWorkflows(request: SearchRequest): Promise<SearchPage<Workflow>> {
    const { filter } = request;
    const shape: Shape = {
      select: 'w.json, w.def_hash',
      from: 'workflows w',
      where: filter && ((params) => compileFilter(filter, workflowColumns, workflowText, params)),
      orderBy: compileSort(workflowOrder(request.sort), workflowColumns, 'w.created_seq'),
      count: filter && onlyText(filter) ? (params) => workflowTextCount(filter, params) : undefined,
    };
    return this.run(shape, request, (client, rows) => this.workflows(client, rows));
  }

  /** Tasks matching TaskSummary fields and free text; by default the latest created first. */
  async searchTasks(request: SearchRequest): Promise<SearchPage<Task>> {
    const { filter } = request;
    const shape: Shape = {
      select: 't.json',
      from: taskFrom(filter, request.sort),
      where: filter && ((params) => compileFilter(filter, taskColumns, taskText, params)),
      orderBy: compileSort(request.sort, taskColumns, 't.created_seq'),
    };
    return this.run(shape, request, (_client, rows) =>
      Promise.resolve(rows.map(([json]) => JSON.parse(json as string) as Task)),
    );
  }

  /**
   * Executions (without tasks) that have at least one task matching the filter (TaskSummary fields), each
   * once, sorted by WorkflowSummary fields.
   */
  async searchWorkflowsByTasks(request: SearchRequest): Promise<SearchPage<Workflow>> {
    const { filter } = request;
    const shape: Shape = {
      select: 'w.json, w.def_hash',
      from: 'workflows w',
      where: (params) => {
        const tasks = filter ? ` WHERE ${compileFilter(filter, taskColumns, taskText, params)}` : '';
        return `w.workflow_id IN (SELECT t.workflow_id FROM ${taskFrom(filter, [])}${tasks})`;
      },
      orderBy: compileSort(workflowOrder(request.sort), workflowColumns, 'w.created_seq'),
    };
    return this.run(shape, request, (client, rows) => this.workflows(client, rows));
  }

  private async run<T>(
    shape: Shape,
    request: SearchRequest,
    read: (client: pg.PoolClient, rows: unknown[][]) => Promise<T[]>,
  ): Promise<SearchPage<T>> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const counting = new Params();
      const count = shape.count
        ? shape.count(counting)
        : `SELECT count(*) FROM ${shape.from}${whereClause(shape, counting)}`;
      const totalHits = Number((await query(client, count, counting))[0]![0]);
      let results: T[] = [];
      if (request.size > 0 && request.start < totalHits) {
        const paging = new Params();
        const where = whereClause(shape, paging);
        const page = `SELECT ${shape.select} FROM ${shape.from}${where} ORDER BY ${shape.orderBy}
          LIMIT ${paging.add(request.size, 'bigint')} OFFSET ${paging.add(request.start, 'bigint')}`;
        results = await read(client, await query(client, page, paging));
      }
      await client.query('COMMIT');
      return { totalHits, results };
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      // A connection that could not roll back is closed rather than handed to the next caller.
      client.release(broken);
    }
  }

  /** Workflows from (json, def_hash) rows, each with its shared definition and no tasks. */
  private async workflows(client: pg.PoolClient, rows: unknown[][]): Promise<Workflow[]> {
    const hashes = [...new Set(rows.map(([, hash]) => hash as string))];
    const missing = hashes.filter((hash) => !this.definitions.cached(hash));
    const loaded = new Map<string, string>();
    if (missing.length > 0) {
      const found = await client.query<[string, string]>({
        text: 'SELECT hash, json FROM def_snapshots WHERE hash = ANY($1::text[])',
        values: [missing],
        rowMode: 'array',
      });
      for (const [hash, json] of found.rows) loaded.set(hash, json);
    }
    return rows.map(([json, hash]) => {
      const workflow = JSON.parse(json as string) as Workflow;
      workflow.workflowDefinition = this.definitions.definition(hash as string, (h) => loaded.get(h));
      workflow.tasks = [];
      return workflow;
    });
  }
}

async function query(client: pg.PoolClient, text: string, params: Params): Promise<unknown[][]> {
  return (await client.query<unknown[]>({ text, values: params.values, rowMode: 'array' })).rows;
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
