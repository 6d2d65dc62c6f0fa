/** scanForAnnotatedWorkers + importModules: the Python SDK's discovery of @worker_task functions. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { silentLogger, TaskHandler } from '../src/index.js';
import { startTestServer, unique, waitForWorkflow, type TestServer } from './support/baton.js';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

void it('imports worker modules and runs the workers they define', async () => {
  const type = unique('shout');
  process.env.SDK_TEST_SCAN_TYPE = type;
  await server.clients.getMetadataClient().registerWorkflowDef({
    name: `${type}_wf`,
    version: 1,
    schemaVersion: 2,
    tasks: [
      {
        name: type,
        taskReferenceName: 'shout',
        type: 'SIMPLE',
        inputParameters: { text: '${workflow.input.text}' },
      },
    ],
    outputParameters: { loud: '${shout.output.result}' },
  });
  const handler = new TaskHandler({
    configuration: server.configuration,
    scanForAnnotatedWorkers: true,
    importModules: [fileURLToPath(new URL('./support/annotated-workers.ts', import.meta.url))],
    logger: silentLogger,
    handleSignals: false,
  });
  await handler.start();
  try {
    assert.deepEqual(
      handler.workers.map((w) => w.taskDefName),
      [type],
    );
    const id = await server.clients
      .getWorkflowClient()
      .startWorkflow({ name: `${type}_wf`, input: { text: 'hi' } });
    assert.deepEqual((await waitForWorkflow(server.clients.getWorkflowClient(), id)).output, { loud: 'HI' });
  } finally {
    await handler.stop();
  }
});
