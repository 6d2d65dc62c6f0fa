/**
 * Orkes' event monitor views end to end, read through the official JS client (@io-orkes/conductor-javascript):
 * an EVENT task publishes to the internal `conductor` queue on a real server, three handlers take the message
 * (one action completes, one fails, one handler's condition is false), and each outcome is recorded with the
 * message, once, and served in the client's shapes. The secret the EVENT task's input carries is masked.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { EventClient, noopLogger, orkesConductorClient } from '@io-orkes/conductor-javascript';
import type { BatonServer } from '../src/start-server.js';
import { SECRETS_KEY } from './support/auth.js';
import { STORES } from './support/databases.js';
import { freshServer } from './support/servers.js';

for (const key of ['CONDUCTOR_SERVER_URL', 'CONDUCTOR_AUTH_KEY', 'CONDUCTOR_AUTH_SECRET', 'CI']) {
  delete process.env[key];
}

const SECRET = 'hook-7d41c2-very-secret';
const EVENT = 'conductor:monitor_emitter:emit_ref';

async function call(server: BatonServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) assert.fail(`${method} ${path}: ${response.status} ${text}`);
  return text;
}

async function setUp(server: BatonServer): Promise<void> {
  await call(server, 'PUT', '/api/secrets/HOOK_TOKEN', SECRET);
  const workflow = (name: string, tasks: unknown[]) => ({ name, version: 1, schemaVersion: 2, tasks });
  await call(server, 'PUT', '/api/metadata/workflow', [
    workflow('monitor_emitter', [
      {
        name: 'emit',
        taskReferenceName: 'emit_ref',
        type: 'EVENT',
        sink: 'conductor',
        inputParameters: { user: '${workflow.input.user}', token: '${workflow.secrets.HOOK_TOKEN}' },
      },
    ]),
    workflow('monitor_greeter', [
      { name: 'greet', taskReferenceName: 'greet_ref', type: 'SIMPLE', inputParameters: {} },
    ]),
  ]);
  const startGreeter = {
    action: 'start_workflow',
    start_workflow: { name: 'monitor_greeter', input: { who: '${user}' } },
  };
  await call(server, 'POST', '/api/event', [
    { name: 'monitor_ok', event: EVENT, active: true, actions: [startGreeter] },
    {
      name: 'monitor_fail',
      event: EVENT,
      active: true,
      actions: [{ action: 'start_workflow', start_workflow: { name: 'monitor_no_such_workflow' } }],
    },
    {
      name: 'monitor_skip',
      event: EVENT,
      active: true,
      condition: "$.user == 'nobody'",
      actions: [startGreeter],
    },
  ]);
}

/** Re-reads until `probe` returns a value (bounded, no wall-clock assertion). */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

for (const kind of STORES) {
  void describe(`on ${kind}`, () => {
    void it('records each handler outcome of a message and serves the execution and message views', async (t) => {
      const server = await freshServer(t, kind, {
        secretsKey: SECRETS_KEY,
      });
      await setUp(server);
      const official = new EventClient(
        await orkesConductorClient({ serverUrl: server.url, logger: noopLogger }),
      );

      const emitterId = await call(server, 'POST', '/api/workflow/monitor_emitter', { user: 'ada' });
      const [ok] = await eventually('the recorded executions', async () => {
        const found = await official.getEventExecutions('monitor_ok');
        return found.length > 0 ? found : undefined;
      });

      // COMPLETED: the workflow it started, with the message it came from.
      assert.equal(ok?.status, 'COMPLETED');
      assert.equal(ok.action, 'start_workflow');
      assert.equal(ok.name, 'monitor_ok');
      assert.equal(ok.event, EVENT);
      assert.equal(ok.id, `${ok.messageId}_0`);
      assert.equal(typeof ok.created, 'number');
      const startedId = ok.output?.workflowId as string;
      const started = JSON.parse(
        await call(server, 'GET', `/api/workflow/${startedId}?includeTasks=false`),
      ) as {
        workflowName: string;
        input: Record<string, unknown>;
      };
      assert.equal(started.workflowName, 'monitor_greeter');
      assert.equal(started.input.who, 'ada');
      assert.equal(ok.fullMessagePayload?.user, 'ada');
      assert.equal(ok.fullMessagePayload?.workflowInstanceId, emitterId);

      // FAILED: the action could not start its workflow; SKIPPED: the condition was false.
      const [failed] = await official.getEventExecutions('monitor_fail');
      assert.equal(failed?.status, 'FAILED');
      assert.match(failed.statusDescription ?? '', /monitor_no_such_workflow/);
      const [skipped] = await official.getEventExecutions('monitor_skip');
      assert.equal(skipped?.status, 'SKIPPED');
      assert.equal(skipped.action, undefined);
      assert.equal(skipped.statusDescription, 'condition is false');
      assert.equal((await official.getEventExecutions('monitor_ok', 60_000)).length, 1);

      // The message, once, with the three outcomes.
      const messages = await official.getEventMessages(EVENT);
      assert.equal(messages.length, 1);
      const [message] = messages;
      assert.ok(message);
      assert.equal(message.id, ok.messageId);
      assert.equal(message.status, 'HANDLED');
      assert.equal(message.eventTarget, EVENT);
      assert.equal(message.eventType, 'MESSAGE');
      assert.equal(message.fullPayload?.user, 'ada');
      assert.deepEqual(message.eventExecutions?.map((e) => `${e.name}:${e.status}`).sort(), [
        'monitor_fail:FAILED',
        'monitor_ok:COMPLETED',
        'monitor_skip:SKIPPED',
      ]);

      // The handler lists with their numbers.
      const active = await official.getAllActiveEventHandlers();
      assert.equal(active.totalHits, 3);
      assert.deepEqual(
        active.results?.map((h) => [h.name, h.event, h.active, h.numberOfActions, h.numberOfMessages]),
        [
          ['monitor_fail', EVENT, true, 1, 1],
          ['monitor_ok', EVENT, true, 1, 1],
          ['monitor_skip', EVENT, true, 1, 1],
        ],
      );
      const stats = await official.getEventHandlersWithStats(300_000);
      assert.deepEqual(
        stats.results?.map((h) => [h.name, h.numberOfMessages]),
        [
          ['monitor_fail', 1],
          ['monitor_ok', 1],
          ['monitor_skip', 1],
        ],
      );

      // The EVENT task published the secret's value; nothing recorded or served holds it.
      assert.equal(message.fullPayload?.token, '***');
      const served = JSON.stringify([messages, await official.getEventExecutions('monitor_ok')]);
      assert.ok(!served.includes(SECRET));
      const stored = JSON.stringify([
        await server.store.receivedEventMessages(EVENT, 0, 10),
        await server.store.eventExecutions('monitor_ok', 0, 10),
      ]);
      assert.ok(stored.includes('***') && !stored.includes(SECRET));
    });

    void it('refuses a `from` that is not a number with a validation error', async (t) => {
      const server = await freshServer(t, kind);
      const response = await fetch(`${server.url}/api/event/execution/any?from=soon`);
      assert.equal(response.status, 400);
      const body = (await response.json()) as { validationErrors: { path: string }[] };
      assert.equal(body.validationErrors[0]?.path, 'from');
      assert.deepEqual(await (await fetch(`${server.url}/api/event/message/conductor:none`)).json(), []);
      assert.deepEqual(await (await fetch(`${server.url}/api/event/execution`)).json(), {
        totalHits: 0,
        results: [],
      });
    });
  });
}
