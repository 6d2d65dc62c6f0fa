/** EventClient and the tag methods of MetadataClient and SchedulerClient against a real Baton server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConductorError, type EventHandler } from '../src/index.js';
import { startTestServer, unique, type TestServer } from './support/baton.js';

const tag = (key: string, value: string) => ({ key, type: 'METADATA' as const, value });

void describe('EventClient and tags', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  void it('registers, updates, reads, lists, tags and deletes an event handler', async () => {
    const events = server.clients.getEventClient();
    const name = unique('on_order');
    const event = `conductor:${unique('orders')}`;
    const handler: EventHandler = {
      name,
      event,
      actions: [{ action: 'start_workflow', start_workflow: { name: 'fulfil' } }],
      active: true,
    };
    await events.addEventHandler(handler);
    await events.updateEventHandler({ ...handler, active: false });
    assert.equal((await events.getEventHandler(name)).active, false);
    assert.ok((await events.getEventHandlers()).some((h) => h.name === name));
    assert.deepEqual(await events.getEventHandlersForEvent(event), []);
    assert.deepEqual(
      (await events.getEventHandlersForEvent(event, false)).map((h) => h.name),
      [name],
    );

    await events.putTagForEventHandler(name, [tag('team', 'shop')]);
    await events.putTagForEventHandler(name, [tag('env', 'prod')]);
    await events.deleteTagForEventHandler(name, [tag('team', 'shop')]);
    assert.deepEqual(await events.getTagsForEventHandler(name), [tag('env', 'prod')]);

    await events.removeEventHandler(name);
    await assert.rejects(events.getEventHandler(name), (err) => (err as ConductorError).status === 404);
  });

  void it('reads the event monitor: what a handler did with a message', async () => {
    const events = server.clients.getEventClient();
    const metadata = server.clients.getMetadataClient();
    const emitter = unique('emitter');
    const target = unique('target');
    const name = unique('on_emit');
    const event = `conductor:${emitter}:emit_ref`;
    await metadata.registerWorkflowDef({
      name: emitter,
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'emit',
          taskReferenceName: 'emit_ref',
          type: 'EVENT',
          sink: 'conductor',
          inputParameters: { order: '${workflow.input.order}' },
        },
      ],
    });
    await metadata.registerWorkflowDef({
      name: target,
      version: 1,
      schemaVersion: 2,
      tasks: [{ name: 'noop', taskReferenceName: 'noop', type: 'NOOP' }],
    });
    await events.addEventHandler({
      name,
      event,
      active: true,
      actions: [{ action: 'start_workflow', start_workflow: { name: target, input: { order: '${order}' } } }],
    });
    await server.clients.getWorkflowClient().startWorkflow({ name: emitter, input: { order: 42 } });

    let executions = await events.getEventExecutions(name);
    for (let attempt = 0; executions.length === 0 && attempt < 400; attempt++) {
      await sleep(25);
      executions = await events.getEventExecutions(name);
    }
    assert.deepEqual(
      executions.map((e) => [e.name, e.event, e.action, e.status, e.payload?.order]),
      [[name, event, 'start_workflow', 'COMPLETED', 42]],
    );
    assert.equal((await events.getEventExecutions(name, 600_000)).length, 1);

    const [message] = await events.getEventMessages(event);
    assert.ok(message);
    assert.equal(message.id, executions[0]?.messageId);
    assert.equal(message.status, 'HANDLED');
    assert.deepEqual(
      message.eventExecutions.map((e) => e.id),
      [executions[0]?.id],
    );

    const active = await events.getAllActiveEventHandlers();
    assert.deepEqual(
      active.results.find((h) => h.name === name),
      { name, event, active: true, numberOfActions: 1, numberOfMessages: 1 },
    );
    const withStats = await events.getEventHandlersWithStats();
    assert.equal(withStats.results.find((h) => h.name === name)?.numberOfMessages, 1);
  });

  void it('tags workflow definitions, task definitions and schedules', async () => {
    const metadata = server.clients.getMetadataClient();
    const workflowName = unique('tagged');
    const taskName = unique('tagged_task');
    await metadata.registerTaskDef({ name: taskName });
    await metadata.registerWorkflowDef({
      name: workflowName,
      version: 1,
      schemaVersion: 2,
      tasks: [{ name: taskName, taskReferenceName: 'work', type: 'SIMPLE' }],
    });

    await metadata.addWorkflowTag(tag('team', 'billing'), workflowName);
    await metadata.setWorkflowTags([tag('env', 'dev'), tag('team', 'ops')], workflowName);
    await metadata.deleteWorkflowTag(tag('env', 'dev'), workflowName);
    assert.deepEqual(await metadata.getWorkflowTags(workflowName), [tag('team', 'ops')]);

    await metadata.addTaskTag(tag('team', 'billing'), taskName);
    await metadata.setTaskTags([tag('tier', 'gold')], taskName);
    await metadata.addTaskTag(tag('env', 'prod'), taskName);
    await metadata.deleteTaskTag(tag('env', 'prod'), taskName);
    assert.deepEqual(await metadata.getTaskTags(taskName), [tag('tier', 'gold')]);

    const scheduler = server.clients.getSchedulerClient();
    const scheduleName = unique('nightly');
    await scheduler.saveSchedule({
      name: scheduleName,
      cronExpression: '0 0 2 * * *',
      paused: true,
      startWorkflowRequest: { name: workflowName, version: 1 },
    });
    await scheduler.setSchedulerTags([tag('team', 'ops'), tag('env', 'prod')], scheduleName);
    await scheduler.deleteSchedulerTags([tag('env', 'prod')], scheduleName);
    assert.deepEqual(await scheduler.getSchedulerTags(scheduleName), [tag('team', 'ops')]);
  });
});
