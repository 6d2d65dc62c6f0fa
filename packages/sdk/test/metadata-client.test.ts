/** MetadataClient against a real Baton server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConductorError, type MetadataClient, type WorkflowDef } from '../src/index.js';
import { startTestServer, unique, type TestServer } from './support/baton.js';

function simpleDef(name: string, version = 1, taskName = 'greet'): WorkflowDef {
  return {
    name,
    version,
    tasks: [{ name: taskName, taskReferenceName: `${taskName}_ref`, type: 'SIMPLE', inputParameters: {} }],
    schemaVersion: 2,
  };
}

void describe('MetadataClient', () => {
  let server: TestServer;
  let metadata: MetadataClient;
  before(async () => {
    server = await startTestServer();
    metadata = server.clients.getMetadataClient();
  });
  after(() => server.close());

  void it('registers, reads (latest or by version), lists and deletes workflow definitions', async () => {
    const name = unique('wf');
    await metadata.registerWorkflowDef(simpleDef(name, 1));
    await metadata.registerWorkflowDef({ ...simpleDef(name, 2), description: 'second' });

    assert.equal((await metadata.getWorkflowDef(name)).version, 2);
    assert.equal((await metadata.getWorkflowDef(name, 1)).version, 1);
    const all = await metadata.getAllWorkflowDefs();
    assert.deepEqual(
      all
        .filter((d) => d.name === name)
        .map((d) => d.version)
        .sort(),
      [1, 2],
    );

    await metadata.unregisterWorkflowDef(name, 2);
    assert.equal((await metadata.getWorkflowDef(name)).version, 1);
  });

  void it('refuses to register an existing name+version unless overwrite, which replaces it', async () => {
    const name = unique('wf');
    await metadata.registerWorkflowDef(simpleDef(name));
    await assert.rejects(metadata.registerWorkflowDef(simpleDef(name)), (e: unknown) => {
      assert.ok(e instanceof ConductorError);
      assert.equal(e.status, 409);
      return true;
    });
    await metadata.registerWorkflowDef({ ...simpleDef(name), description: 'replaced' }, true);
    assert.equal((await metadata.getWorkflowDef(name, 1)).description, 'replaced');
  });

  void it('updates a workflow definition with PUT (create or replace)', async () => {
    const name = unique('wf');
    await metadata.updateWorkflowDef({ ...simpleDef(name), description: 'v1' });
    await metadata.updateWorkflowDef({ ...simpleDef(name), description: 'v1 again' });
    assert.equal((await metadata.getWorkflowDef(name)).description, 'v1 again');
  });

  void it('reports a missing definition as a 404 ConductorError', async () => {
    await assert.rejects(metadata.getWorkflowDef(unique('missing')), (e: unknown) => {
      assert.ok(e instanceof ConductorError);
      assert.equal(e.status, 404);
      return true;
    });
  });

  void it('reports an invalid definition as a 400 with validation errors', async () => {
    await assert.rejects(metadata.registerWorkflowDef({ name: unique('bad'), tasks: [] }), (e: unknown) => {
      assert.ok(e instanceof ConductorError);
      assert.equal(e.status, 400);
      assert.ok(e.validationErrors.length > 0);
      return true;
    });
  });

  void it('registers, updates, reads, lists and deletes task definitions', async () => {
    const name = unique('task');
    await metadata.registerTaskDef({
      name,
      retryCount: 3,
      retryLogic: 'LINEAR_BACKOFF',
      retryDelaySeconds: 1,
      concurrentExecLimit: 3,
      pollTimeoutSeconds: 60,
      timeoutSeconds: 120,
      responseTimeoutSeconds: 60,
      rateLimitPerFrequency: 100,
      rateLimitFrequencyInSeconds: 10,
    });
    const stored = await metadata.getTaskDef(name);
    assert.equal(stored.retryLogic, 'LINEAR_BACKOFF');
    assert.equal(stored.concurrentExecLimit, 3);
    assert.equal(stored.rateLimitPerFrequency, 100);

    await metadata.updateTaskDef({ ...stored, retryCount: 5 });
    assert.equal((await metadata.getTaskDef(name)).retryCount, 5);
    assert.ok((await metadata.getAllTaskDefs()).some((d) => d.name === name));

    await metadata.unregisterTaskDef(name);
    await assert.rejects(
      metadata.getTaskDef(name),
      (e: unknown) => e instanceof ConductorError && e.status === 404,
    );
  });

  void it('registers several task definitions at once', async () => {
    const [a, b] = [unique('task'), unique('task')];
    await metadata.registerTaskDef([{ name: a }, { name: b, retryCount: 0 }]);
    assert.equal((await metadata.getTaskDef(b)).retryCount, 0);
    assert.equal((await metadata.getTaskDef(a)).name, a);
  });

  void it('updating a task definition that does not exist is a 404', async () => {
    await assert.rejects(
      metadata.updateTaskDef({ name: unique('nope') }),
      (e: unknown) => e instanceof ConductorError && e.status === 404,
    );
  });
});
