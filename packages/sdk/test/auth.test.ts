/**
 * Both SDKs against a Baton server started with auth: key id and secret in, tokens fetched from POST /api/token,
 * definitions registered, workers polling, workflows started, read and terminated, also after the token they
 * hold has expired (the official SDK refreshes on EXPIRED_TOKEN; Baton's renews before the expiry it reads).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  MetadataClient as OfficialMetadataClient,
  noopLogger,
  orkesConductorClient,
  TaskManager,
  WorkflowExecutor as OfficialWorkflowExecutor,
} from '@io-orkes/conductor-javascript';
import { Configuration, OrkesClients, silentLogger, TaskHandler, Worker } from '../src/index.js';
import { unique, waitForWorkflow } from './support/baton.js';

for (const key of ['CONDUCTOR_SERVER_URL', 'CONDUCTOR_AUTH_KEY', 'CONDUCTOR_AUTH_SECRET', 'CI']) {
  delete process.env[key];
}

interface AccessKey {
  id: string;
  secret: string;
}

/** The part of @baton/server this test uses. */
interface BatonServerModule {
  startServer(options: {
    port: number;
    db: string;
    logLevel: string;
    uiDir: false;
    auth: { adminKey: AccessKey; tokenTtlSeconds: number };
  }): Promise<{ url: string; close(): Promise<void> }>;
}

const ADMIN: AccessKey = { id: 'sdk-admin', secret: 'sdk-admin-secret-0123456789' };
/** Short enough that tokens run out during the test, long enough that a loaded machine still uses a fresh one. */
const TOKEN_TTL_SECONDS = 3;

let url: string;
let close: () => Promise<void>;
let manager: AccessKey;
let worker: AccessKey;

async function api<T>(method: string, path: string, tokenValue?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(tokenValue && { 'x-authorization': tokenValue }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

const tokenFor = (key: AccessKey) =>
  api<{ token: string }>('POST', '/api/token', undefined, { keyId: key.id, keySecret: key.secret }).then(
    (r) => r.token,
  );

/** A call as the admin with a token fetched for it: tokens are short-lived, and setup is not what this file tests. */
async function asAdmin<T>(method: string, path: string, body?: unknown): Promise<T> {
  for (;;) {
    try {
      return await api<T>(method, path, await tokenFor(ADMIN), body);
    } catch (error) {
      if (!String(error).includes('EXPIRED_TOKEN')) throw error;
    }
  }
}

async function applicationWith(name: string, roles: string[]): Promise<AccessKey> {
  const app = await asAdmin<{ id: string }>('POST', '/api/applications', { name });
  for (const role of roles) await asAdmin('POST', `/api/applications/${app.id}/roles/${role}`);
  return asAdmin<AccessKey>('POST', `/api/applications/${app.id}/accessKeys`);
}

/** Resolves once a token issued now has expired: every token issued before it has too. */
async function untilTokensIssuedBeforeExpire(): Promise<void> {
  const probe = await tokenFor(manager);
  for (;;) {
    const response = await fetch(`${url}/api/metadata/taskdefs`, { headers: { 'x-authorization': probe } });
    if (response.status === 401) {
      assert.equal(((await response.json()) as { error: string }).error, 'EXPIRED_TOKEN');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function workflowDef(name: string, taskType: string) {
  return {
    name,
    version: 1,
    schemaVersion: 2,
    timeoutSeconds: 0,
    tasks: [
      {
        name: taskType,
        taskReferenceName: 'work',
        type: 'SIMPLE',
        inputParameters: { n: '${workflow.input.n}' },
      },
    ],
    outputParameters: { doubled: '${work.output.doubled}' },
  };
}

before(async () => {
  const specifier = '@baton/server';
  const baton = (await import(specifier)) as BatonServerModule;
  const dir = await mkdtemp(join(tmpdir(), 'baton-sdk-auth-'));
  const server = await baton.startServer({
    port: 0,
    db: join(dir, 'baton.db'),
    logLevel: 'silent',
    uiDir: false,
    auth: { adminKey: ADMIN, tokenTtlSeconds: TOKEN_TTL_SECONDS },
  });
  url = server.url;
  close = async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  };
  manager = await applicationWith('manager', ['METADATA_MANAGER', 'WORKFLOW_MANAGER']);
  worker = await applicationWith('worker', ['WORKER']);
});

after(() => close?.());

void describe('the official JS SDK with keyId/keySecret', () => {
  void it('registers, works and manages workflows, and refreshes its expired token mid-run', async () => {
    const taskType = unique('official_double');
    const name = unique('official_auth');
    // refreshTokenInterval 0: no background refresh, so only the EXPIRED_TOKEN answer can renew the token.
    const client = await orkesConductorClient({
      serverUrl: url,
      keyId: manager.id,
      keySecret: manager.secret,
      refreshTokenInterval: 0,
      logger: noopLogger,
    });
    const workerClient = await orkesConductorClient({
      serverUrl: url,
      keyId: worker.id,
      keySecret: worker.secret,
      refreshTokenInterval: 0,
      logger: noopLogger,
    });
    const metadata = new OfficialMetadataClient(client);
    const executor = new OfficialWorkflowExecutor(client);
    await metadata.registerTask({
      name: taskType,
      retryCount: 0,
      timeoutSeconds: 60,
      responseTimeoutSeconds: 30,
    });
    await metadata.registerWorkflowDef(workflowDef(name, taskType), true);
    const tasks = new TaskManager(
      workerClient,
      [
        {
          taskDefName: taskType,
          execute: (task) =>
            Promise.resolve({ status: 'COMPLETED', outputData: { doubled: Number(task.inputData?.n) * 2 } }),
        },
      ],
      { logger: noopLogger, options: { pollInterval: 20, concurrency: 1 } },
    );
    tasks.startPolling();
    try {
      const untilDone = async (id: string) => {
        for (;;) {
          const workflow = await executor.getWorkflow(id, true);
          if (workflow.status !== 'RUNNING') return workflow;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const first = await executor.startWorkflow({ name, version: 1, input: { n: 2 } });
      assert.deepEqual((await untilDone(first)).output, { doubled: 4 });

      // Both clients' tokens run out; their next calls (a poll, a start) get EXPIRED_TOKEN and fetch new ones.
      await untilTokensIssuedBeforeExpire();
      const second = await executor.startWorkflow({ name, version: 1, input: { n: 5 } });
      const done = await untilDone(second);
      assert.equal(done.status, 'COMPLETED');
      assert.deepEqual(done.output, { doubled: 10 });

      await untilTokensIssuedBeforeExpire();
      const third = await executor.startWorkflow({
        name,
        version: 1,
        input: { n: 1 },
        correlationId: 'stop-me',
      });
      await tasks.stopPolling();
      await executor.terminate(third, 'managed by the official SDK');
      assert.equal((await executor.getWorkflow(third, false)).status, 'TERMINATED');
    } finally {
      await tasks.stopPolling();
    }
  });

  void it('is refused what its role may not do', async () => {
    const client = await orkesConductorClient({
      serverUrl: url,
      keyId: worker.id,
      keySecret: worker.secret,
      refreshTokenInterval: 0,
      logger: noopLogger,
    });
    await assert.rejects(
      new OfficialMetadataClient(client).registerTask({ name: unique('not_allowed') }),
      (error: Error) => /403|may not/.test(String(error.message) + String(error.cause)),
    );
  });
});

void describe("Baton's SDK with a key and secret", () => {
  void it('registers, works and manages workflows across token expiry', async () => {
    const taskType = unique('baton_double');
    const name = unique('baton_auth');
    const managerClients = new OrkesClients(
      new Configuration({ baseUrl: url, authKey: manager.id, authSecret: manager.secret, env: {} }),
    );
    const handler = new TaskHandler({
      configuration: new Configuration({
        baseUrl: url,
        authKey: worker.id,
        authSecret: worker.secret,
        env: {},
      }),
      workers: [
        new Worker<{ n: number }>({ taskDefName: taskType, pollIntervalMs: 20 }, ({ n }) => ({
          doubled: n * 2,
        })),
      ],
      logger: silentLogger,
      handleSignals: false,
      metrics: false,
    });
    const metadata = managerClients.getMetadataClient();
    const workflows = managerClients.getWorkflowClient();
    await metadata.registerTaskDef({
      name: taskType,
      retryCount: 0,
      timeoutSeconds: 60,
      responseTimeoutSeconds: 30,
    });
    await metadata.registerWorkflowDef(workflowDef(name, taskType), true);
    await handler.start();
    try {
      const first = await workflows.startWorkflow({ name, version: 1, input: { n: 3 } });
      assert.deepEqual((await waitForWorkflow(workflows, first)).output, { doubled: 6 });
      await untilTokensIssuedBeforeExpire();
      const second = await workflows.startWorkflow({ name, version: 1, input: { n: 4 } });
      assert.deepEqual((await waitForWorkflow(workflows, second)).output, { doubled: 8 });
      await handler.stop();
      const third = await workflows.startWorkflow({ name, version: 1, input: { n: 0 } });
      await workflows.terminateWorkflow(third, 'managed by the Baton SDK');
      assert.equal((await workflows.getWorkflow(third, false)).status, 'TERMINATED');
    } finally {
      await handler.stop();
    }
  });
});
