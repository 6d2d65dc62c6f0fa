/** Worker settings from environment variables, read as the Python SDK reads them (a controlled env object). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker, workerSettingsFromEnv, type Logger } from '../src/index.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

void describe('workerSettingsFromEnv', () => {
  it('reads every setting, per worker and for all workers, in both spellings', () => {
    const env = {
      CONDUCTOR_WORKER_ALL_POLL_INTERVAL: '250',
      'conductor.worker.all.thread_count': '8',
      CONDUCTOR_WORKER_SEND_EMAIL_DOMAIN: 'payments',
      'conductor.worker.send_email.worker_id': 'pod-7',
      CONDUCTOR_WORKER_ALL_REGISTER_TASK_DEF: 'yes',
      CONDUCTOR_WORKER_ALL_OVERWRITE_TASK_DEF: 'false',
      CONDUCTOR_WORKER_ALL_POLL_TIMEOUT: '200',
      CONDUCTOR_WORKER_ALL_LEASE_EXTEND_ENABLED: 'on',
    };
    assert.deepEqual(workerSettingsFromEnv('send_email', env), {
      pollIntervalMs: 250,
      domain: 'payments',
      workerId: 'pod-7',
      concurrency: 8,
      registerTaskDef: true,
      overwriteTaskDef: false,
      pollTimeoutMs: 200,
      leaseExtendEnabled: true,
    });
    assert.deepEqual(
      workerSettingsFromEnv('other_task', env).domain,
      undefined,
      'per-worker stays per worker',
    );
  });

  it('lets a per-worker variable beat an all-workers one, whatever the spelling', () => {
    const env = {
      'conductor.worker.all.domain': 'staging',
      CONDUCTOR_WORKER_ALL_THREAD_COUNT: '2',
      CONDUCTOR_WORKER_PROCESS_ORDER_DOMAIN: 'canary',
      conductor_worker_process_order_thread_count: '20',
    };
    assert.deepEqual(workerSettingsFromEnv('process_order', env), { domain: 'canary', concurrency: 20 });
    assert.deepEqual(workerSettingsFromEnv('ship', env), { domain: 'staging', concurrency: 2 });
  });

  it('follows the Python lookup order within each level', () => {
    const perWorker = {
      'conductor.worker.t.domain': 'dotted',
      conductor_worker_t_domain: 'old',
      CONDUCTOR_WORKER_T_DOMAIN: 'upper',
    };
    assert.equal(workerSettingsFromEnv('t', perWorker).domain, 'dotted');
    const { 'conductor.worker.t.domain': _dotted, ...withoutDotted } = perWorker;
    assert.equal(workerSettingsFromEnv('t', withoutDotted).domain, 'old');
    // The mixed form keeps the task's own case.
    assert.equal(workerSettingsFromEnv('MixedCase', { CONDUCTOR_WORKER_MixedCase_DOMAIN: 'm' }).domain, 'm');

    const global = {
      'conductor.worker.all.domain': 'dotted',
      CONDUCTOR_WORKER_ALL_DOMAIN: 'upper',
      conductor_worker_domain: 'old',
      CONDUCTOR_WORKER_DOMAIN: 'oldest',
    };
    assert.equal(workerSettingsFromEnv('t', global).domain, 'dotted');
    assert.equal(workerSettingsFromEnv('t', { CONDUCTOR_WORKER_DOMAIN: 'oldest' }).domain, 'oldest');
  });

  it('reads the poll interval under its old names too', () => {
    assert.equal(
      workerSettingsFromEnv('t', { CONDUCTOR_WORKER_T_POLLING_INTERVAL: '40' }).pollIntervalMs,
      40,
    );
    assert.equal(
      workerSettingsFromEnv('t', { conductor_worker_polling_interval: '0.5' }).pollIntervalMs,
      0.5,
    );
  });

  it('ignores a number that does not parse, with a warning, and reads anything but true/1/yes/on as false', () => {
    const warnings: string[] = [];
    const logger = { ...quiet, warn: (m: string) => warnings.push(m) };
    const env = {
      CONDUCTOR_WORKER_ALL_THREAD_COUNT: 'many',
      CONDUCTOR_WORKER_ALL_REGISTER_TASK_DEF: 'TRUE!',
    };
    assert.deepEqual(workerSettingsFromEnv('t', env, logger), { registerTaskDef: false });
    assert.deepEqual(warnings, ['Ignoring CONDUCTOR_WORKER_ALL_THREAD_COUNT=many: not a number']);
  });

  it('gives nothing for an empty environment', () => {
    assert.deepEqual(workerSettingsFromEnv('t', {}), {});
  });
});

void describe('Worker.withSettings', () => {
  it('overrides the code with the environment and keeps the rest', () => {
    const coded = new Worker(
      { taskDefName: 'greet', concurrency: 5, pollIntervalMs: 1000, domain: 'dev' },
      () => 'hi',
    );
    const deployed = coded.withSettings(
      workerSettingsFromEnv('greet', { CONDUCTOR_WORKER_ALL_DOMAIN: 'prod' }),
    );
    assert.ok(deployed instanceof Worker);
    assert.equal(deployed.domain, 'prod');
    assert.equal(deployed.concurrency, 5);
    assert.equal(deployed.pollIntervalMs, 1000);
    assert.equal(deployed.execute, coded.execute);
    assert.equal(coded.domain, 'dev', 'the original is unchanged');
  });

  it('keeps concurrency and poll timeout in range', () => {
    const w = new Worker({ taskDefName: 't' }, () => 1).withSettings({
      concurrency: 0,
      pollTimeoutMs: 60_000,
    });
    assert.equal(w.concurrency, 1);
    assert.equal(w.pollTimeoutMs, 5000);
  });
});
