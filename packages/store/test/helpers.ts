/** Test helpers: a fresh SQLite file per test, and minimal but complete wire objects. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import Database from 'better-sqlite3';
import type { Task, Workflow, WorkflowDef } from '@baton/protocol';
import { type JsonPieces, openSqliteStore, type SqliteStore, type SqliteStoreOptions } from '../src/index.js';

export interface TempStore {
  store: SqliteStore;
  path: string;
  /** Opens another store on the same file (closed at the end of the test too). */
  reopen: () => Promise<SqliteStore>;
}

/** A store on a new file in its own temp dir; closed and deleted when the test ends. */
export async function openTempStore(
  t: TestContext,
  options: Omit<SqliteStoreOptions, 'path'> = {},
): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-store-'));
  const path = join(dir, 'baton.db');
  const store = await openSqliteStore({ ...options, path });
  const opened: SqliteStore[] = [store];
  t.after(async () => {
    for (const s of opened) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const reopen = async (): Promise<SqliteStore> => {
    const again = await openSqliteStore({ ...options, path });
    opened.push(again);
    return again;
  };
  return { store, path, reopen };
}

/** Runs one query on a separate plain connection, to look at what is really in the file. */
export function query<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<unknown[], T>(sql).all(...params);
  } finally {
    db.close();
  }
}

export function workflowDef(name: string, version = 1, extra: Partial<WorkflowDef> = {}): WorkflowDef {
  return {
    name,
    version,
    tasks: [
      {
        name: 'greet',
        taskReferenceName: 'greet_ref',
        type: 'SIMPLE',
        inputParameters: { who: '${workflow.input.who}' },
      },
    ],
    inputParameters: ['who'],
    outputParameters: { greeting: '${greet_ref.output.greeting}' },
    schemaVersion: 2,
    timeoutSeconds: 0,
    ...extra,
  };
}

export function workflow(workflowId: string, def: WorkflowDef, extra: Partial<Workflow> = {}): Workflow {
  return {
    workflowId,
    status: 'RUNNING',
    startTime: 1_000,
    endTime: 0,
    input: { who: 'world' },
    output: {},
    tasks: [],
    priority: 0,
    variables: {},
    failedReferenceTaskNames: [],
    failedTaskNames: [],
    workflowDefinition: def,
    workflowName: def.name,
    workflowVersion: def.version ?? 1,
    lastRetriedTime: 0,
    createTime: 1_000,
    ...extra,
  };
}

export function task(wf: Workflow, taskId: string, seq: number, extra: Partial<Task> = {}): Task {
  return {
    taskId,
    taskType: 'greet',
    taskDefName: 'greet',
    referenceTaskName: `greet_ref_${seq}`,
    status: 'SCHEDULED',
    inputData: { who: 'world' },
    outputData: {},
    workflowInstanceId: wf.workflowId,
    workflowType: wf.workflowName,
    workflowPriority: wf.priority,
    seq,
    retryCount: 0,
    retried: false,
    executed: false,
    pollCount: 0,
    scheduledTime: 1_000 + seq,
    startTime: 0,
    endTime: 0,
    updateTime: 1_000 + seq,
    startDelayInSeconds: 0,
    callbackAfterSeconds: 0,
    callbackFromWorker: true,
    responseTimeoutSeconds: 3600,
    workflowTask: { name: 'greet', taskReferenceName: `greet_ref_${seq}`, type: 'SIMPLE' },
    rateLimitPerFrequency: 0,
    rateLimitFrequencyInSeconds: 1,
    iteration: 0,
    loopOverTask: false,
    queueWaitTime: 0,
    ...extra,
  };
}

/** A JSON document read in pieces (see documents.ts), joined. */
export async function text(pieces: JsonPieces | undefined): Promise<string> {
  assert.ok(pieces);
  let all = '';
  for await (const piece of pieces) all += piece;
  return all;
}
