// Cron ticks as the scheduler computes them: Spring's 6 fields, zones across daylight saving, bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cronErrors, nextTick, nextTicks } from '../src/scheduler/cron.js';

const iso = (times: number[]) => times.map((t) => new Date(t).toISOString());
const at = (s: string) => Date.parse(s);

test('every second: strictly after the given instant, whole seconds', () => {
  const schedule = { cronExpression: '* * * * * *' };
  assert.equal(nextTick(schedule, at('2024-01-01T00:00:00.000Z')), at('2024-01-01T00:00:01.000Z'));
  assert.equal(nextTick(schedule, at('2024-01-01T00:00:00.999Z')), at('2024-01-01T00:00:01.000Z'));
});

test('a daily local time across both daylight-saving changes in New York', () => {
  const schedule = { cronExpression: '0 30 2 * * *', zoneId: 'America/New_York' };
  // 02:30 does not exist on 10 March 2024: that day runs at 03:00 EDT.
  assert.deepEqual(iso(nextTicks(schedule, at('2024-03-09T00:00:00Z'), 3)), [
    '2024-03-09T07:30:00.000Z',
    '2024-03-10T07:00:00.000Z',
    '2024-03-11T06:30:00.000Z',
  ]);
  // 01:30 happens twice on 3 November 2024: it runs once.
  assert.deepEqual(
    iso(nextTicks({ ...schedule, cronExpression: '0 30 1 * * *' }, at('2024-11-02T12:00:00Z'), 2)),
    ['2024-11-03T05:30:00.000Z', '2024-11-04T06:30:00.000Z'],
  );
});

test("Quartz's ? and Spring's AND of day-of-month and day-of-week", () => {
  assert.deepEqual(iso(nextTicks({ cronExpression: '0 0 12 ? * MON-FRI' }, at('2024-01-05T13:00:00Z'), 2)), [
    '2024-01-08T12:00:00.000Z',
    '2024-01-09T12:00:00.000Z',
  ]);
  // The 1st of a month that is a Monday (not every 1st and every Monday).
  assert.deepEqual(iso(nextTicks({ cronExpression: '0 0 0 1 * MON' }, at('2024-01-02T00:00:00Z'), 2)), [
    '2024-04-01T00:00:00.000Z',
    '2024-07-01T00:00:00.000Z',
  ]);
});

test('start and end bounds: a tick at the start counts, none after the end', () => {
  const start = at('2030-01-01T00:00:00Z');
  const schedule = {
    cronExpression: '0 0 0 * * *',
    scheduleStartTime: start,
    scheduleEndTime: start + 86_400_000,
  };
  assert.deepEqual(nextTicks(schedule, at('2024-01-01T00:00:00Z'), 5), [start, start + 86_400_000]);
  assert.equal(nextTick(schedule, start + 86_400_000), undefined);
});

test('expressions and zones are checked, with the field that is wrong', () => {
  assert.deepEqual(cronErrors('0 0 9 * * MON-FRI', 'Europe/Paris'), []);
  assert.deepEqual(
    cronErrors('0 9 * * *').map((e) => [e.path, e.message]),
    [['cronExpression', 'Cron expression must consist of 6 fields (found 5 in "0 9 * * *")']],
  );
  assert.deepEqual(
    cronErrors('0 0 25 * * *').map((e) => e.path),
    ['cronExpression'],
  );
  assert.deepEqual(
    cronErrors('0 0 9 * * *', 'Atlantis/Capital').map((e) => e.path),
    ['zoneId'],
  );
});
