/**
 * Workflow and task search (§6) over the primary tables. A search is two statements, the count and the page of
 * rowids, in one read transaction (so totalHits and the page agree), then one row read per hit.
 *
 * A free-text-only workflow search that matches many executions reads its page differently: instead of reading
 * the start time of every match to sort them (a row read each: seconds for a word in most of a million
 * executions), it walks the start-time index newest first and keeps the matches, stopping at the page's end.
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
import type { SearchPage } from '../../contract.js';
import type { ExecutionQueries } from '../executions.js';
import type { Connection } from '../open.js';
import { taskColumns, workflowColumns, type Column } from './columns.js';
import { fieldsOf, onlyText } from '../../search-expr.js';
import { compileFilter, compileSort, type Sql, type TextCompiler } from './compile.js';
import { StatementCache } from './statement-cache.js';
import { COUNT_ALL, countFromTable } from './status-counts.js';
import { taskText, workflowText, workflowTextCount } from './text-match.js';

/** FROM, WHERE and ORDER BY of one search, and (when there is one) a cheaper way to count its hits. */
interface Shape {
  from: string;
  where?: Sql;
  orderBy: string;
  count?: Sql;
  /** A FROM that walks an index in the ORDER BY's order, and when (by the hit count) it is the cheaper plan. */
  walk?: { from: string; cheaper: (totalHits: number) => boolean };
}

/**
 * Walking the start-time index costs about one step per execution passed over, (start + size) × all / hits of
 * them; sorting the hits costs about a row read per hit, some ten times a step.
 */
const WALK_STEPS_PER_HIT_READ = 10;

/** Newest first: the order of the (status, start_time) and (workflow_name, status, start_time) indexes. */
const NEWEST_FIRST: SortOrder[] = [{ field: 'startTime', descending: true }];

export class SearchQueries {
  private readonly statements;

  constructor(
    private readonly db: Connection,
    private readonly executions: ExecutionQueries,
  ) {
    this.statements = new StatementCache(db);
  }

  /** Executions (without tasks) matching WorkflowSummary fields and free text. */
  searchWorkflows(request: SearchRequest): SearchPage<Workflow> {
    return this.run(this.workflowShape(request), 'w.rowid', request, (rowid) =>
      this.executions.workflowAtRowid(rowid),
    );
  }

  /** The summaries of searchWorkflows' hits. */
  searchWorkflowSummaries(request: SearchRequest): SearchPage<WorkflowSummary> {
    return this.run(this.workflowShape(request), 'w.rowid', request, (rowid) =>
      this.executions.workflowSummaryAtRowid(rowid),
    );
  }

  /** Tasks matching TaskSummary fields and free text. */
  searchTasks(request: SearchRequest): SearchPage<Task> {
    return this.run(taskShape(request), 't.rowid', request, (rowid) => this.executions.taskAtRowid(rowid));
  }

  /** The summaries of searchTasks' hits. */
  searchTaskSummaries(request: SearchRequest): SearchPage<TaskSummary> {
    return this.run(taskShape(request), 't.rowid', request, (rowid) =>
      this.executions.taskSummaryAtRowid(rowid),
    );
  }

  /**
   * Executions (without tasks) that have at least one task matching the filter (TaskSummary fields), each
   * once, sorted by WorkflowSummary fields.
   */
  searchWorkflowsByTasks(request: SearchRequest): SearchPage<Workflow> {
    return this.run(byTasksShape(request), 'w.rowid', request, (rowid) =>
      this.executions.workflowAtRowid(rowid),
    );
  }

  /** The summaries of searchWorkflowsByTasks' hits. */
  searchWorkflowSummariesByTasks(request: SearchRequest): SearchPage<WorkflowSummary> {
    return this.run(byTasksShape(request), 'w.rowid', request, (rowid) =>
      this.executions.workflowSummaryAtRowid(rowid),
    );
  }

  /** The rowids of searchWorkflows' hits, to be read one at a time. */
  workflowRowids(request: SearchRequest): SearchPage<number> {
    return this.run(this.workflowShape(request), 'w.rowid', request, (rowid) => rowid);
  }

  /** The rowids of searchTasks' hits. */
  taskRowids(request: SearchRequest): SearchPage<number> {
    return this.run(taskShape(request), 't.rowid', request, (rowid) => rowid);
  }

  /** The rowids of searchWorkflowsByTasks' hits. */
  workflowRowidsByTasks(request: SearchRequest): SearchPage<number> {
    return this.run(byTasksShape(request), 'w.rowid', request, (rowid) => rowid);
  }

  private workflowShape(request: SearchRequest): Shape {
    const sort = workflowOrder(request.sort);
    const shape: Shape = {
      from: 'workflows w',
      where: filter(request.filter, workflowColumns, workflowText),
      orderBy: compileSort(sort, workflowColumns, 'w.rowid'),
      count: countFromTable(request.filter),
    };
    if (request.filter && onlyText(request.filter)) {
      shape.count = workflowTextCount(request.filter);
      const byStartTime = sort.length === 1 && sort[0]!.field === 'startTime';
      if (byStartTime) {
        shape.walk = {
          from: 'workflows w INDEXED BY workflows_by_start',
          cheaper: this.walkIsCheaper(request),
        };
      }
    }
    return shape;
  }

  /** Whether walking the start-time index beats sorting `totalHits` matches for this page. */
  private walkIsCheaper(request: SearchRequest): (totalHits: number) => boolean {
    return (totalHits) => {
      if (totalHits === 0) return false;
      const executions = this.statements.get(COUNT_ALL.sql).get() as number;
      const steps = ((request.start + request.size) * executions) / totalHits;
      return steps < WALK_STEPS_PER_HIT_READ * totalHits;
    };
  }

  private run<T>(
    shape: Shape,
    rowid: string,
    request: SearchRequest,
    read: (rowid: number) => T | undefined,
  ): SearchPage<T> {
    const where = shape.where ? ` WHERE ${shape.where.sql}` : '';
    const params = shape.where?.params ?? [];
    const count = shape.count
      ? this.statements.get(shape.count.sql)
      : this.statements.get(`SELECT count(*) FROM ${shape.from}${where}`);
    const countParams = shape.count ? shape.count.params : params;
    const pageFrom = (from: string) =>
      this.statements.get(`SELECT ${rowid} FROM ${from}${where} ORDER BY ${shape.orderBy} LIMIT ? OFFSET ?`);
    return this.db.transaction(() => {
      const totalHits = count.get(...countParams) as number;
      const page = pageFrom(shape.walk?.cheaper(totalHits) ? shape.walk.from : shape.from);
      const rowids =
        request.size > 0 && request.start < totalHits
          ? (page.all(...params, request.size, request.start) as number[])
          : [];
      const results: T[] = [];
      for (const id of rowids) {
        const hit = read(id);
        if (hit !== undefined) results.push(hit);
      }
      return { totalHits, results };
    })();
  }
}

function taskShape(request: SearchRequest): Shape {
  return {
    from: taskFrom(request.filter, request.sort),
    where: filter(request.filter, taskColumns, taskText),
    orderBy: compileSort(request.sort, taskColumns, 't.rowid'),
  };
}

function byTasksShape(request: SearchRequest): Shape {
  const tasks = filter(request.filter, taskColumns, taskText);
  return {
    from: 'workflows w',
    where: {
      sql: `w.workflow_id IN (SELECT t.workflow_id FROM ${taskFrom(request.filter, [])}${
        tasks ? ` WHERE ${tasks.sql}` : ''
      })`,
      params: tasks?.params ?? [],
    },
    orderBy: compileSort(workflowOrder(request.sort), workflowColumns, 'w.rowid'),
  };
}

function workflowOrder(sort: readonly SortOrder[]): readonly SortOrder[] {
  return sort.length > 0 ? sort : NEWEST_FIRST;
}

function filter(
  expr: SearchExpr | undefined,
  columns: Readonly<Record<string, Column>>,
  text: TextCompiler,
): Sql | undefined {
  return expr ? compileFilter(expr, columns, text) : undefined;
}

/** Tasks, joined to their workflow only when a field or sort key lives there. */
function taskFrom(expr: SearchExpr | undefined, sort: readonly SortOrder[]): string {
  const fields = fieldsOf(expr);
  for (const s of sort) fields.add(s.field);
  const join = [...fields].some((f) => taskColumns[f as keyof typeof taskColumns]?.workflowJoin);
  return join ? 'tasks t JOIN workflows w ON w.workflow_id = t.workflow_id' : 'tasks t';
}
