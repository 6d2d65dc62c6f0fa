/**
 * A large payload measured off the event loop is stored before the transaction that names it (off the loop too),
 * pending until that transaction settles it. Settled once, named by later writes; swept before any transaction
 * named it, stored again by the one that does; left pending by a run that rolled back, settled by the next run.
 * Both stores.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import type { JsonObject, Workflow } from '@baton/protocol';
import type { Store } from '@baton/store';
import { openStore } from '../src/open-store.js';
import { ExternalPayloads, rememberPayloadJson } from '../src/payloads/external-payloads.js';
import { payloadLimits } from '../src/payloads/payload-limits.js';
import { PENDING_PAYLOAD_TTL_MS, Sweeper } from '../src/runtime/sweeper.js';
import { freshDatabase, STORES } from './support/databases.js';
import { execution, storedInput } from './support/stored-executions.js';

/** Inputs above 1 KB are stored externally. */
const payloads = new ExternalPayloads(payloadLimits({ workflowInputPayloadSizeThreshold: '1KB' }));
const EVERYTHING = Number.MAX_SAFE_INTEGER;

/** A payload as the body worker hands it over: measured, with its JSON bytes. */
function measured(blob: string): JsonObject {
  const payload = { blob };
  const bytes = Buffer.from(JSON.stringify(payload));
  rememberPayloadJson(payload, bytes.length, bytes);
  return payload;
}

async function create(store: Store, workflow: Workflow, fail = false): Promise<void> {
  const run = await store.transact(async (tx) => {
    const run = payloads.wrap(tx, 1);
    await run.tx.createWorkflow(workflow);
    if (fail) throw new Error('fails after naming it: rolled back');
    return run;
  });
  run.committed();
}

for (const kind of STORES) {
  void test(`a payload stored ahead is settled by its transaction and named by later writes [${kind}]`, async (t) => {
    const store = await openStore({ db: await freshDatabase(t, kind) });
    t.after(() => store.close());
    const input = measured('a'.repeat(5_000));
    assert.equal(payloads.storesAhead('WORKFLOW_INPUT', input), true);
    await payloads.storeAhead(store, 'WORKFLOW_INPUT', input);
    assert.equal(payloads.storesAhead('WORKFLOW_INPUT', input), false, 'stored once');
    // A run that rolls back leaves it pending; the next run settles it.
    await assert.rejects(create(store, execution('w1', input), true), /rolled back/);
    await create(store, execution('w1', input));
    const { path, payload } = await storedInput(store, 'w1');
    assert.deepEqual(payload, input);
    assert.equal(await store.sweepPendingPayloads(EVERYTHING, 100), 0, 'settled: nothing pending');
    await store.transact(async (tx) => {
      await payloads.wrap(tx, 2).tx.updateWorkflow({ ...execution('w1', input), status: 'COMPLETED' }, []);
    });
    assert.equal((await storedInput(store, 'w1')).path, path, 'named again, not stored again');
  });

  void test(`a payload swept before any transaction named it is stored again by the one that does [${kind}]`, async (t) => {
    const store = await openStore({ db: await freshDatabase(t, kind) });
    t.after(() => store.close());
    const input = measured('b'.repeat(5_000));
    await payloads.storeAhead(store, 'WORKFLOW_INPUT', input);
    assert.equal(await store.sweepPendingPayloads(EVERYTHING, 100), 1);
    await create(store, execution('w2', input));
    assert.deepEqual((await storedInput(store, 'w2')).payload, input);
    assert.equal(await store.sweepPendingPayloads(EVERYTHING, 100), 0);
  });

  void test(`the sweeper drops payloads pending for longer than its TTL, in batches, and nothing else [${kind}]`, async (t) => {
    const store = await openStore({ db: await freshDatabase(t, kind) });
    t.after(() => store.close());
    const now = Date.now();
    const old = now - PENDING_PAYLOAD_TTL_MS - 1;
    for (let n = 0; n < 150; n++)
      await store.storeExternalPayload(`task/output/old-${n}.json`, Buffer.from('{}'), old, true);
    await store.storeExternalPayload('task/output/young.json', Buffer.from('{}'), now, true);
    await store.storeExternalPayload('task/output/upload.json', Buffer.from('{}'), old, false);
    const sweeper = new Sweeper(
      store,
      () => Promise.resolve(),
      pino({ level: 'silent' }),
      () => now,
    );
    assert.equal(await sweeper.sweepPayloads(now), 150, 'two batches, all of the old ones');
    assert.equal(await store.getExternalPayload('task/output/old-149.json'), undefined);
    assert.ok(await store.getExternalPayload('task/output/young.json'));
    assert.ok(await store.getExternalPayload('task/output/upload.json'));
    assert.equal(await sweeper.sweepPayloads(now), 0);
  });

  void test(`only a measured payload above its threshold and within its limit is stored ahead [${kind}]`, () => {
    const small = { blob: 'c'.repeat(500) };
    rememberPayloadJson(small, 512, Buffer.from(JSON.stringify(small)));
    const unmeasured = { blob: 'd'.repeat(5_000) };
    const limited = new ExternalPayloads(
      payloadLimits({
        workflowInputPayloadSizeThreshold: '1KB',
        maxWorkflowInputPayloadSizeThreshold: '2KB',
      }),
    );
    assert.equal(payloads.storesAhead('WORKFLOW_INPUT', small), false);
    assert.equal(payloads.storesAhead('WORKFLOW_INPUT', unmeasured), false);
    assert.equal(limited.storesAhead('WORKFLOW_INPUT', measured('e'.repeat(5_000))), false);
    assert.equal(payloads.storesAhead('WORKFLOW_INPUT', undefined), false);
  });
}
