/**
 * Secrets end to end: sealed at rest, `${workflow.secrets.NAME}` filled in only on the copy handed to the HTTP
 * executor, so the target gets the value while the stored execution, the API and search only ever show the
 * reference (and what the task reports back is masked). Also the `/api/secrets` endpoints and the environment
 * allow-list.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type BatonServer } from '../src/start-server.js';
import { SECRETS_KEY } from './support/auth.js';
import { freshDatabase, STORES } from './support/databases.js';
import { freshServer } from './support/servers.js';

const SECRET = 'tok-3f9c1d7e-very-secret';
const REFERENCE = '${workflow.secrets.API_TOKEN}';

let target: Server;
let targetUrl: string;
const received: IncomingHttpHeaders[] = [];

before(async () => {
  // Echoes the headers it got, so the task's output would carry the secret if nothing masked it.
  target = createServer((req, res) => {
    received.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ sawAuthorization: req.headers.authorization, region: req.headers['x-region'] }));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/echo`;
});

after(() => new Promise<void>((resolve) => target.close(() => resolve())));

async function call(server: BatonServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

for (const kind of STORES) {
  void describe(`on ${kind}`, () => {
    void it('an HTTP task gets the secret in its header; execution, API and search show it masked', async (t) => {
      const db = await freshDatabase(t, kind);
      process.env.BATON_TEST_REGION = 'eu-north';
      const server = await startServer({
        port: 0,
        db,
        logLevel: 'silent',
        uiDir: false,
        secretsKey: SECRETS_KEY,
        envAllow: ['BATON_TEST_REGION'],
      });
      t.after(() => server.close());

      assert.equal((await call(server, 'PUT', '/api/secrets/API_TOKEN', SECRET)).status, 200);
      assert.equal((await call(server, 'GET', '/api/secrets/API_TOKEN/exists')).text, 'true');
      assert.equal((await call(server, 'GET', '/api/secrets/API_TOKEN')).text, SECRET);
      assert.deepEqual(JSON.parse((await call(server, 'GET', '/api/secrets')).text), ['API_TOKEN']);
      assert.deepEqual(JSON.parse((await call(server, 'GET', '/api/environment')).text), [
        { name: 'BATON_TEST_REGION', value: 'eu-north', tags: [] },
      ]);
      // Sealed at rest: the stored value is not the secret.
      assert.ok(!(await server.store.getSecret('API_TOKEN'))!.includes(SECRET));

      await call(server, 'POST', '/api/metadata/workflow', {
        name: 'call_with_secret',
        version: 1,
        schemaVersion: 2,
        tasks: [
          {
            name: 'call',
            taskReferenceName: 'call',
            type: 'HTTP',
            inputParameters: {
              http_request: {
                uri: targetUrl,
                method: 'GET',
                headers: {
                  Authorization: `Bearer ${REFERENCE}`,
                  'X-Region': '${workflow.env.BATON_TEST_REGION}',
                },
              },
            },
          },
        ],
      });
      const started = await call(server, 'POST', '/api/workflow/call_with_secret', {});
      const workflowId = started.text;
      let execution = '';
      for (;;) {
        execution = (await call(server, 'GET', `/api/workflow/${workflowId}?includeTasks=true`)).text;
        if (JSON.parse(execution).status !== 'RUNNING') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(JSON.parse(execution).status, 'COMPLETED', execution);

      // The target got the values ...
      assert.equal(received.at(-1)?.authorization, `Bearer ${SECRET}`);
      assert.equal(received.at(-1)?.['x-region'], 'eu-north');
      // ... the execution keeps the references, and the echoed secret in the output is masked.
      assert.ok(!execution.includes(SECRET), execution);
      const task = JSON.parse(execution).tasks[0];
      assert.equal(task.inputData.http_request.headers.Authorization, `Bearer ${REFERENCE}`);
      assert.equal(task.outputData.response.body.sawAuthorization, 'Bearer ***');
      assert.ok(!(await call(server, 'GET', `/api/tasks/${task.taskId}`)).text.includes(SECRET));

      for (const path of ['/api/tasks/search', '/api/workflow/search', '/api/workflow/search-by-tasks']) {
        const found = JSON.parse((await call(server, 'GET', `${path}?freeText=${SECRET}`)).text);
        assert.equal(found.totalHits, 0, `${path} found the secret`);
      }
      const byReference = JSON.parse(
        (await call(server, 'GET', `/api/tasks/search?freeText=API_TOKEN`)).text,
      );
      assert.equal(byReference.totalHits, 1, 'the reference itself stays searchable');

      if (kind === 'sqlite') {
        // Nothing on disk holds the secret in plain text.
        await server.close();
        const dir = dirname(db);
        for (const file of readdirSync(dir))
          assert.ok(!readFileSync(join(dir, file)).includes(SECRET), `${file} holds the secret`);
      }
    });

    void it('tags a secret (GET, PUT replaces, DELETE removes the listed ones); deleting it drops them', async (t) => {
      const server = await freshServer(t, kind, {
        secretsKey: SECRETS_KEY,
      });
      const tags = async (): Promise<unknown> =>
        JSON.parse((await call(server, 'GET', '/api/secrets/DB_PASS/tags')).text);

      assert.equal((await call(server, 'GET', '/api/secrets/DB_PASS/tags')).status, 404);
      assert.equal(
        (await call(server, 'PUT', '/api/secrets/DB_PASS/tags', [{ key: 'a', value: 'b' }])).status,
        404,
      );
      await call(server, 'PUT', '/api/secrets/DB_PASS', 'pw');
      const put = [
        { key: 'team', value: 'data' },
        { key: 'env', type: 'METADATA', value: 'prod' },
      ];
      assert.equal((await call(server, 'PUT', '/api/secrets/DB_PASS/tags', put)).status, 200);
      assert.deepEqual(await tags(), [
        { key: 'env', type: 'METADATA', value: 'prod' },
        { key: 'team', type: 'METADATA', value: 'data' },
      ]);
      await call(server, 'PUT', '/api/secrets/DB_PASS/tags', [{ key: 'team', value: 'ops' }]);
      assert.deepEqual(await tags(), [{ key: 'team', type: 'METADATA', value: 'ops' }]);

      const bad = await call(server, 'PUT', '/api/secrets/DB_PASS/tags', [
        { key: 'team', value: 'x' },
        { value: 'x' },
      ]);
      assert.equal(bad.status, 400);
      assert.equal(JSON.parse(bad.text).validationErrors[0].path, '[1]');
      assert.deepEqual(await tags(), [{ key: 'team', type: 'METADATA', value: 'ops' }]);
      // Orkes has no POST on secret tags.
      assert.equal(
        (await call(server, 'POST', '/api/secrets/DB_PASS/tags', { key: 'a', value: 'b' })).status,
        404,
      );

      await call(server, 'DELETE', '/api/secrets/DB_PASS/tags', [{ key: 'team', value: 'ops' }]);
      assert.deepEqual(await tags(), []);

      await call(server, 'PUT', '/api/secrets/DB_PASS/tags', [{ key: 'team', value: 'ops' }]);
      assert.equal((await call(server, 'DELETE', '/api/secrets/DB_PASS')).status, 200);
      assert.deepEqual(await server.store.getTags('secret', 'DB_PASS'), []);
    });

    void it('refuses to store a secret without a key, and says how to configure one', async (t) => {
      const server = await freshServer(t, kind);
      const refused = await call(server, 'PUT', '/api/secrets/X', 'value');
      assert.equal(refused.status, 501);
      assert.match(JSON.parse(refused.text).message, /BATON_SECRETS_KEY/);
      assert.equal((await call(server, 'GET', '/api/secrets/X/exists')).text, 'false');
    });
  });
}
