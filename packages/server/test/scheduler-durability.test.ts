// The scheduler across process deaths and servers: real server processes, SIGKILLed and started again on the same
// database, and two servers sharing one PostgreSQL database. Assertions are on the ticks recorded and the
// workflows started, never on how long anything took.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpApi } from './http-api.js';
import {
  assertConsecutiveSeconds,
  assertOneWorkflowPerTick,
  everySecond,
  executionsOf,
  scheduledWorkflow,
  waitForExecutions,
} from './scheduler-fixture.js';
import { freshDatabase, STORES } from './support/databases.js';
import { killHard, spawnServer, type ServerProcess } from './support/server-process.js';

/** Whole seconds strictly between two instants: ticks of `* * * * * *` that certainly fell in that window. */
const secondsBetween = (from: number, to: number): number[] => {
  const ticks: number[] = [];
  for (let t = Math.floor(from / 1000) * 1000 + 1000; t < to; t += 1000) ticks.push(t);
  return ticks;
};

for (const kind of STORES) {
  void describe(`scheduler across a restart on ${kind}`, () => {
    test('ticks missed while the server was down follow runCatchupScheduleInstances', async (t) => {
      const db = await freshDatabase(t, kind);
      let server: ServerProcess = await spawnServer(db);
      t.after(() => killHard(server));
      const api = httpApi(() => server.url);
      await api.ok('POST', '/metadata/workflow', scheduledWorkflow('caught_up'));
      await api.ok('POST', '/metadata/workflow', scheduledWorkflow('gap_once'));
      await api.ok(
        'POST',
        '/scheduler/schedules',
        everySecond('all-missed', 'caught_up', { runCatchupScheduleInstances: true }),
      );
      await api.ok('POST', '/scheduler/schedules', everySecond('one-for-gap', 'gap_once'));
      await waitForExecutions(api, 'all-missed', (r) => r.length >= 1);
      await waitForExecutions(api, 'one-for-gap', (r) => r.length >= 1);

      await killHard(server);
      const killedAt = Date.now();
      await sleep(3500); // down for at least three ticks
      const restartedAt = Date.now();
      server = await spawnServer(db);
      const missed = secondsBetween(killedAt, restartedAt);
      assert.ok(missed.length >= 3);

      const current = (r: { scheduledTime: number }[]) => r.some((e) => e.scheduledTime >= restartedAt);
      await waitForExecutions(api, 'all-missed', current);
      await waitForExecutions(api, 'one-for-gap', current);
      await api.ok('GET', '/scheduler/schedules/all-missed/pause');
      await api.ok('GET', '/scheduler/schedules/one-for-gap/pause');

      // Catch-up: every missed tick fires, each with its own scheduled time.
      const all = await executionsOf(api, 'all-missed');
      const allTicks = all.map((e) => e.scheduledTime);
      for (const tick of missed) assert.ok(allTicks.includes(tick), `missed tick ${tick} fired`);
      assertConsecutiveSeconds(all);
      await assertOneWorkflowPerTick(api, 'all-missed', 'caught_up', all);

      // No catch-up: the whole gap gets one run, for the first tick missed; then the ticks after the restart.
      const gap = await executionsOf(api, 'one-for-gap');
      await assertOneWorkflowPerTick(api, 'one-for-gap', 'gap_once', gap);
      const lateRuns = gap.filter((e) => e.scheduledTime < restartedAt && e.executionTime >= restartedAt);
      assert.equal(lateRuns.length, 1, JSON.stringify(gap));
      const late = lateRuns[0]!.scheduledTime;
      const lastBeforeKill = gap.filter((e) => e.executionTime < killedAt).at(-1)!;
      assert.equal(late, lastBeforeKill.scheduledTime + 1000, 'the first missed tick');
      assert.deepEqual(
        gap.filter((e) => e.scheduledTime > late && e.scheduledTime < restartedAt),
        [],
        'no other missed tick ran',
      );
    });
  });
}

void describe(
  'scheduler with two servers on one PostgreSQL database',
  { skip: !STORES.includes('postgres') },
  () => {
    test('each tick starts its workflow once', async (t) => {
      const db = await freshDatabase(t, 'postgres');
      const servers = [await spawnServer(db), await spawnServer(db)];
      t.after(() => Promise.all(servers.map((s) => killHard(s))));
      const [a, b] = servers.map((s) => httpApi(() => s.url));
      await a!.ok('POST', '/metadata/workflow', scheduledWorkflow('shared'));
      await b!.ok('POST', '/scheduler/schedules', everySecond('shared-tick', 'shared'));
      await waitForExecutions(a!, 'shared-tick', (r) => r.length >= 6);
      await a!.ok('GET', '/scheduler/schedules/shared-tick/pause');
      const records = await executionsOf(b!, 'shared-tick');
      // Consecutive seconds, none twice, each with exactly one workflow, and no workflow besides.
      assertConsecutiveSeconds(records);
      await assertOneWorkflowPerTick(b!, 'shared-tick', 'shared', records);
    });
  },
);
