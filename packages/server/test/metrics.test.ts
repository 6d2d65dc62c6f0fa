// /metrics scraped during a real run: workflows started, polled, completed and failed through the API, a WAIT
// fired by the sweeper, and every counter and gauge checked against what the run did, on both stores.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type BatonServer } from '@baton/server';
import { createDatabase, STORES, type TestDatabase } from './support/databases.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus' text format, as a scraper reads it: one sample per line, comments skipped. */
function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

for (const kind of STORES)
  void describe(`on ${kind}`, () => {
    let database: TestDatabase;
    let server: BatonServer;

    async function send(method: string, path: string, body?: unknown): Promise<unknown> {
      const response = await fetch(`${server.url}/api${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
      return text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text;
    }

    async function scrape(): Promise<(name: string, labels?: Record<string, string>) => number | undefined> {
      const response = await fetch(`${server.url}/metrics`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const samples = parsePrometheus(await response.text());
      return (name, labels = {}) =>
        samples.find(
          (s) =>
            s.name === name &&
            Object.keys(labels).length === Object.keys(s.labels).filter((k) => k !== 'le').length &&
            Object.entries(labels).every(([k, v]) => s.labels[k] === v),
        )?.value;
    }

    async function poll(
      taskType: string,
      count: number,
    ): Promise<Array<{ taskId: string; workflowInstanceId: string }>> {
      const tasks = await send(
        'GET',
        `/tasks/poll/batch/${taskType}?count=${count}&timeout=100&workerid=metrics-test`,
      );
      return tasks as Array<{ taskId: string; workflowInstanceId: string }>;
    }

    async function waitForStatus(workflowId: string, status: string): Promise<void> {
      for (;;) {
        const run = (await send('GET', `/workflow/${workflowId}?includeTasks=false`)) as { status: string };
        if (run.status === status) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    before(async () => {
      database = await createDatabase(kind);
      server = await startServer({ port: 0, db: database.db, logLevel: 'silent' });
      await send('POST', '/metadata/taskdefs', [
        { name: 'metrics_task', retryCount: 0, responseTimeoutSeconds: 3600, timeoutSeconds: 3600 },
      ]);
      const simple = { name: 'metrics_task', taskReferenceName: 'work', type: 'SIMPLE' };
      await send('PUT', '/metadata/workflow', [
        { name: 'metrics_ok', version: 1, tasks: [simple], schemaVersion: 2 },
        { name: 'metrics_bad', version: 1, tasks: [simple], schemaVersion: 2 },
        {
          name: 'metrics_wait',
          version: 1,
          schemaVersion: 2,
          tasks: [
            { name: 'pause', taskReferenceName: 'pause', type: 'WAIT', inputParameters: { duration: '1s' } },
          ],
        },
      ]);
    });
    after(async () => {
      await server?.close();
      await database?.drop();
    });

    void test('counters, histograms and gauges follow the run', async () => {
      const ok = await Promise.all(
        [1, 2, 3].map(() => send('POST', '/workflow/metrics_ok', {}) as Promise<string>),
      );
      const bad = (await send('POST', '/workflow/metrics_bad', {})) as string;

      let metric = await scrape();
      assert.equal(metric('workflow_start_success', { workflowName: 'metrics_ok' }), 3);
      assert.equal(metric('workflow_start_success', { workflowName: 'metrics_bad' }), 1);
      assert.equal(metric('task_queue_depth', { taskType: 'metrics_task' }), 4);
      assert.equal(metric('workflow_running', { workflowName: 'metrics_ok' }), 3);
      assert.equal(metric('workflow_running', { workflowName: 'metrics_bad' }), 1);
      assert.equal(metric('task_poll_count', { taskType: 'metrics_task', domain: 'NO_DOMAIN' }), undefined);

      // Two polls that find nothing count as polls, not as tasks handed out.
      await poll('metrics_nothing', 1);
      await poll('metrics_nothing', 1);
      const tasks = [...(await poll('metrics_task', 3)), ...(await poll('metrics_task', 3))];
      assert.equal(tasks.length, 4);
      for (const task of tasks) {
        const failing = task.workflowInstanceId === bad;
        await send('POST', '/tasks', {
          workflowInstanceId: task.workflowInstanceId,
          taskId: task.taskId,
          status: failing ? 'FAILED_WITH_TERMINAL_ERROR' : 'COMPLETED',
          outputData: {},
        });
      }
      const waiting = (await send('POST', '/workflow/metrics_wait', {})) as string;
      await waitForStatus(waiting, 'COMPLETED');
      for (const id of ok) await waitForStatus(id, 'COMPLETED');
      await waitForStatus(bad, 'FAILED');

      metric = await scrape();
      assert.equal(metric('task_poll', { taskType: 'metrics_nothing', domain: 'NO_DOMAIN' }), 2);
      assert.equal(metric('task_poll', { taskType: 'metrics_task', domain: 'NO_DOMAIN' }), 2);
      assert.equal(metric('task_poll_count', { taskType: 'metrics_task', domain: 'NO_DOMAIN' }), 4);
      assert.equal(
        metric('task_poll_count', { taskType: 'metrics_nothing', domain: 'NO_DOMAIN' }),
        undefined,
      );
      assert.equal(metric('task_queue_wait_count', { taskType: 'metrics_task' }), 4);
      assert.equal(metric('task_execution_count', { taskType: 'metrics_task', status: 'COMPLETED' }), 3);
      assert.equal(
        metric('task_execution_count', { taskType: 'metrics_task', status: 'FAILED_WITH_TERMINAL_ERROR' }),
        1,
      );
      assert.equal(metric('task_queue_depth', { taskType: 'metrics_task' }), undefined);
      assert.equal(metric('workflow_completion', { workflowName: 'metrics_ok', status: 'COMPLETED' }), 3);
      assert.equal(metric('workflow_completion', { workflowName: 'metrics_bad', status: 'FAILED' }), 1);
      assert.equal(metric('workflow_completion', { workflowName: 'metrics_wait', status: 'COMPLETED' }), 1);
      assert.equal(metric('workflow_failure', { workflowName: 'metrics_bad', status: 'FAILED' }), 1);
      assert.equal(
        metric('workflow_failure', { workflowName: 'metrics_ok', status: 'COMPLETED' }),
        undefined,
      );
      assert.equal(metric('workflow_running', { workflowName: 'metrics_ok' }), 0);
      assert.equal(metric('workflow_running', { workflowName: 'metrics_bad' }), 0);
      // The WAIT's timer was fired by the sweeper, in at least one pass.
      assert.ok((metric('sweeper_timers_fired') ?? 0) >= 1);
      assert.ok((metric('sweeper_lag_count') ?? 0) >= 1);
      assert.equal(metric('sandbox_queue_length', { sandbox: 'script' }), 0);
      assert.equal(
        metric('http_server_requests_seconds_count', { method: 'POST', uri: '/api/tasks', status: '200' }),
        4,
      );
      assert.ok((metric('process_cpu_user_seconds_total') ?? 0) > 0);
    });

    void test('?format=json serves the same metrics as JSON for the UI', async () => {
      const response = await fetch(`${server.url}/metrics?format=json`);
      assert.equal(response.status, 200);
      const metrics = (await response.json()) as Array<{ name: string; type: string; values: unknown[] }>;
      const started = metrics.find((m) => m.name === 'workflow_start_success');
      assert.equal(started?.type, 'counter');
      assert.deepEqual(
        started.values.find(
          (v) => (v as { labels: { workflowName: string } }).labels.workflowName === 'metrics_ok',
        ),
        { value: 3, labels: { workflowName: 'metrics_ok' } },
      );
    });
  });
