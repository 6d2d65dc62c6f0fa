// /api/admin as Conductor OSS serves it, on a real server on each store: config, pending tasks of a type, a
// requeued sweep, the consistency repair of a lost queue message and a lost timer, and the event queue views.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Task } from '@baton/protocol';
import { eventQueues } from '../src/admin/event-queues.js';
import { openStore } from '../src/open-store.js';
import { assertError, httpApi } from './http-api.js';
import { freshDatabase, STORES } from './support/databases.js';
import { freshServer } from './support/servers.js';

const workflowDef = (name: string, task: Record<string, unknown>) => ({
  name,
  version: 1,
  schemaVersion: 2,
  tasks: [task],
});

for (const kind of STORES) {
  void describe(`admin on ${kind}`, () => {
    test('config, pending tasks, sweep and verifyAndRepair', async (t) => {
      const server = await freshServer(t, kind);
      const { send, ok, workflow, waitFor } = httpApi(() => server.url);

      const config = (await ok('GET', '/admin/config')).json as Record<string, unknown>;
      assert.equal(config.version, (await ok('GET', '/version')).text);
      assert.equal(config['conductor.db.type'], kind);
      assert.equal(config['conductor.app.taskOutputPayloadSizeThreshold'], '3072KB');

      await ok('PUT', '/metadata/workflow', [
        workflowDef('admin_work', { name: 'admin_job', taskReferenceName: 'job', type: 'SIMPLE' }),
        workflowDef('admin_wait', {
          name: 'pause',
          taskReferenceName: 'pause',
          type: 'WAIT',
          inputParameters: { duration: '2 seconds' },
        }),
      ]);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await ok('POST', '/workflow/admin_work', {})).text);

      const pending = (path: string) =>
        ok('GET', path).then((a) => (a.json as Task[]).map((task) => task.taskId));
      const all = await pending('/admin/task/admin_job');
      assert.equal(all.length, 3);
      assert.deepEqual(await pending('/admin/task/admin_job?start=1&count=1'), all.slice(1, 2));
      assert.deepEqual(await pending('/admin/task/nobody'), []);

      // A lost queue message comes back; a second check finds nothing to repair.
      const first = (await workflow(ids[0]!)).tasks[0]!;
      await server.store.transact((tx) => tx.queueAck('admin_job', first.taskId));
      assert.equal((await ok('GET', '/tasks/queue/size?taskType=admin_job')).json, 2);
      assert.equal((await ok('POST', `/admin/consistency/verifyAndRepair/${ids[0]}`)).text, 'true');
      assert.equal((await ok('GET', '/tasks/queue/size?taskType=admin_job')).json, 3);
      assert.equal((await ok('POST', `/admin/consistency/verifyAndRepair/${ids[0]}`)).text, 'false');
      assertError(await send('POST', '/admin/consistency/verifyAndRepair/nope'), 404, /nope/);

      // A lost timer is armed again by the repair's decide pass, so the WAIT ends.
      const waiting = (await ok('POST', '/workflow/admin_wait', {})).text;
      await server.store.transact((tx) => tx.setTimer(waiting, null));
      assert.equal((await ok('POST', `/admin/consistency/verifyAndRepair/${waiting}`)).text, 'false');
      await waitFor(waiting, (wf) => wf.status === 'COMPLETED');

      assert.equal((await ok('POST', `/admin/sweep/requeue/${ids[1]}`)).text, 'true');
      assertError(await send('POST', '/admin/sweep/requeue/nope'), 404, /nope/);

      // No event queue has pending messages here; both views agree.
      assert.deepEqual((await ok('GET', '/admin/queues')).json, {});
      assert.deepEqual((await ok('GET', '/event/queues?verbose=true')).json, {});
    });

    test('event queues list names, or sizes when verbose', async (t) => {
      const store = await openStore({ db: await freshDatabase(t, kind) });
      t.after(() => store.close());
      await store.transact(async (tx) => {
        await tx.publishEventMessage('conductor:orders', 'm1', { a: 1 }, 0);
        await tx.publishEventMessage('conductor:orders', 'm2', { a: 2 }, 0);
        await tx.publishEventMessage('conductor:audit', 'm3', {}, 0);
      });
      assert.deepEqual(await eventQueues(store, false), {
        'conductor:audit': 'conductor:audit',
        'conductor:orders': 'conductor:orders',
      });
      assert.deepEqual(await eventQueues(store, true), {
        'conductor:audit': { 'conductor:audit': 1 },
        'conductor:orders': { 'conductor:orders': 2 },
      });
    });
  });
}
