import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DatabaseInUseError, openSqliteStore } from '../src/index.js';
import { openTempStore } from './helpers.js';

void test('a second store on a file another one owns is refused, naming the file and the owner pid', async (t) => {
  const { store, path } = await openTempStore(t);
  await store.transact((tx) => tx.putTaskDef({ name: 'kept' }));
  const sizeBefore = statSync(path).size;
  await assert.rejects(openSqliteStore({ path }), (err: unknown) => {
    assert.ok(err instanceof DatabaseInUseError);
    assert.equal(err.ownerPid, process.pid);
    assert.match(
      err.message,
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use .*pid ${process.pid}`),
    );
    assert.doesNotMatch(err.message, /\n/);
    return true;
  });
  assert.equal(statSync(path).size, sizeBefore);
  // The owner goes on working, and once it closed, the file can be opened again.
  await store.transact((tx) => tx.putTaskDef({ name: 'still' }));
  await store.close();
  const again = await openSqliteStore({ path });
  t.after(() => again.close());
  assert.deepEqual((await again.listTaskDefs()).map((d) => d.name).sort(), ['kept', 'still']);
});

void test('a refused store does not create a database file that did not exist', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'baton.db');
  const owner = await openSqliteStore({ path });
  t.after(() => owner.close());
  rmSync(path); // as if the owner had not created it yet: the refused one must not either
  await assert.rejects(openSqliteStore({ path }), DatabaseInUseError);
  assert.equal(existsSync(path), false);
  assert.equal(readFileSync(`${path}.lock.pid`, 'utf8').trim(), String(process.pid));
});
