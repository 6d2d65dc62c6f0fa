import assert from 'node:assert/strict';
import type { AccessKeyRecord, Application } from '../src/index.js';
import { forEachStore } from './support/stores.js';

const app = (id: string, name: string, roles: string[] = ['WORKER']): Application => ({
  id,
  name,
  roles,
  createdBy: 'admin',
  createTime: 1,
  updateTime: 1,
});

const key = (id: string, applicationId: string, createdAt: number): AccessKeyRecord => ({
  id,
  applicationId,
  secretHash: `scrypt$salt$${id}`,
  status: 'ACTIVE',
  createdAt,
});

forEachStore(
  'applications round-trip, sorted by name; deleting one deletes its keys',
  async (t, { store }) => {
    await store.transact(async (tx) => {
      await tx.putApplication(app('b-id', 'zeta'));
      await tx.putApplication(app('a-id', 'alpha', ['ADMIN']));
      await tx.putAccessKey(key('k2', 'b-id', 2));
      await tx.putAccessKey(key('k1', 'b-id', 1));
      await tx.putAccessKey(key('k3', 'a-id', 3));
    });
    assert.deepEqual(
      (await store.listApplications()).map((a) => a.name),
      ['alpha', 'zeta'],
    );
    assert.deepEqual(await store.getApplication('a-id'), app('a-id', 'alpha', ['ADMIN']));
    assert.deepEqual(
      (await store.listAccessKeys('b-id')).map((k) => k.id),
      ['k1', 'k2'],
    );
    assert.deepEqual(await store.getAccessKey('k3'), key('k3', 'a-id', 3));

    await store.transact((tx) => tx.putApplication({ ...app('b-id', 'zeta'), roles: ['USER'] }));
    assert.deepEqual((await store.getApplication('b-id'))?.roles, ['USER']);
    await store.transact((tx) => tx.putAccessKey({ ...key('k1', 'b-id', 1), status: 'INACTIVE' }));
    assert.equal((await store.getAccessKey('k1'))?.status, 'INACTIVE');

    assert.equal(await store.transact((tx) => tx.deleteApplication('b-id')), true);
    assert.equal(await store.transact((tx) => tx.deleteApplication('b-id')), false);
    assert.equal(await store.getAccessKey('k1'), undefined);
    assert.deepEqual(await store.listAccessKeys('b-id'), []);
    assert.equal(await store.transact((tx) => tx.deleteAccessKey('k3')), true);
    assert.equal(await store.transact((tx) => tx.deleteAccessKey('k3')), false);
    t.diagnostic('applications and keys done');
  },
);

forEachStore('secrets are stored as given, listed by name and deleted', async (_t, { store, rows }) => {
  await store.transact(async (tx) => {
    await tx.putSecret('b', 'sealed-b');
    await tx.putSecret('a', 'sealed-a');
  });
  await store.transact((tx) => tx.putSecret('a', 'sealed-a2'));
  assert.deepEqual(await store.listSecretNames(), ['a', 'b']);
  assert.equal(await store.getSecret('a'), 'sealed-a2');
  assert.deepEqual(await rows<{ value: string }>("SELECT value FROM secrets WHERE name = 'a'"), [
    { value: 'sealed-a2' },
  ]);
  assert.equal(await store.transact((tx) => tx.deleteSecret('a')), true);
  assert.equal(await store.transact((tx) => tx.deleteSecret('a')), false);
  assert.equal(await store.getSecret('a'), undefined);
});

forEachStore(
  'a server key is generated once: the first stored value wins everywhere',
  async (_t, { store, reopen }) => {
    assert.equal(await store.getServerKey('signing'), undefined);
    assert.equal(await store.transact((tx) => tx.ensureServerKey('signing', 'first')), 'first');
    assert.equal(await store.transact((tx) => tx.ensureServerKey('signing', 'second')), 'first');
    await store.close().catch(() => undefined);
    const other = await reopen();
    assert.equal(await other.transact((tx) => tx.ensureServerKey('signing', 'third')), 'first');
    assert.equal(await other.getServerKey('signing'), 'first');
  },
);
