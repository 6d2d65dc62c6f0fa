import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Task } from '@baton/protocol';
import { CONCURRENCY_POSTPONE_MS, handOut, pollVerdict, queueNameFor } from '../src/index.js';
import { Harness, T0, simple, taskDef, workflowDef } from './support/harness.js';

const now = 1_000_000;

void describe('pollVerdict: concurrency cap (rule 13)', () => {
  const def = { name: 't', concurrentExecLimit: 2 };

  void test('hands out below the limit', () => {
    assert.deepEqual(pollVerdict(def, { inProgress: 1, recentHandouts: [] }, now), { handOut: true });
  });

  void test('postpones 1 s at the limit', () => {
    assert.deepEqual(pollVerdict(def, { inProgress: 2, recentHandouts: [] }, now), {
      handOut: false,
      postponeMs: CONCURRENCY_POSTPONE_MS,
    });
    assert.equal(CONCURRENCY_POSTPONE_MS, 1000);
  });

  void test('no limit without a definition or with 0', () => {
    assert.deepEqual(pollVerdict(undefined, { inProgress: 99, recentHandouts: [] }, now), { handOut: true });
    assert.deepEqual(
      pollVerdict({ name: 't', concurrentExecLimit: 0 }, { inProgress: 99, recentHandouts: [] }, now),
      { handOut: true },
    );
  });
});

void describe('pollVerdict: rate limit window (rule 13)', () => {
  const def = { name: 't', rateLimitPerFrequency: 2, rateLimitFrequencyInSeconds: 10 };

  void test('hands out while fewer than R hand-outs are in the window', () => {
    assert.deepEqual(pollVerdict(def, { inProgress: 0, recentHandouts: [now - 1000] }, now), {
      handOut: true,
    });
  });

  void test('postpones until the oldest hand-out leaves the window', () => {
    assert.deepEqual(pollVerdict(def, { inProgress: 0, recentHandouts: [now - 4000, now - 1000] }, now), {
      handOut: false,
      postponeMs: 6000,
    });
  });

  void test('hand-outs exactly W old have left the window', () => {
    assert.deepEqual(pollVerdict(def, { inProgress: 0, recentHandouts: [now - 10_000, now - 1000] }, now), {
      handOut: true,
    });
  });

  void test('waits for enough slots when more than R are recorded, at least 1 ms', () => {
    const verdict = pollVerdict(
      def,
      { inProgress: 0, recentHandouts: [now - 9000, now - 5000, now - 2000] },
      now,
    );
    assert.deepEqual(
      verdict,
      { handOut: false, postponeMs: 5000 },
      'two must leave: the second oldest leaves in 5 s',
    );
    assert.deepEqual(pollVerdict(def, { inProgress: 0, recentHandouts: [now, now] }, now), {
      handOut: false,
      postponeMs: 10_000,
    });
    assert.deepEqual(pollVerdict(def, { inProgress: 0, recentHandouts: [now - 9999.5, now] }, now), {
      handOut: false,
      postponeMs: 1,
    });
  });

  void test('frequency defaults to 1 s', () => {
    assert.deepEqual(
      pollVerdict(
        { name: 't', rateLimitPerFrequency: 1 },
        { inProgress: 0, recentHandouts: [now - 400] },
        now,
      ),
      {
        handOut: false,
        postponeMs: 600,
      },
    );
  });
});

void describe('handOut (rule 13)', () => {
  function scheduled(): Task {
    const h = new Harness([taskDef('t1')]);
    h.start(workflowDef([simple('t1')]));
    return h.task('t1');
  }

  void test('makes the task IN_PROGRESS with poll stamps, leaving the input untouched', () => {
    const task = scheduled();
    const frozen = structuredClone(task);
    const polled = handOut({ ...task, callbackAfterSeconds: 30 }, 'w-1', T0 + 2500);
    assert.deepEqual(task, frozen);
    assert.deepEqual(polled, {
      ...task,
      status: 'IN_PROGRESS',
      startTime: T0 + 2500,
      firstStartTime: T0 + 2500,
      workerId: 'w-1',
      pollCount: 1,
      callbackAfterSeconds: 0,
      updateTime: T0 + 2500,
      queueWaitTime: 2500,
    });
  });

  void test('a later poll moves startTime but keeps firstStartTime', () => {
    const first = handOut(scheduled(), 'w-1', T0 + 1000);
    const again = handOut({ ...first, status: 'SCHEDULED' }, undefined, T0 + 9000);
    assert.equal(again.startTime, T0 + 9000);
    assert.equal(again.firstStartTime, T0 + 1000);
    assert.equal(again.pollCount, 2);
    assert.equal(again.workerId, 'w-1');
  });
});

void describe('queueNameFor', () => {
  void test('is [domain:]taskType', () => {
    assert.equal(queueNameFor({ taskType: 'greet' }), 'greet');
    assert.equal(queueNameFor({ taskType: 'greet', domain: 'eu' }), 'eu:greet');
  });
});
