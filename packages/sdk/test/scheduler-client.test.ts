/** SchedulerClient against a real Baton server: every method, and a schedule that really fires. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConductorError, type SchedulerClient, type WorkflowScheduleExecutionModel } from '../src/index.js';
import { startTestServer, unique, type TestServer } from './support/baton.js';

void describe('SchedulerClient', () => {
  let server: TestServer;
  let scheduler: SchedulerClient;
  let workflowName: string;
  before(async () => {
    server = await startTestServer();
    scheduler = server.clients.getSchedulerClient();
    workflowName = unique('scheduled');
    await server.clients.getMetadataClient().registerWorkflowDef({
      name: workflowName,
      version: 1,
      tasks: [{ name: 'noted', taskReferenceName: 'noted_ref', type: 'SIMPLE' }],
      schemaVersion: 2,
    });
  });
  after(() => server.close());

  void it('saves, reads, lists, pauses, resumes and deletes schedules', async () => {
    const name = unique('nightly');
    const saved = await scheduler.saveSchedule({
      name,
      cronExpression: '0 0 2 * * *',
      zoneId: 'Europe/Berlin',
      startWorkflowRequest: { name: workflowName, version: 1, input: { full: true } },
    });
    assert.equal(saved.zoneId, 'Europe/Berlin');
    assert.ok([0, 1].includes(new Date(saved.nextRunTime!).getUTCHours()), 'two at night in Berlin');
    assert.deepEqual(await scheduler.getSchedule(name), saved);
    assert.deepEqual(
      (await scheduler.getAllSchedules(workflowName)).map((s) => s.name),
      [name],
    );
    assert.ok((await scheduler.getAllSchedules()).some((s) => s.name === name));

    await scheduler.pauseSchedule(name);
    assert.equal((await scheduler.getSchedule(name)).paused, true);
    await scheduler.resumeSchedule(name);
    assert.equal((await scheduler.getSchedule(name)).paused, false);

    await scheduler.deleteSchedule(name);
    await assert.rejects(scheduler.getSchedule(name), (e) => e instanceof ConductorError && e.status === 404);
  });

  void it('previews the next ticks of an expression within bounds', async () => {
    const start = Date.UTC(2100, 5, 1);
    const ticks = await scheduler.getNextFewScheduleExecutionTimes(
      '0 0 0 * * *',
      start,
      start + 2 * 86_400_000,
      5,
    );
    assert.deepEqual(ticks, [start, start + 86_400_000, start + 2 * 86_400_000]);
    await assert.rejects(
      scheduler.getNextFewScheduleExecutionTimes('every day'),
      (e) => e instanceof ConductorError && e.status === 400,
    );
  });

  void it('a schedule fires; its executions are found by search; admin pause, resume and requeue answer', async () => {
    const name = unique('each_second');
    await scheduler.saveSchedule({
      name,
      cronExpression: '* * * * * *',
      startWorkflowRequest: { name: workflowName, input: {} },
    });
    let found: WorkflowScheduleExecutionModel[] = [];
    for (let i = 0; i < 300 && found.length < 2; i++) {
      found = (
        await scheduler.searchScheduleExecutions({
          query: `scheduleName IN (${name})`,
          sort: 'scheduledTime:ASC',
        })
      ).results;
      if (found.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await scheduler.pauseSchedule(name);
    assert.ok(found.length >= 2);
    assert.equal(found[1]!.scheduledTime - found[0]!.scheduledTime, 1000);
    const workflow = await server.clients.getWorkflowClient().getWorkflow(found[0]!.workflowId!, false);
    assert.equal(workflow.input?._scheduledTime, found[0]!.scheduledTime);
    assert.equal(workflow.input?._startedByScheduler, name);

    const byText = await scheduler.searchScheduleExecutions({ freeText: name, size: 1 });
    assert.equal(byText.results.length, 1);
    assert.ok(byText.totalHits >= 2);

    assert.deepEqual(await scheduler.pauseAllSchedules(), { schedulerPaused: true });
    assert.deepEqual(await scheduler.resumeAllSchedules(), { schedulerPaused: false });
    assert.deepEqual(await scheduler.requeueAllExecutionRecords(), { 'recordIds.size': 0, sampleIds: [] });
    await scheduler.deleteSchedule(name);
  });
});
