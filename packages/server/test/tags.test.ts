// Tags as Orkes serves them on workflow definitions, task definitions and event handlers: add, replace, list,
// delete, and lists filtered by tag; on a real server on each store.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { httpApi } from './http-api.js';
import { STORES } from './support/databases.js';
import { freshServer } from './support/servers.js';

const def = (name: string, version = 1) => ({
  name,
  version,
  schemaVersion: 2,
  tasks: [{ name: 'noop', taskReferenceName: 'noop', type: 'NOOP' }],
});
const tag = (key: string, value: string) => ({ key, type: 'METADATA', value });

for (const kind of STORES) {
  void describe(`tags on ${kind}`, () => {
    test('tags round-trip on definitions and handlers and filter the lists', async (t) => {
      const server = await freshServer(t, kind);
      const { send, ok } = httpApi(() => server.url);
      await ok('POST', '/metadata/workflow', def('billing'));
      await ok('POST', '/metadata/workflow', def('billing', 2));
      await ok('POST', '/metadata/workflow', def('audit'));
      await ok('POST', '/metadata/taskdefs', [{ name: 'charge' }, { name: 'refund' }]);

      // Workflow definitions: POST adds one, PUT replaces all, DELETE removes one (not a version!).
      await ok('POST', '/metadata/workflow/billing/tags', { key: 'team', value: 'payments' });
      await ok('POST', '/metadata/workflow/billing/tags', tag('env', 'prod'));
      assert.deepEqual((await ok('GET', '/metadata/workflow/billing/tags')).json, [
        tag('env', 'prod'),
        tag('team', 'payments'),
      ]);
      await ok('PUT', '/metadata/workflow/audit/tags', [tag('team', 'payments'), tag('env', 'dev')]);
      await ok('PUT', '/metadata/workflow/audit/tags', [tag('team', 'payments')]);
      assert.deepEqual((await ok('GET', '/metadata/workflow/audit/tags')).json, [tag('team', 'payments')]);

      const filtered = (await ok('GET', '/metadata/workflow?tagKey=team&tagValue=payments')).json as Array<{
        name: string;
        version: number;
      }>;
      assert.deepEqual(
        filtered.map((d) => [d.name, d.version]),
        [
          ['audit', 1],
          ['billing', 1],
          ['billing', 2],
        ],
      );
      assert.deepEqual((await ok('GET', '/metadata/workflow?tagKey=env&tagValue=dev')).json, []);

      await ok('DELETE', '/metadata/workflow/billing/tags', tag('team', 'payments'));
      assert.deepEqual((await ok('GET', '/metadata/workflow/billing/tags')).json, [tag('env', 'prod')]);
      assert.equal((await ok('GET', '/metadata/workflow/billing?version=2')).status, 200); // no version deleted
      assert.equal((await send('GET', '/metadata/workflow/nobody/tags')).status, 404);
      const bad = await send('POST', '/metadata/workflow/billing/tags', { key: '' });
      assert.equal(bad.status, 400);

      // Task definitions.
      await ok('PUT', '/metadata/task/charge/tags', [tag('team', 'payments')]);
      assert.deepEqual((await ok('GET', '/metadata/task/charge/tags')).json, [tag('team', 'payments')]);
      const tasks = (await ok('GET', '/metadata/taskdefs?tagKey=team&tagValue=payments')).json as Array<{
        name: string;
      }>;
      assert.deepEqual(
        tasks.map((d) => d.name),
        ['charge'],
      );
      assert.equal((await ok('GET', '/metadata/taskdefs')).json instanceof Array, true);
      assert.equal(((await ok('GET', '/metadata/taskdefs')).json as unknown[]).length, 2);

      // Event handlers: PUT adds a list, DELETE removes a list.
      await ok('POST', '/event', { name: 'on_order', event: 'conductor:orders', actions: [], active: true });
      await ok('PUT', '/event/on_order/tags', [tag('team', 'payments'), tag('env', 'prod')]);
      await ok('PUT', '/event/on_order/tags', [tag('tier', 'gold')]);
      await ok('DELETE', '/event/on_order/tags', [tag('env', 'prod')]);
      assert.deepEqual((await ok('GET', '/event/on_order/tags')).json, [
        tag('team', 'payments'),
        tag('tier', 'gold'),
      ]);
      assert.equal((await send('GET', '/event/nothing/tags')).status, 404);
    });

    test('schedules carry tags, filter by them, and lose them when deleted', async (t) => {
      const server = await freshServer(t, kind);
      const { send, ok } = httpApi(() => server.url);
      await ok('POST', '/metadata/workflow', def('report'));
      const schedule = (name: string) => ({
        name,
        cronExpression: '0 0 3 * * ?',
        paused: true,
        startWorkflowRequest: { name: 'report' },
      });
      await ok('POST', '/scheduler/schedules', schedule('nightly'));
      await ok('POST', '/scheduler/schedules', schedule('weekly'));

      await ok('PUT', '/scheduler/schedules/nightly/tags', [tag('team', 'ops'), tag('env', 'prod')]);
      await ok('PUT', '/scheduler/schedules/weekly/tags', [tag('team', 'ops')]);
      await ok('PUT', '/scheduler/schedules/weekly/tags', [tag('team', 'data')]); // replaces
      assert.deepEqual((await ok('GET', '/scheduler/schedules/weekly/tags')).json, [tag('team', 'data')]);
      await ok('DELETE', '/scheduler/schedules/nightly/tags', [tag('env', 'prod')]);
      assert.deepEqual((await ok('GET', '/scheduler/schedules/nightly/tags')).json, [tag('team', 'ops')]);

      const names = (answer: { json: unknown }) =>
        (answer.json as Array<{ name: string }>).map((s) => s.name);
      assert.deepEqual(names(await ok('GET', '/scheduler/schedules?tagKey=team&tagValue=ops')), ['nightly']);
      assert.deepEqual(names(await ok('GET', '/scheduler/schedules/tag?tag=team:data')), ['weekly']);
      assert.equal((await send('GET', '/scheduler/schedules/tag?tag=nocolon')).status, 400);
      assert.equal((await send('GET', '/scheduler/schedules/missing/tags')).status, 404);

      // A schedule deleted and created again starts without tags.
      assert.equal((await send('DELETE', '/scheduler/schedules/nightly')).status, 204);
      await ok('POST', '/scheduler/schedules', schedule('nightly'));
      assert.deepEqual((await ok('GET', '/scheduler/schedules/nightly/tags')).json, []);
    });
  });
}
