import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WorkflowSchedule } from '@baton/protocol';
import { startServer, type BatonServer } from '@baton/server';
import { assertError, httpApi } from './http-api.js';
import {
  assertConsecutiveSeconds,
  assertOneWorkflowPerTick,
  everySecond,
  executionsOf,
  scheduledWorkflow,
  waitForExecutions,
} from './scheduler-fixture.js';
import { createDatabase, STORES, type TestDatabase } from './support/databases.js';

for (const kind of STORES) {
  void describe(`scheduler on ${kind}`, () => {
    let server: BatonServer;
    let database: TestDatabase;
    const api = httpApi(() => server.url);

    before(async () => {
      database = await createDatabase(kind);
      server = await startServer({ port: 0, db: database.db, logLevel: 'silent', uiDir: false });
      await api.ok('POST', '/metadata/workflow', scheduledWorkflow('ticked'));
    });
    after(async () => {
      await server.close();
      await database.drop();
    });

    test('a schedule is saved with its next tick, read, listed, paused, resumed and deleted', async () => {
      const saved = (
        await api.ok('POST', '/scheduler/schedules', {
          name: 'nightly',
          cronExpression: '0 30 2 ? * MON-FRI',
          zoneId: 'America/New_York',
          description: 'weekday report',
          startWorkflowRequest: { name: 'ticked', input: { a: 1 } },
        })
      ).json as WorkflowSchedule;
      assert.equal(saved.paused, false);
      assert.equal(saved.runCatchupScheduleInstances, false);
      assert.equal(saved.zoneId, 'America/New_York');
      const next = new Date(saved.nextRunTime!);
      // 02:30 in New York is 06:30 or 07:30 UTC (DST), on a weekday.
      assert.ok([6, 7].includes(next.getUTCHours()) && next.getUTCMinutes() === 30, next.toISOString());
      assert.ok(next.getTime() > saved.updatedTime!);
      assert.deepEqual((await api.ok('GET', '/scheduler/schedules/nightly')).json, saved);

      await api.ok('POST', '/scheduler/schedules', { ...everySecond('other', 'elsewhere'), paused: true });
      const names = (answer: { json: unknown }) => (answer.json as WorkflowSchedule[]).map((s) => s.name);
      assert.deepEqual(names(await api.ok('GET', '/scheduler/schedules?workflowName=ticked')), ['nightly']);
      assert.deepEqual(names(await api.ok('GET', '/scheduler/schedules')).sort(), ['nightly', 'other']);

      await api.ok('GET', '/scheduler/schedules/nightly/pause?reason=maintenance');
      const paused = (await api.ok('GET', '/scheduler/schedules/nightly')).json as WorkflowSchedule;
      assert.deepEqual([paused.paused, paused.pausedReason], [true, 'maintenance']);
      assert.equal(paused.createTime, saved.createTime);
      await api.ok('PUT', '/scheduler/schedules/nightly/resume');
      const resumed = (await api.ok('GET', '/scheduler/schedules/nightly')).json as WorkflowSchedule;
      assert.deepEqual([resumed.paused, resumed.pausedReason], [false, undefined]);
      assertError(
        await api.send('GET', '/scheduler/schedules/nightly/resume'),
        404,
        /Schedule 'nightly' not found/,
      );

      const bulk = (await api.ok('PUT', '/scheduler/bulk/pause', ['nightly', 'missing'])).json as {
        bulkSuccessfulResults: string[];
        bulkErrorResults: Record<string, string>;
      };
      assert.deepEqual(bulk.bulkSuccessfulResults, ['nightly']);
      assert.match(bulk.bulkErrorResults.missing!, /not found/);

      await api.ok('DELETE', '/scheduler/schedules/nightly', undefined, 204);
      await api.ok('DELETE', '/scheduler/schedules/other', undefined, 204);
      assertError(await api.send('GET', '/scheduler/schedules/nightly'), 404, /Schedule 'nightly' not found/);
      assertError(await api.send('PUT', '/scheduler/schedules/nightly/pause'), 404, /not found/);
    });

    test('bad schedules are refused with the field paths, and nothing is saved', async () => {
      const errors = async (body: unknown) => {
        const answer = await api.send('POST', '/scheduler/schedules', body);
        assertError(answer, 400, /Validation failed/);
        return (answer.json as { validationErrors: { path: string }[] }).validationErrors.map((e) => e.path);
      };
      assert.deepEqual(await errors({ name: 'bad' }), ['cronExpression', 'startWorkflowRequest']);
      assert.deepEqual(await errors({ ...everySecond('bad', 'ticked'), cronExpression: '* * * * *' }), [
        'cronExpression',
      ]);
      assert.deepEqual(await errors({ ...everySecond('bad', 'ticked'), cronExpression: '61 * * * * *' }), [
        'cronExpression',
      ]);
      assert.deepEqual(await errors({ ...everySecond('bad', 'ticked'), zoneId: 'Mars/Olympus' }), ['zoneId']);
      assert.deepEqual(
        await errors({ ...everySecond('bad', 'ticked'), scheduleStartTime: 10, scheduleEndTime: 5 }),
        ['scheduleEndTime'],
      );
      assert.deepEqual(
        await errors({ ...everySecond('bad', 'ticked'), startWorkflowRequest: { input: {} } }),
        ['startWorkflowRequest.name'],
      );
      assertError(await api.send('GET', '/scheduler/schedules/bad'), 404, /not found/);
    });

    test('the next few ticks of an expression, in a zone and within bounds', async () => {
      const ticks = (query: string) =>
        api.ok('GET', `/scheduler/nextFewSchedules?${query}`).then((a) => a.json as number[]);
      const noon = await ticks(
        `cronExpression=${encodeURIComponent('0 0 12 * * *')}&zoneId=Asia/Kolkata&limit=3`,
      );
      assert.equal(noon.length, 3);
      for (const [i, t] of noon.entries()) {
        assert.equal(new Date(t).toISOString().slice(11), '06:30:00.000Z');
        if (i > 0) assert.equal(t - noon[i - 1]!, 86_400_000);
      }
      const start = Date.UTC(2100, 0, 1);
      const bounded = await ticks(
        `cronExpression=${encodeURIComponent('0 0 0 * * *')}&scheduleStartTime=${start}&scheduleEndTime=${start + 86_400_000}`,
      );
      assert.deepEqual(bounded, [start, start + 86_400_000]);
      assert.equal((await ticks(`cronExpression=${encodeURIComponent('* * * * * *')}&limit=50`)).length, 5);
      assertError(await api.send('GET', '/scheduler/nextFewSchedules'), 400, /cronExpression/);
      assertError(
        await api.send('GET', '/scheduler/nextFewSchedules?cronExpression=nonsense'),
        400,
        /Validation failed/,
      );
    });

    test('a schedule of every second starts one workflow per second with its tick in the input', async () => {
      const saved = (await api.ok('POST', '/scheduler/schedules', everySecond('each-second', 'ticked')))
        .json as WorkflowSchedule;
      await waitForExecutions(api, 'each-second', (records) => records.length >= 3);
      await api.ok('GET', '/scheduler/schedules/each-second/pause');
      const records = await executionsOf(api, 'each-second');
      assert.equal(
        records[0]!.scheduledTime,
        saved.nextRunTime,
        'the first tick is the one announced on save',
      );
      assertConsecutiveSeconds(records);
      await assertOneWorkflowPerTick(api, 'each-second', 'ticked', records);
      // Paused: no tick fires any more (the one in flight when pausing is recorded above).
      const last = (await api.ok('GET', '/scheduler/schedules/each-second')).json as WorkflowSchedule;
      assert.equal(last.paused, true);
      await api.ok('DELETE', '/scheduler/schedules/each-second', undefined, 204);
    });

    test('a tick whose workflow cannot start is recorded FAILED with the reason, and the schedule goes on', async () => {
      await api.ok('POST', '/scheduler/schedules', everySecond('orphan', 'no_such_workflow'));
      const records = await waitForExecutions(api, 'orphan', (r) => r.length >= 2);
      await api.ok('DELETE', '/scheduler/schedules/orphan', undefined, 204);
      for (const r of records) {
        assert.equal(r.state, 'FAILED');
        assert.equal(r.workflowId, undefined);
        assert.match(r.reason!, /No such workflow found by name: no_such_workflow/);
      }
      assert.equal(records[1]!.scheduledTime - records[0]!.scheduledTime, 1000);
      const failed = (
        await api.ok(
          'GET',
          `/scheduler/search/executions?query=${encodeURIComponent('state IN (FAILED)')}&freeText=orphan`,
        )
      ).json as { totalHits: number };
      assert.ok(failed.totalHits >= 2);
      assertError(
        await api.send(
          'GET',
          `/scheduler/search/executions?query=${encodeURIComponent('scheduledTime>soon')}`,
        ),
        400,
        /Invalid scheduledTime/,
      );
    });

    test('the admin pause stops firing on this server until the admin resume', async () => {
      assert.deepEqual((await api.ok('GET', '/scheduler/admin/pause')).json, { schedulerPaused: true });
      const held = (await api.ok('POST', '/scheduler/schedules', everySecond('held', 'ticked')))
        .json as WorkflowSchedule;
      // Let its first tick come and go (plus a few passes of the poller): it must not fire.
      while (Date.now() < held.nextRunTime! + 500) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(await executionsOf(api, 'held'), []);
      const still = (await api.ok('GET', '/scheduler/schedules/held')).json as WorkflowSchedule;
      assert.equal(still.nextRunTime, held.nextRunTime);
      assert.deepEqual((await api.ok('GET', '/scheduler/admin/resume')).json, { schedulerPaused: false });
      await waitForExecutions(api, 'held', (r) => r.length >= 1);
      await api.ok('DELETE', '/scheduler/schedules/held', undefined, 204);
      assert.deepEqual((await api.ok('GET', '/scheduler/admin/requeue')).json, {
        'recordIds.size': 0,
        sampleIds: [],
      });
    });
  });
}
