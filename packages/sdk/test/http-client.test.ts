import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  ConductorConnectionError,
  ConductorError,
  Configuration,
  OrkesClients,
  type ConfigurationOptions,
} from '../src/index.js';
import { fakeJwt, startScriptedServer, type ScriptedServer } from './support/scripted-server.js';

const fastRetry: ConfigurationOptions['retry'] = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 };

function clientsFor(server: ScriptedServer, options: ConfigurationOptions = {}): OrkesClients {
  return new OrkesClients(new Configuration({ baseUrl: server.url, env: {}, retry: fastRetry, ...options }));
}

void describe('HTTP client: authentication', () => {
  const servers: ScriptedServer[] = [];
  after(async () => Promise.all(servers.map((s) => s.close())));

  void it('makes no token call without a key, and sends no auth header', async () => {
    const server = await startScriptedServer(() => ({ status: 200, body: [] }));
    servers.push(server);
    await clientsFor(server).getMetadataClient().getAllTaskDefs();
    assert.deepEqual(
      server.requests.map((r) => r.url),
      ['/api/metadata/taskdefs'],
    );
    assert.equal(server.requests[0]!.headers['x-authorization'], undefined);
  });

  void it('fetches a token once with the key and secret and sends it as X-Authorization', async () => {
    const token = fakeJwt(Math.floor(Date.now() / 1000) + 3600);
    const server = await startScriptedServer((r) =>
      r.url === '/api/token' ? { status: 200, body: { token } } : { status: 200, body: [] },
    );
    servers.push(server);
    const metadata = clientsFor(server, { authKey: 'id', authSecret: 'secret' }).getMetadataClient();
    await Promise.all([metadata.getAllTaskDefs(), metadata.getAllTaskDefs()]);
    await metadata.getAllWorkflowDefs();

    const tokenCalls = server.requests.filter((r) => r.url === '/api/token');
    assert.equal(tokenCalls.length, 1);
    assert.deepEqual(JSON.parse(tokenCalls[0]!.body), { keyId: 'id', keySecret: 'secret' });
    for (const r of server.requests.filter((x) => x.url !== '/api/token')) {
      assert.equal(r.headers['x-authorization'], token);
    }
  });

  void it('gets a new token when the server answers 401, and repeats the request with it', async () => {
    const tokens = [
      fakeJwt(Math.floor(Date.now() / 1000) + 3600, 'first'),
      fakeJwt(Math.floor(Date.now() / 1000) + 3600, 'second'),
    ];
    let issued = 0;
    const server = await startScriptedServer((r) => {
      if (r.url === '/api/token') return { status: 200, body: { token: tokens[issued++] } };
      return r.headers['x-authorization'] === tokens[1]
        ? { status: 200, body: { name: 't' } }
        : { status: 401, body: { status: 401, message: 'EXPIRED_TOKEN', retryable: false } };
    });
    servers.push(server);
    const def = await clientsFor(server, { authKey: 'id', authSecret: 'secret' })
      .getMetadataClient()
      .getTaskDef('t');
    assert.equal(def.name, 't');
    assert.equal(issued, 2);
  });

  void it('renews a token that is about to expire before using it again', async () => {
    let issued = 0;
    const server = await startScriptedServer((r) => {
      if (r.url !== '/api/token') return { status: 200, body: [] };
      issued++;
      // expires in 30 s: inside the renewal margin, so every use needs a fresh one
      return { status: 200, body: { token: fakeJwt(Math.floor(Date.now() / 1000) + 30, `t${issued}`) } };
    });
    servers.push(server);
    const metadata = clientsFor(server, { authKey: 'id', authSecret: 'secret' }).getMetadataClient();
    await metadata.getAllTaskDefs();
    await metadata.getAllTaskDefs();
    assert.equal(issued, 2);
  });

  void it('reports a refused key as a ConductorError with the status', async () => {
    const server = await startScriptedServer(() => ({
      status: 401,
      body: { status: 401, message: 'Invalid credentials', retryable: false },
    }));
    servers.push(server);
    const metadata = clientsFor(server, { authKey: 'id', authSecret: 'wrong' }).getMetadataClient();
    await assert.rejects(metadata.getAllTaskDefs(), (e: unknown) => {
      assert.ok(e instanceof ConductorError);
      assert.equal(e.status, 401);
      assert.match(e.message, /Invalid credentials/);
      return true;
    });
  });
});

void describe('HTTP client: errors and retries', () => {
  const servers: ScriptedServer[] = [];
  after(async () => Promise.all(servers.map((s) => s.close())));

  void it('retries 503 and 429 with backoff until the server answers', async () => {
    let calls = 0;
    const server = await startScriptedServer(() => {
      calls++;
      if (calls === 1) return { status: 503, text: 'unavailable' };
      if (calls === 2) return { status: 429, body: { status: 429, message: 'slow down', retryable: true } };
      return { status: 200, text: 'wf-1' };
    });
    servers.push(server);
    // start is not idempotent, yet 429/503 mean the server did nothing: safe to repeat
    const id = await clientsFor(server).getWorkflowClient().startWorkflow({ name: 'x' });
    assert.equal(id, 'wf-1');
    assert.equal(calls, 3);
  });

  void it('does not repeat a non-idempotent request after an ambiguous 502', async () => {
    const server = await startScriptedServer(() => ({ status: 502, text: 'bad gateway' }));
    servers.push(server);
    await assert.rejects(clientsFor(server).getWorkflowClient().startWorkflow({ name: 'x' }), ConductorError);
    assert.equal(server.requests.length, 1);
  });

  void it('repeats an idempotent request after a 502, up to the retry limit', async () => {
    const server = await startScriptedServer(() => ({ status: 502, text: 'bad gateway' }));
    servers.push(server);
    await assert.rejects(clientsFor(server).getMetadataClient().getAllTaskDefs(), (e: unknown) => {
      assert.ok(e instanceof ConductorError);
      assert.equal(e.status, 502);
      assert.equal(e.body, 'bad gateway');
      return true;
    });
    assert.equal(server.requests.length, 4);
  });

  void it('does not retry a 400 and carries its validation errors', async () => {
    const server = await startScriptedServer(() => ({
      status: 400,
      body: {
        status: 400,
        message: 'Validation failed, check below errors for detail.',
        retryable: false,
        validationErrors: [
          {
            path: 'registerTaskDef.taskDefinitions[0].name',
            message: 'TaskDef name cannot be null or empty',
          },
        ],
      },
    }));
    servers.push(server);
    await assert.rejects(
      clientsFor(server).getMetadataClient().registerTaskDef({ name: '' }),
      (e: unknown) => {
        assert.ok(e instanceof ConductorError);
        assert.equal(e.status, 400);
        assert.equal(e.serverMessage, 'Validation failed, check below errors for detail.');
        assert.equal(e.validationErrors.length, 1);
        assert.match(e.message, /TaskDef name cannot be null or empty/);
        return true;
      },
    );
    assert.equal(server.requests.length, 1);
  });

  void it('turns a refused connection into ConductorConnectionError after retrying', async () => {
    const server = await startScriptedServer(() => ({ status: 200 }));
    const url = server.url;
    await server.close();
    const clients = new OrkesClients(new Configuration({ baseUrl: url, env: {}, retry: fastRetry }));
    await assert.rejects(clients.getWorkflowClient().getWorkflow('x'), ConductorConnectionError);
  });

  void it('reads plain-text ids, and tolerates a JSON-quoted one', async () => {
    const server = await startScriptedServer((r) =>
      r.url.startsWith('/api/workflow/quoted')
        ? { status: 200, body: 'id-2' }
        : { status: 200, text: 'id-1' },
    );
    servers.push(server);
    const workflows = clientsFor(server).getWorkflowClient();
    assert.equal(await workflows.startWorkflow({ name: 'plain' }), 'id-1');
    assert.equal(await workflows.startWorkflowByName('quoted', {}), 'id-2');
  });
});
