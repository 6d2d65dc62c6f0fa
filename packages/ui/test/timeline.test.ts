// The timeline's bars: waiting and working parts on one axis, running tasks up to now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeline } from '../src/timeline/bars.js';
import { simple, task } from './support/tasks.js';

void test('bars sit on the run’s span as percentages', () => {
  const tasks = [
    task(simple('a'), 'COMPLETED', { scheduledTime: 1000, startTime: 1000, endTime: 2000 }),
    task(simple('b'), 'COMPLETED', { scheduledTime: 2000, startTime: 3000, endTime: 5000 }),
  ];
  const model = buildTimeline(tasks, 99_999);
  assert.equal(model.from, 1000);
  assert.equal(model.to, 5000);
  assert.deepEqual(
    model.bars.map((b) => [b.scheduledAt, b.startedAt, b.endedAt]),
    [
      [0, 0, 25],
      [25, 50, 100],
    ],
  );
  assert.equal(model.ticks.length, 5);
  assert.equal(model.ticks[0]?.label, '0');
  assert.equal(model.ticks.at(-1)?.label, '+4.00 s');
});

void test('a running task reaches now; a waiting one has no working part yet', () => {
  const tasks = [
    task(simple('a'), 'IN_PROGRESS', { scheduledTime: 0 + 1000, startTime: 2000, endTime: 0 }),
    task(simple('b'), 'SCHEDULED', { scheduledTime: 3000, startTime: 0, endTime: 0 }),
  ];
  const model = buildTimeline(tasks, 5000);
  assert.deepEqual(model.bars[0], {
    ...model.bars[0],
    scheduledAt: 0,
    startedAt: 25,
    endedAt: 100,
    running: true,
  });
  assert.equal(model.bars[1]?.startedAt, model.bars[1]?.scheduledAt);
});

void test('no scheduled task, no bars', () => {
  assert.deepEqual(buildTimeline([], 10).bars, []);
});
