/** SecretClient against a real Baton server holding a secrets key: every method, and a server without a key. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type BatonServer } from '@baton/server';
import { ConductorError, Configuration, OrkesClients, type SecretClient } from '../src/index.js';
import { unique } from './support/baton.js';

/** A Baton on a temporary SQLite file; `secretsKey` as the server takes it (undefined: none). */
async function startBaton(
  secretsKey: string | undefined,
): Promise<{ server: BatonServer; secrets: SecretClient; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'baton-sdk-secrets-'));
  const server = await startServer({
    port: 0,
    db: join(dir, 'baton.db'),
    logLevel: 'silent',
    uiDir: false,
    secretsKey,
  });
  const clients = new OrkesClients(new Configuration({ serverApiUrl: `${server.url}/api`, env: {} }));
  return {
    server,
    secrets: clients.getSecretClient(),
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const isStatus = (status: number) => (e: unknown) => e instanceof ConductorError && e.status === status;

void describe('SecretClient', () => {
  let baton: Awaited<ReturnType<typeof startBaton>>;
  let secrets: SecretClient;
  before(async () => {
    baton = await startBaton(randomBytes(32).toString('hex'));
    secrets = baton.secrets;
  });
  after(() => baton.close());

  void it('puts, reads, replaces, lists and deletes a secret', async () => {
    const name = unique('API_TOKEN');
    assert.equal(await secrets.secretExists(name), false);

    await secrets.putSecret(name, 'tok "quoted" value');
    assert.equal(await secrets.secretExists(name), true);
    assert.equal(await secrets.getSecret(name), 'tok "quoted" value');
    assert.ok((await secrets.listAllSecretNames()).includes(name));
    assert.ok((await secrets.listSecretsThatUserCanGrantAccessTo()).includes(name));

    await secrets.putSecret(name, 'rotated');
    assert.equal(await secrets.getSecret(name), 'rotated');

    await secrets.deleteSecret(name);
    assert.equal(await secrets.secretExists(name), false);
    assert.ok(!(await secrets.listAllSecretNames()).includes(name));
    await assert.rejects(secrets.getSecret(name), isStatus(404));
    await assert.rejects(secrets.deleteSecret(name), isStatus(404));
  });

  void it('keeps a value that looks like JSON as the text it is', async () => {
    const name = unique('DB_CONFIG');
    const value = JSON.stringify({ host: 'db.example.com', port: 5432 });
    await secrets.putSecret(name, value);
    assert.equal(await secrets.getSecret(name), value);
  });

  void it('sets, reads and deletes the tags of a secret; deleting the secret drops them', async () => {
    const name = unique('TAGGED');
    await assert.rejects(secrets.getSecretTags(name), isStatus(404));
    await secrets.putSecret(name, 'v');
    assert.deepEqual(await secrets.getSecretTags(name), []);

    await secrets.setSecretTags(
      [
        { key: 'team', value: 'payments' },
        { key: 'env', value: 'prod' },
      ],
      name,
    );
    assert.deepEqual(await secrets.getSecretTags(name), [
      { key: 'env', type: 'METADATA', value: 'prod' },
      { key: 'team', type: 'METADATA', value: 'payments' },
    ]);
    // PUT replaces the whole set.
    await secrets.setSecretTags([{ key: 'team', value: 'billing' }], name);
    assert.deepEqual(await secrets.getSecretTags(name), [
      { key: 'team', type: 'METADATA', value: 'billing' },
    ]);

    await secrets.setSecretTags(
      [
        { key: 'team', value: 'billing' },
        { key: 'tier', value: 'gold' },
      ],
      name,
    );
    await secrets.deleteSecretTags([{ key: 'tier', value: 'gold' }], name);
    assert.deepEqual(await secrets.getSecretTags(name), [
      { key: 'team', type: 'METADATA', value: 'billing' },
    ]);
    await assert.rejects(secrets.setSecretTags([{ key: '', value: 'x' }], name), isStatus(400));

    await secrets.deleteSecret(name);
    await secrets.putSecret(name, 'again');
    assert.deepEqual(await secrets.getSecretTags(name), []);
  });

  void it('reports a bad name with the field path', async () => {
    await assert.rejects(secrets.putSecret('has space', 'x'), (e) => {
      assert.ok(isStatus(400)(e));
      assert.equal((e as ConductorError).validationErrors[0]?.path, 'key');
      return true;
    });
  });
});

void describe('SecretClient on a server without a secrets key', () => {
  void it('cannot store a secret (501) yet answers the name list (empty)', async (t) => {
    const baton = await startBaton(undefined);
    t.after(() => baton.close());
    await assert.rejects(baton.secrets.putSecret(unique('NOPE'), 'x'), isStatus(501));
    assert.deepEqual(await baton.secrets.listAllSecretNames(), []);
  });
});
