// Status listeners: a workflow with workflowStatusListenerEnabled publishes its statuses (and, for task definitions
// with taskStatusListenerEnabled, its tasks') to its sink: Baton's internal queue on each store, and the real NATS
// broker on 127.0.0.1:4222.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { connect } from 'nats';
import type { BatonServer } from '@baton/server';
import { NATS_URL, eventually, reachable } from './event-harness.js';
import { httpApi } from './http-api.js';
import { STORES } from './support/databases.js';
import { freshServer } from './support/servers.js';

const noNats = (await reachable(4222)) ? false : 'NATS is not reachable on 127.0.0.1:4222';

/** Registers `listened` (one SIMPLE task `step`, its statuses listened to) publishing to `sink`. */
async function registerListened(server: BatonServer, sink: string): Promise<void> {
  const { ok } = httpApi(() => server.url);
  await ok('POST', '/metadata/taskdefs', [{ name: 'step', retryCount: 0, taskStatusListenerEnabled: true }]);
  await ok('POST', '/metadata/workflow', {
    name: 'listened',
    version: 1,
    schemaVersion: 2,
    workflowStatusListenerEnabled: true,
    workflowStatusListenerSink: sink,
    tasks: [{ name: 'step', taskReferenceName: 'step', type: 'SIMPLE' }],
  });
}

for (const kind of STORES) {
  void describe(`status listeners on ${kind}`, () => {
    test('statuses reach the internal queue, where a handler receives them', async (t) => {
      const server = await freshServer(t, kind);
      const { ok, work } = httpApi(() => server.url);
      await registerListened(server, 'conductor:status_feed');
      await ok('POST', '/metadata/workflow', {
        name: 'recorder',
        version: 1,
        schemaVersion: 2,
        tasks: [{ name: 'noop', taskReferenceName: 'noop', type: 'NOOP' }],
      });
      await ok('POST', '/event', {
        name: 'record_statuses',
        event: 'conductor:status_feed',
        active: true,
        actions: [
          {
            action: 'start_workflow',
            start_workflow: {
              name: 'recorder',
              correlationId: '${workflowId}',
              input: { status: '${status}', taskType: '${taskType}', workflowType: '${workflowType}' },
            },
          },
        ],
      });

      const id = (await ok('POST', '/workflow/listened', {})).text;
      await work(id, 'step');
      const recorded = await eventually('five recorded statuses', async () => {
        const runs = (
          await ok('GET', `/workflow/recorder/correlated/${id}?includeClosed=true&includeTasks=false`)
        ).json as Array<{ input: { status: string; taskType: string | null; workflowType: string | null } }>;
        return runs.length === 5 ? runs : undefined;
      });
      const seen = recorded
        .map((r) => `${r.input.taskType ?? r.input.workflowType}:${r.input.status}`)
        .sort();
      assert.deepEqual(seen, [
        'listened:COMPLETED',
        'listened:RUNNING',
        'step:COMPLETED',
        'step:IN_PROGRESS',
        'step:SCHEDULED',
      ]);
    });
  });
}

test('statuses reach a NATS subject, in order', { skip: noNats }, async (t) => {
  const server = await freshServer(t, 'sqlite', { brokers: { natsUrl: NATS_URL } });
  const subject = `baton.status.${randomUUID()}`;
  const nats = await connect({ servers: NATS_URL });
  t.after(() => nats.close());
  const received: Array<Record<string, unknown>> = [];
  const subscription = nats.subscribe(subject);
  void (async () => {
    for await (const message of subscription) received.push(message.json());
  })();
  await nats.flush();

  const { ok, work } = httpApi(() => server.url);
  await registerListened(server, `nats:${subject}`);
  const id = (await ok('POST', '/workflow/listened', { order: 7 })).text;
  await work(id, 'step', 'COMPLETED', { shipped: true });
  await eventually('five NATS messages', () => Promise.resolve(received.length === 5 ? received : undefined));
  assert.deepEqual(
    received.map((m) => [m.taskType ?? m.workflowType, m.status]),
    [
      ['listened', 'RUNNING'],
      ['step', 'SCHEDULED'],
      ['step', 'IN_PROGRESS'],
      ['step', 'COMPLETED'],
      ['listened', 'COMPLETED'],
    ],
  );
  assert.equal(received[0]?.workflowId, id);
  // A WorkflowSummary: the output (the last task's, with no outputParameters) as Java's Map.toString writes it.
  assert.equal(received[4]?.output, '{shipped=true}');
});
