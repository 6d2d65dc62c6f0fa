/** SIGTERM: a worker process drains (the running task finishes and is reported) and then exits. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { startTestServer, unique, waitForWorkflow, type TestServer } from './support/baton.js';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

void it('on SIGTERM the TaskHandler finishes and reports the running task, then the process exits', async () => {
  const type = unique('sigterm');
  const name = `${type}_wf`;
  await server.clients.getMetadataClient().registerWorkflowDef({
    name,
    version: 1,
    schemaVersion: 2,
    tasks: [{ name: type, taskReferenceName: 'work', type: 'SIMPLE' }],
  });
  const child = spawn(
    process.execPath,
    [
      '--conditions=baton-source',
      '--import',
      'tsx',
      fileURLToPath(new URL('./support/drain-child.ts', import.meta.url)),
      server.url,
      type,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // one iterator for the whole test: leaving a for-await loop would close the stream
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const next = async (expected: string): Promise<void> => {
    for (let line = await lines.next(); !line.done; line = await lines.next())
      if (line.value === expected) return;
    throw new Error(`child ended before saying ${expected}`);
  };
  await next('ready');
  const workflowId = await server.clients.getWorkflowClient().startWorkflow({ name, input: {} });
  await next('started');
  child.kill('SIGTERM');
  const [code, signal] = await exited;
  // re-raised after draining: the process ends by the signal, as it would have without the handler
  assert.equal(signal, 'SIGTERM', `exit code ${code}`);
  const workflow = await waitForWorkflow(server.clients.getWorkflowClient(), workflowId, () => true);
  assert.equal(workflow.status, 'COMPLETED');
  assert.deepEqual(workflow.tasks[0]!.outputData, { finishedDuringDrain: true });
});
