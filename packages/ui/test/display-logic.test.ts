// Pure display logic: times with their zone named, ISO beside epoch ms in JSON, a WAIT's wake-up, the task
// search request, and a colour of its own for every status in the stylesheet.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatTime } from '../src/format.js';
import { isEpochMsField, isoInZone } from '../src/json-time.js';
import { toTaskSearchParams, taskFiltersFromUrl } from '../src/search/task-filters.js';
import { TASK_STATUSES, WORKFLOW_STATUSES } from '../src/status.js';
import { waitWakesAt } from '../src/wait.js';
import { simple, task } from './support/tasks.js';

const MS = Date.UTC(2024, 5, 1, 10, 0, 0, 123);

void describe('times', () => {
  void test('UTC is shown as UTC, local time with the zone it is in', () => {
    assert.equal(formatTime(MS, 'utc'), '2024-06-01 10:00:00.123 UTC');
    assert.equal(formatTime('2024-06-01T10:00:00.123Z', 'utc'), '2024-06-01 10:00:00.123 UTC');
    const zone = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
      .formatToParts(new Date(MS))
      .find((p) => p.type === 'timeZoneName')!.value;
    assert.ok(formatTime(MS, 'local').endsWith(` ${zone}`), formatTime(MS, 'local'));
    assert.equal(formatTime(0, 'utc'), '—');
  });

  void test('epoch ms under a time key gets its ISO form; durations and other numbers do not', () => {
    assert.equal(isEpochMsField('startTime', MS), true);
    assert.equal(isEpochMsField('createdAt', MS), true);
    assert.equal(isEpochMsField('executionTime', 249), false, 'a duration');
    assert.equal(isEpochMsField('amount', MS), false);
    assert.equal(isEpochMsField('startTime', '2024'), false);
    assert.equal(isoInZone(MS, 'utc'), '2024-06-01T10:00:00.123Z');
    const local = isoInZone(MS, 'local');
    assert.match(local, /^2024-06-01T\d\d:\d\d:00\.123[+-]\d\d:\d\d$/);
    assert.equal(new Date(local).getTime(), MS, 'the local form names the same instant');
  });

  void test("a WAIT wakes at its start plus the server's callback delay, or only by a task update", () => {
    const wait = simple('nap', 'WAIT');
    const waiting = task(wait, 'IN_PROGRESS', {
      taskType: 'WAIT',
      startTime: MS,
      callbackAfterSeconds: 7200,
    });
    assert.equal(waitWakesAt(waiting), MS + 7_200_000);
    assert.equal(waitWakesAt({ ...waiting, callbackAfterSeconds: 2_147_483_647 }), null);
    assert.equal(waitWakesAt({ ...waiting, status: 'COMPLETED' }), undefined);
    assert.equal(waitWakesAt({ ...waiting, taskType: 'HUMAN' }), undefined);
  });
});

void describe('task search request', () => {
  void test('statuses become IN (...) ANDed with the query; the rest comes from the URL', () => {
    const filters = taskFiltersFromUrl(
      new URLSearchParams('text=card declined: insufficient&q=taskType = "WAIT"&status=FAILED,BOGUS&size=50'),
    );
    assert.deepEqual(toTaskSearchParams(filters), {
      start: 0,
      size: 50,
      freeText: 'card declined: insufficient',
      query: 'status IN (FAILED) AND (taskType = "WAIT")',
    });
    assert.deepEqual(toTaskSearchParams(taskFiltersFromUrl(new URLSearchParams())), {
      start: 0,
      size: 25,
      freeText: '*',
    });
  });
});

void describe('status colours', () => {
  void test('every workflow and task status has colours of its own', () => {
    const css = readFileSync(new URL('../src/styles.css', import.meta.url), 'utf8');
    const colours = new Map<string, string>();
    for (const status of new Set([...WORKFLOW_STATUSES, ...TASK_STATUSES])) {
      const rule = new RegExp(`\\.status-${status} \\{([^}]*)\\}`).exec(css);
      assert.ok(rule, `a rule of its own for ${status}`);
      const triple = ['fg', 'bg', 'line'].map(
        (part) => new RegExp(`--status-${part}: ([^;]+);`).exec(rule[1]!)?.[1],
      );
      const key = triple.join(' ');
      assert.ok(!colours.has(key), `${status} shares its colours with ${colours.get(key)}`);
      colours.set(key, status);
    }
  });
});
