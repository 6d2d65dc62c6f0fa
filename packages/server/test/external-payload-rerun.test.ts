/**
 * A store may run a transaction again (a deadlock or a stale execution on PostgreSQL, an undone group commit on
 * SQLite). A payload stored externally by a run that did not commit is not there: the next run must store it
 * again rather than name the path the undone run made, or the execution would point at nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../src/open-store.js';
import { ExternalPayloads } from '../src/payloads/external-payloads.js';
import { payloadLimits } from '../src/payloads/payload-limits.js';
import { freshDatabase, STORES } from './support/databases.js';
import { execution, storedInput } from './support/stored-executions.js';

/** Inputs above 1 KB are stored externally. */
const payloads = new ExternalPayloads(payloadLimits({ workflowInputPayloadSizeThreshold: '1KB' }));

for (const kind of STORES) {
  void test(`a payload stored by a run that did not commit is stored again by the next run [${kind}]`, async (t) => {
    const store = await openStore({ db: await freshDatabase(t, kind) });
    t.after(() => store.close());
    const input = { blob: 'x'.repeat(5_000) };
    await assert.rejects(
      store.transact(async (tx) => {
        await payloads.wrap(tx, 1).tx.createWorkflow(execution('w1', input));
        throw new Error('fails after storing: rolled back');
      }),
      /rolled back/,
    );
    // The same payload object, as a retried request would carry it.
    await store
      .transact(async (tx) => {
        const run = payloads.wrap(tx, 1);
        await run.tx.createWorkflow(execution('w1', input));
        return run;
      })
      .then((run) => run.committed());
    assert.deepEqual((await storedInput(store, 'w1')).payload, input);
  });

  void test(`a committed run's stored payload is named, not stored again, by later writes [${kind}]`, async (t) => {
    const store = await openStore({ db: await freshDatabase(t, kind) });
    t.after(() => store.close());
    const input = { blob: 'y'.repeat(5_000) };
    const first = await store.transact(async (tx) => {
      const run = payloads.wrap(tx, 1);
      await run.tx.createWorkflow(execution('w2', input));
      return run;
    });
    first.committed();
    const path = (await store.getWorkflow('w2', false))?.externalInputPayloadStoragePath;
    await store.transact(async (tx) => {
      const run = payloads.wrap(tx, 2);
      await run.tx.updateWorkflow({ ...execution('w2', input), status: 'COMPLETED', endTime: 2 }, []);
    });
    const after = await store.getWorkflow('w2', false);
    assert.equal(after?.status, 'COMPLETED');
    assert.equal(after?.externalInputPayloadStoragePath, path, 'the same path: not stored a second time');
    assert.deepEqual((await storedInput(store, 'w2')).payload, input);
  });
}
