// HTTP helpers shared by the API tests: requests against a real server, Conductor error-body checks, and a
// minimal worker that polls for one workflow's task.
import assert from 'node:assert/strict';
import type { Task, Workflow } from '@baton/protocol';

export interface Answer {
  status: number;
  text: string;
  json: unknown;
}

/** Asserts Conductor's error body for `status` with a message matching `message`. */
export function assertError(answer: Answer, status: number, message: RegExp): void {
  assert.equal(answer.status, status, answer.text);
  const body = answer.json as Record<string, unknown>;
  assert.equal(body.status, status);
  assert.match(String(body.message), message);
  assert.equal(typeof body.instance, 'string');
  assert.equal(body.retryable, false);
}

/** `ref=STATUS` for each task, in order. */
export const refs = (wf: Workflow): string[] => wf.tasks.map((t) => `${t.referenceTaskName}=${t.status}`);

export const resultOf = (t: Task, status: string): Record<string, unknown> => ({
  workflowInstanceId: t.workflowInstanceId,
  taskId: t.taskId,
  status,
  reasonForIncompletion: status === 'COMPLETED' ? undefined : 'broken',
});

/** Requests under `${baseUrl()}/api` (the base is read per call, so it may be set in a `before` hook). */
export function httpApi(baseUrl: () => string) {
  /** A string body is sent as it is (to test malformed JSON); anything else as JSON. */
  async function send(method: string, path: string, body?: unknown): Promise<Answer> {
    const res = await fetch(`${baseUrl()}/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  }

  async function ok(method: string, path: string, body?: unknown, expected = 200): Promise<Answer> {
    const answer = await send(method, path, body);
    assert.equal(answer.status, expected, `${method} ${path} → ${answer.status} ${answer.text}`);
    return answer;
  }

  async function workflow(id: string): Promise<Workflow> {
    return (await ok('GET', `/workflow/${id}`)).json as Workflow;
  }

  /** Polls `type` until this workflow's task is handed out, then reports `status` for it. */
  async function work(
    id: string,
    type: string,
    status = 'COMPLETED',
    output: Record<string, unknown> = {},
  ): Promise<Task> {
    for (let i = 0; i < 50; i++) {
      const polled = (await ok('GET', `/tasks/poll/batch/${type}?count=10&timeout=100`)).json as Task[];
      const mine = polled.find((t) => t.workflowInstanceId === id);
      // Another test's task goes back to its queue untouched (IN_PROGRESS re-queues it, §8.1).
      for (const other of polled.filter((t) => t !== mine)) {
        await ok('POST', '/tasks', { ...resultOf(other, 'IN_PROGRESS'), callbackAfterSeconds: 0 });
      }
      if (mine) {
        await ok('POST', '/tasks', { ...resultOf(mine, status), outputData: output });
        return mine;
      }
    }
    assert.fail(`no ${type} task of ${id} was handed out`);
  }

  /** Re-reads the workflow until `done` (e.g. a SUB_WORKFLOW's child is started and reported asynchronously). */
  async function waitFor(id: string, done: (wf: Workflow) => boolean): Promise<Workflow> {
    for (let i = 0; i < 200; i++) {
      const wf = await workflow(id);
      if (done(wf)) return wf;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const wf = await workflow(id);
    assert.fail(`workflow ${id} stuck: ${wf.status} ${refs(wf).join(' ')}`);
  }

  return { send, ok, workflow, work, waitFor };
}
