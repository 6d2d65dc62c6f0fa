// The per-lane limit of the system-task runner: what it admits, and how long it holds back the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LaneLimits, MAX_LANE_POSTPONE_MS, MIN_LANE_POSTPONE_MS } from '../src/runtime/lane-limits.js';
import { systemTask } from './system-task-fixture.js';

const call = (host: string) => systemTask('HTTP', { uri: `http://${host}/x`, method: 'GET' });
const hostOf = (task: ReturnType<typeof call>) => new URL(String(task.inputData.uri)).host;

void test('a lane admits up to its limit per hand-out and in all; other lanes are not affected', () => {
  const lanes = new LaneLimits({ of: hostOf, limit: 2 });
  const admit = lanes.admission();
  assert.equal(admit(call('slow')), undefined);
  assert.equal(admit(call('slow')), undefined);
  assert.equal(admit(call('slow')), MIN_LANE_POSTPONE_MS, 'full with this hand-out alone: back soon');
  assert.equal(admit(call('fast')), undefined);

  // Once they run, the next hand-out counts them.
  const slot = lanes.start(call('slow'));
  lanes.start(call('slow'));
  assert.notEqual(lanes.admission()(call('slow')), undefined);
  lanes.end(slot);
  assert.equal(lanes.admission()(call('slow')), undefined);
});

void test('refused tasks wait in line: the n-th about n / limit times as long as the lane has been busy', () => {
  let now = 0;
  const lanes = new LaneLimits({ of: hostOf, limit: 2 }, () => now);
  lanes.start(call('slow'));
  lanes.start(call('slow'));
  now = 1000; // the lane's calls have taken a second so far
  const admit = lanes.admission();
  const waits = Array.from({ length: 6 }, () => admit(call('slow')));
  assert.deepEqual(waits, [1000, 1000, 2000, 2000, 3000, 3000]);
  // A task back from waiting leaves its place in line; a lane held for ever waits at most the longest.
  now = 1_000_000;
  assert.equal(lanes.admission()(call('slow')), MAX_LANE_POSTPONE_MS);
});
