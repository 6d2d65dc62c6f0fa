/**
 * Tokens outlive their server: the signing key is in the database, so a token stays valid after a restart and
 * on every server sharing a PostgreSQL database. A revoked key's tokens stop working at once; the generated
 * admin key is made (and shown) only on the very first start.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startServer } from '../src/start-server.js';
import { ADMIN_KEY, applicationWith, token } from './support/auth.js';
import { freshDatabase, STORES } from './support/databases.js';

const options = { port: 0, logLevel: 'silent', uiDir: false } as const;

async function status(baseUrl: string, tokenValue: string, path = '/api/metadata/taskdefs') {
  const response = await fetch(`${baseUrl}${path}`, { headers: { 'x-authorization': tokenValue } });
  const body = (await response.json()) as { error?: string };
  return `${response.status}${body.error ? ` ${body.error}` : ''}`;
}

void describe('tokens', () => {
  void it('stay valid across a restart; the admin key is generated on the first start only', async (t) => {
    const db = await freshDatabase(t, 'sqlite');
    const first = await startServer({ ...options, db, auth: true });
    const generated = first.generatedAdminKey;
    assert.ok(generated, 'an admin key is generated on the first start');
    const issued = await token(first.url, generated);
    await first.close();

    const second = await startServer({ ...options, db, auth: true });
    t.after(() => second.close());
    assert.equal(second.generatedAdminKey, undefined);
    assert.equal(await status(second.url, issued), '200');
  });

  if (STORES.includes('postgres')) {
    void it('issued by one server are accepted by another on the same PostgreSQL database', async (t) => {
      const db = await freshDatabase(t, 'postgres');
      const [a, b] = await Promise.all([
        startServer({ ...options, db, auth: { adminKey: ADMIN_KEY } }),
        startServer({ ...options, db, auth: { adminKey: ADMIN_KEY } }),
      ]);
      t.after(() => Promise.all([a.close(), b.close()]));
      assert.equal((await a.store.listApplications()).length, 1, 'one admin, bootstrapped once');
      assert.equal(await status(b.url, await token(a.url, ADMIN_KEY)), '200');
    });
  }

  void it('of a revoked or deactivated key are refused at once', async (t) => {
    const server = await startServer({
      ...options,
      db: await freshDatabase(t, 'sqlite'),
      auth: { adminKey: ADMIN_KEY },
    });
    t.after(() => server.close());
    const admin = await token(server.url, ADMIN_KEY);
    const { application, key } = await applicationWith(server.url, admin, 'reader', ['USER']);
    const issued = await token(server.url, key);
    assert.equal(await status(server.url, issued), '200');

    const toggle = `${server.url}/api/applications/${application.id}/accessKeys/${key.id}/status`;
    await fetch(toggle, { method: 'POST', headers: { 'x-authorization': admin } });
    assert.equal(await status(server.url, issued), '401 INVALID_TOKEN');
    const refused = await fetch(`${server.url}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keyId: key.id, keySecret: key.secret }),
    });
    assert.equal(refused.status, 401, 'an inactive key gets no token');

    await fetch(toggle, { method: 'POST', headers: { 'x-authorization': admin } });
    assert.equal(await status(server.url, issued), '200');
    await fetch(`${server.url}/api/applications/${application.id}/accessKeys/${key.id}`, {
      method: 'DELETE',
      headers: { 'x-authorization': admin },
    });
    assert.equal(await status(server.url, issued), '401 INVALID_TOKEN');
  });

  void it('carry the roles of their application: a removed role is refused, the UI reads them', async (t) => {
    const server = await startServer({
      ...options,
      db: await freshDatabase(t, 'sqlite'),
      auth: { adminKey: ADMIN_KEY },
    });
    t.after(() => server.close());
    const admin = await token(server.url, ADMIN_KEY);
    const { application, key } = await applicationWith(server.url, admin, 'meta', ['METADATA_MANAGER']);
    const issued = await token(server.url, key);
    const info = (await (
      await fetch(`${server.url}/api/token/userInfo`, { headers: { 'x-authorization': issued } })
    ).json()) as { name: string; roles: { name: string }[]; rights: string[] };
    assert.equal(info.name, 'meta');
    assert.deepEqual(
      info.roles.map((r) => r.name),
      ['METADATA_MANAGER'],
    );
    assert.ok(info.rights.includes('metadata:write') && !info.rights.includes('workflow:run'));

    await fetch(`${server.url}/api/applications/${application.id}/roles/METADATA_MANAGER`, {
      method: 'DELETE',
      headers: { 'x-authorization': admin },
    });
    assert.equal(await status(server.url, issued), '403 ACCESS_DENIED');
  });
});
