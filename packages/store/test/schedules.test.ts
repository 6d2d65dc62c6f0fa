import assert from 'node:assert/strict';
import {
  parseScheduleExecutionQuery,
  type WorkflowSchedule,
  type WorkflowScheduleExecutionModel,
} from '@baton/protocol';
import { forEachStore } from './support/stores.js';

const schedule = (
  name: string,
  workflowName: string,
  extra: Partial<WorkflowSchedule> = {},
): WorkflowSchedule => ({
  name,
  cronExpression: '* * * * * *',
  runCatchupScheduleInstances: false,
  paused: false,
  zoneId: 'UTC',
  startWorkflowRequest: { name: workflowName, input: { a: 1 } },
  ...extra,
});

const execution = (
  scheduleName: string,
  scheduledTime: number,
  extra: Partial<WorkflowScheduleExecutionModel> = {},
): WorkflowScheduleExecutionModel =>
  // As JSON keeps it: no undefined fields.
  JSON.parse(
    JSON.stringify({
      executionId: `${scheduleName}-${scheduledTime}`,
      scheduleName,
      scheduledTime,
      executionTime: scheduledTime + 5,
      workflowName: 'flow',
      workflowId: `wf-${scheduledTime}`,
      startWorkflowRequest: { name: 'flow' },
      state: 'EXECUTED',
      zoneId: 'UTC',
      orgId: '0000',
      ...extra,
    }),
  ) as WorkflowScheduleExecutionModel;

const query = (q: string, freeText = '*', start = 0, size = 100, sort: string[] = []) =>
  parseScheduleExecutionQuery(q, freeText, start, size, sort);

forEachStore('schedules are saved, listed by workflow, replaced and deleted', async (t, { store, rows }) => {
  await store.transact(async (tx) => {
    await tx.putSchedule(schedule('b', 'flow', { nextRunTime: 2000 }));
    await tx.putSchedule(schedule('a', 'flow', { nextRunTime: 1000, description: 'first' }));
    await tx.putSchedule(schedule('c', 'other'));
  });
  assert.deepEqual(
    await store.getSchedule('a'),
    schedule('a', 'flow', { nextRunTime: 1000, description: 'first' }),
  );
  assert.equal((await store.getSchedule('c'))?.nextRunTime, undefined);
  assert.equal(await store.getSchedule('none'), undefined);
  assert.deepEqual(
    (await store.listSchedules()).map((s) => s.name),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    (await store.listSchedules('flow')).map((s) => s.name),
    ['a', 'b'],
  );
  await store.transact((tx) => tx.putSchedule(schedule('a', 'other', { paused: true, nextRunTime: 1500 })));
  assert.deepEqual(
    (await store.listSchedules('other')).map((s) => [s.name, s.paused, s.nextRunTime]),
    [
      ['a', true, 1500],
      ['c', false, undefined],
    ],
  );
  // The next tick lives in its own column only.
  const [stored] = await rows<{ json: string }>("SELECT json FROM schedules WHERE name = 'a'");
  assert.equal('nextRunTime' in JSON.parse(stored!.json), false);
  assert.equal(await store.transact((tx) => tx.deleteSchedule('a')), true);
  assert.equal(await store.transact((tx) => tx.deleteSchedule('a')), false);
  assert.equal(await store.getSchedule('a'), undefined);
});

forEachStore(
  'due schedules: unpaused, with a tick at or before now, earliest first',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.putSchedule(schedule('late', 'flow', { nextRunTime: 900 }));
      await tx.putSchedule(schedule('early', 'flow', { nextRunTime: 100 }));
      await tx.putSchedule(schedule('exact', 'flow', { nextRunTime: 1000 }));
      await tx.putSchedule(schedule('future', 'flow', { nextRunTime: 1001 }));
      await tx.putSchedule(schedule('paused', 'flow', { nextRunTime: 50, paused: true }));
      await tx.putSchedule(schedule('ended', 'flow'));
    });
    assert.deepEqual(await store.dueSchedules(1000, 10), ['early', 'late', 'exact']);
    assert.deepEqual(await store.dueSchedules(1000, 2), ['early', 'late']);
    assert.equal(await store.transact((tx) => tx.claimSchedule('future', 1000)), undefined);
    assert.equal(await store.transact((tx) => tx.claimSchedule('paused', 1000)), undefined);
    assert.equal((await store.transact((tx) => tx.claimSchedule('exact', 1000)))?.nextRunTime, 1000);
  },
);

forEachStore(
  'a tick is recorded once, and moves the next tick in the same transaction',
  async (t, { store }) => {
    await store.transact((tx) => tx.putSchedule(schedule('s', 'flow', { nextRunTime: 1000 })));
    const first = await store.transact(async (tx) => {
      const claimed = await tx.claimSchedule('s', 1000);
      assert.equal(claimed?.nextRunTime, 1000);
      return tx.recordScheduleRun(execution('s', 1000), 2000);
    });
    assert.equal(first, true);
    assert.equal((await store.getSchedule('s'))?.nextRunTime, 2000);
    assert.equal(await store.transact((tx) => tx.claimSchedule('s', 1999)), undefined);

    // The same tick again (a re-run, another server): refused, and the next tick is not moved.
    const again = await store.transact((tx) =>
      tx.recordScheduleRun(execution('s', 1000, { executionId: 'other-id' }), 5000),
    );
    assert.equal(again, false);
    assert.equal((await store.getSchedule('s'))?.nextRunTime, 2000);

    // No further tick: the schedule is never due again.
    await store.transact((tx) => tx.recordScheduleRun(execution('s', 2000), undefined));
    assert.equal((await store.getSchedule('s'))?.nextRunTime, undefined);
    assert.deepEqual(await store.dueSchedules(Number.MAX_SAFE_INTEGER, 10), []);
    const page = await store.searchScheduleExecutions(query('s'));
    assert.deepEqual(
      page.results.map((e) => [e.executionId, e.scheduledTime]),
      [
        ['s-2000', 2000],
        ['s-1000', 1000],
      ],
    );
  },
);

forEachStore('a rolled-back tick leaves the schedule due and unrecorded', async (t, { store }) => {
  await store.transact((tx) => tx.putSchedule(schedule('s', 'flow', { nextRunTime: 1000 })));
  await assert.rejects(
    store.transact(async (tx) => {
      await tx.claimSchedule('s', 1000);
      await tx.recordScheduleRun(execution('s', 1000), 2000);
      throw new Error('the workflow did not start');
    }),
    /did not start/,
  );
  assert.equal((await store.getSchedule('s'))?.nextRunTime, 1000);
  assert.equal((await store.searchScheduleExecutions(query(''))).totalHits, 0);
});

forEachStore('execution search filters, sorts and pages', async (t, { store }) => {
  await store.transact(async (tx) => {
    await tx.putSchedule(schedule('nightly', 'flow', { nextRunTime: 1 }));
    await tx.putSchedule(schedule('hourly', 'report', { nextRunTime: 1 }));
    await tx.recordScheduleRun(execution('nightly', 100), 1);
    await tx.recordScheduleRun(
      execution('nightly', 200, { state: 'FAILED', workflowId: undefined, reason: 'No such workflow' }),
      1,
    );
    await tx.recordScheduleRun(execution('nightly', 300), 1);
    await tx.recordScheduleRun(execution('hourly', 150, { workflowName: 'report' }), 1);
  });
  const ids = async (q: ReturnType<typeof query>) =>
    (await store.searchScheduleExecutions(q)).results.map((e) => e.executionId);
  assert.deepEqual(await ids(query('')), ['nightly-300', 'nightly-200', 'hourly-150', 'nightly-100']);
  assert.deepEqual(await ids(query('scheduleName IN (nightly) AND state IN (FAILED)')), ['nightly-200']);
  assert.deepEqual(await ids(query('scheduledTime>100 AND scheduledTime<300')), [
    'nightly-200',
    'hourly-150',
  ]);
  assert.deepEqual(await ids(query('workflowName=report')), ['hourly-150']);
  assert.deepEqual(await ids(query('executionId=nightly-100')), ['nightly-100']);
  assert.deepEqual(await ids(query('', 'SUCH work')), ['nightly-200']);
  assert.deepEqual(await ids(query('', 'hour')), ['hourly-150']);
  assert.deepEqual(await ids(query('', '100%')), []);
  assert.deepEqual(await ids(query('', '*', 0, 100, ['scheduleName:ASC', 'scheduledTime:DESC'])), [
    'hourly-150',
    'nightly-300',
    'nightly-200',
    'nightly-100',
  ]);
  const page = await store.searchScheduleExecutions(query('nightly', '*', 1, 1, ['scheduledTime']));
  assert.deepEqual([page.totalHits, page.results.map((e) => e.executionId)], [3, ['nightly-200']]);
  const failed = (await store.searchScheduleExecutions(query('state IN (FAILED)'))).results[0];
  assert.deepEqual(
    failed,
    execution('nightly', 200, { state: 'FAILED', workflowId: undefined, reason: 'No such workflow' }),
  );
});

forEachStore(
  'two servers claiming one due schedule: one gets it, the other skips it',
  async (t, { store, reopen, kind }) => {
    if (kind === 'sqlite') return; // one process owns an SQLite file: its transactions never overlap
    const other = await reopen();
    await store.transact((tx) => tx.putSchedule(schedule('s', 'flow', { nextRunTime: 1000 })));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let claimedFirst!: () => void;
    const claimed = new Promise<void>((resolve) => (claimedFirst = resolve));
    const first = store.transact(async (tx) => {
      const s = await tx.claimSchedule('s', 1000);
      claimedFirst();
      await held;
      return tx.recordScheduleRun(execution('s', 1000), 2000).then(() => s?.name);
    });
    await claimed;
    assert.equal(await other.transact((tx) => tx.claimSchedule('s', 1000)), undefined);
    release();
    assert.equal(await first, 's');
    assert.equal(await other.transact((tx) => tx.claimSchedule('s', 1500)), undefined);
    assert.equal((await other.transact((tx) => tx.claimSchedule('s', 2000)))?.nextRunTime, 2000);
  },
);
