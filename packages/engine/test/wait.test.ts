import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WorkflowTask } from '@baton/protocol';
import { parseDuration, parseUntil } from '../src/index.js';
import { Harness, T0, simple, taskDef, workflowDef } from './support/harness.js';

const wait = (inputParameters: Record<string, unknown>): WorkflowTask => ({
  name: 'w',
  taskReferenceName: 'w',
  type: 'WAIT',
  inputParameters,
});

void describe('WAIT durations and instants', () => {
  void test('durations: units d, h, m, s in that order, long forms, any case, optional spaces', () => {
    const s = 1000;
    assert.equal(parseDuration('30s'), 30 * s);
    assert.equal(parseDuration('10m20s'), 620 * s);
    assert.equal(parseDuration('1 days 2 hours'), (24 + 2) * 3600 * s);
    assert.equal(parseDuration('1d 1h 1m 1s'), 90_061 * s);
    assert.equal(parseDuration('2 HRS 5 Mins'), (2 * 3600 + 300) * s);
    assert.equal(parseDuration('1 day 1 hr 1 minute 1 second'), 90_061 * s);
    assert.equal(parseDuration('3 secs'), 3 * s);
    assert.equal(parseDuration('30'), undefined, 'a unit is required');
    assert.equal(parseDuration('5s 1m'), undefined, 'units out of order');
    assert.equal(parseDuration('soon'), undefined);
  });

  void test('instants: with a zone, without one (local time), date only', () => {
    assert.equal(parseUntil('2030-01-02 03:04 UTC'), Date.UTC(2030, 0, 2, 3, 4));
    assert.equal(parseUntil('2030-01-02 03:04 GMT'), Date.UTC(2030, 0, 2, 3, 4));
    assert.equal(parseUntil('2030-01-02 03:04 PST'), Date.UTC(2030, 0, 2, 11, 4));
    assert.equal(parseUntil('2030-01-02 03:04 +05:30'), Date.UTC(2030, 0, 1, 21, 34));
    assert.equal(parseUntil('2030-01-02 03:04 GMT-0800'), Date.UTC(2030, 0, 2, 11, 4));
    assert.equal(parseUntil('2030-07-02 12:00 Europe/Paris'), Date.UTC(2030, 6, 2, 10, 0), 'summer time');
    assert.equal(parseUntil('2030-01-02 12:00 Europe/Paris'), Date.UTC(2030, 0, 2, 11, 0));
    assert.equal(parseUntil('2030-01-02 03:04'), new Date(2030, 0, 2, 3, 4).getTime());
    assert.equal(parseUntil('2030-01-02'), new Date(2030, 0, 2).getTime());
    for (const bad of [
      '2030-02-30',
      '2030-13-01',
      '2030-01-02 25:00',
      '2030-01-02T03:04',
      'tomorrow',
      '2030-01-02 03:04 Mars/Base',
    ]) {
      assert.equal(parseUntil(bad), undefined, bad);
    }
  });
});

void describe('WAIT', () => {
  void test('duration: IN_PROGRESS at once, the timer is set to its end, and a decide then completes it', () => {
    const h = new Harness([taskDef('next')]);
    h.start(workflowDef([wait({ duration: '1m 30s' }), simple('next')]));
    const task = h.task('w');
    assert.equal(task.status, 'IN_PROGRESS');
    assert.equal(task.startTime, T0);
    assert.equal(task.callbackAfterSeconds, 90);
    assert.deepEqual(h.commands('queueTask'), [], 'never queued for workers');
    assert.equal(h.timer(), T0 + 90_000);
    h.advance(89_999).tick();
    assert.equal(h.task('w').status, 'IN_PROGRESS');
    assert.equal(h.timer(), T0 + 90_000);
    h.advance(1).tick();
    assert.equal(h.task('w').status, 'COMPLETED');
    assert.equal(h.task('next').status, 'SCHEDULED');
  });

  void test('until: completes at that instant', () => {
    const h = new Harness();
    const until = new Date(T0 + 3_600_000);
    const text = `${until.toISOString().slice(0, 10)} ${until.toISOString().slice(11, 16)} UTC`;
    const at = Date.UTC(
      until.getUTCFullYear(),
      until.getUTCMonth(),
      until.getUTCDate(),
      until.getUTCHours(),
      until.getUTCMinutes(),
    );
    h.start(workflowDef([wait({ until: text })]));
    assert.equal(h.timer(), at);
    assert.equal(h.task('w').callbackAfterSeconds, Math.floor((at - T0) / 1000));
    h.now = at;
    h.tick();
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('an instant already past completes at once', () => {
    const h = new Harness();
    h.start(workflowDef([wait({ until: '2001-01-01 00:00 UTC' })]));
    assert.equal(h.workflow.status, 'COMPLETED');
  });

  void test('both duration and until, or an unreadable until, fail for good', () => {
    const both = new Harness();
    both.start(workflowDef([wait({ duration: '1s', until: '2030-01-01' })]));
    assert.equal(both.task('w').status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.equal(
      both.task('w').reasonForIncompletion,
      "Both 'duration' and 'until' specified. Please provide only one input",
    );
    assert.equal(both.workflow.status, 'FAILED');
    const bad = new Harness();
    bad.start(workflowDef([wait({ until: 'next tuesday' })]));
    assert.equal(bad.task('w').status, 'FAILED_WITH_TERMINAL_ERROR');
    assert.equal(
      bad.task('w').reasonForIncompletion,
      'Invalid/Unsupported Wait Until format.  Provided: next tuesday',
    );
  });

  void test('neither: waits for a task result, which can complete or fail it at any time', () => {
    const h = new Harness();
    h.start(workflowDef([wait({})]));
    assert.equal(h.task('w').status, 'IN_PROGRESS');
    assert.equal(h.timer(), null);
    h.complete('w', { signal: 'go' });
    assert.equal(h.workflow.status, 'COMPLETED');
    const failed = new Harness();
    failed.start(workflowDef([wait({ duration: '1 days' })]));
    failed.fail('w', 'cancelled by operator');
    assert.equal(failed.workflow.status, 'FAILED');
  });
});
