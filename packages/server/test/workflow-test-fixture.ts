// A real server on port 0 with a temporary SQLite file, and HTTP helpers, for the POST /api/workflow/test tests.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Task, Workflow, WorkflowTask } from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';
import { httpApi, type Answer } from './http-api.js';

export interface TestServer {
  server: BatonServer;
  send(method: string, path: string, body?: unknown): Promise<Answer>;
  /** POST /api/workflow/test; fails unless 200, returns the workflow. */
  testRun(body: Record<string, unknown>): Promise<Workflow>;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'baton-wftest-'));
  const server = await startServer({ port: 0, dbPath: join(dir, 'baton.db'), logLevel: 'silent' });
  const { send } = httpApi(() => server.url);
  return {
    server,
    send,
    async testRun(body) {
      const answer = await send('POST', '/workflow/test', body);
      assert.equal(answer.status, 200, answer.text);
      return answer.json as Workflow;
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every attempt of `ref`, in order. */
export function attempts(workflow: Workflow, ref: string): Task[] {
  return workflow.tasks.filter((t) => t.referenceTaskName === ref);
}

/** The one task of `ref`. */
export function only(workflow: Workflow, ref: string): Task {
  const found = attempts(workflow, ref);
  assert.equal(
    found.length,
    1,
    `exactly one ${ref} in ${workflow.tasks.map((t) => t.referenceTaskName).join(', ')}`,
  );
  return found[0]!;
}

export const simple = (ref: string, name = ref, extra: Partial<WorkflowTask> = {}): WorkflowTask => ({
  name,
  taskReferenceName: ref,
  type: 'SIMPLE',
  ...extra,
});

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
