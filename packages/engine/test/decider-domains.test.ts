import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { domainFor } from '../src/decider/domains.js';
import { Harness, T0, simple, taskDef, workflowDef } from './support/harness.js';

function startWith(taskToDomain: Record<string, string>, polls: Record<string, number> = {}): Harness {
  const h = new Harness([taskDef('greet')]);
  for (const [queue, at] of Object.entries(polls)) h.lastPolls.set(queue, at);
  h.start(workflowDef([simple('greet')]), { taskToDomain });
  return h;
}

void describe('task domains (rule 12)', () => {
  void test('the first domain with a poll in the last 10 s wins, and the task is queued there', () => {
    const h = startWith({ greet: 'a,b,c' }, { 'a:greet': T0 - 10_000, 'b:greet': T0 - 9_999, 'c:greet': T0 });
    assert.equal(h.task('greet').domain, 'b');
    assert.deepEqual(h.commands('queueTask'), [
      { type: 'queueTask', queueName: 'b:greet', taskId: 'id-1', delayMs: 0, priority: 0 },
    ]);
  });

  void test('without an active domain the last entry is used', () => {
    const h = startWith({ greet: 'a, b' }, { 'a:greet': T0 - 60_000 });
    assert.equal(h.task('greet').domain, 'b');
    assert.equal(h.commands('queueTask')[0]!.queueName, 'b:greet');
  });

  void test('NO_DOMAIN as the last entry means the un-domained queue, and is never "active"', () => {
    const h = startWith({ greet: 'a,NO_DOMAIN' }, { 'NO_DOMAIN:greet': T0 });
    assert.equal('domain' in h.task('greet'), false);
    assert.equal(h.commands('queueTask')[0]!.queueName, 'greet');
  });

  void test('"*" applies to every worker task, a specific key overrides it', () => {
    assert.equal(startWith({ '*': 'all' }).task('greet').domain, 'all');
    assert.equal(startWith({ '*': 'all', greet: 'mine' }).task('greet').domain, 'mine');
    assert.equal(startWith({ other: 'x' }).task('greet').domain, undefined);
  });

  void test('retries pick their domain again', () => {
    const h = new Harness([taskDef('greet', { retryCount: 1, retryDelaySeconds: 0 })]);
    h.start(workflowDef([simple('greet')]), { taskToDomain: { greet: 'a,b' } });
    assert.equal(h.task('greet').domain, 'b');
    h.lastPolls.set('a:greet', h.now);
    h.fail('greet');
    assert.equal(h.task('greet').domain, 'a');
    assert.equal(h.commands('queueTask')[0]!.queueName, 'a:greet');
  });

  void test('only worker tasks are domain-mapped (system tasks never are)', () => {
    const h = new Harness();
    h.lastPolls.set('x:HTTP', h.now);
    assert.equal(domainFor({ execution: 'worker' }, { '*': 'x' }, 'HTTP', h.ctx), 'x');
    assert.equal(domainFor({ execution: 'async' }, { '*': 'x' }, 'HTTP', h.ctx), undefined);
    assert.equal(domainFor({ execution: 'sync' }, { HTTP: 'x' }, 'HTTP', h.ctx), undefined);
  });
});
