/**
 * Search over the PostgreSQL store (§6): the same query grammar, free text and sort as the SQLite store,
 * compiled to parameterized SQL. Reads committed data only, through the pool.
 */
import type { SearchRequest, Task, Workflow } from '@baton/protocol';
import type pg from 'pg';
import type { SearchPage } from '../../contract.js';

export class PgSearch {
  constructor(private readonly pool: pg.Pool) {}

  searchWorkflows(_request: SearchRequest): Promise<SearchPage<Workflow>> {
    return Promise.reject(new Error('search is not built yet on PostgreSQL'));
  }

  searchTasks(_request: SearchRequest): Promise<SearchPage<Task>> {
    return Promise.reject(new Error('search is not built yet on PostgreSQL'));
  }

  searchWorkflowsByTasks(_request: SearchRequest): Promise<SearchPage<Workflow>> {
    return Promise.reject(new Error('search is not built yet on PostgreSQL'));
  }
}
