/** The README quickstart, run against an in-process Baton from @baton/sdk/testing. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ConductorWorkflow, OrkesClients, silentLogger, TaskHandler, worker } from '../src/index.js';
import { startTestServer } from '../src/testing/index.js';

void it('the README quickstart greets Conductor', async () => {
  const server = await startTestServer();
  try {
    const greet = worker(
      { taskDefName: 'greet', registerTaskDef: true },
      ({ name }: { name: string }) => `Hello ${name}`,
    );

    const config = server.configuration; // the README uses new Configuration() (the environment)
    const clients = new OrkesClients(config);
    const executor = clients.getWorkflowExecutor();

    const workflow = new ConductorWorkflow<{ name: string }>({ name: 'greetings', version: 1, executor });
    const greetTask = greet.task('greet_ref', { name: workflow.input('name') });
    workflow.add(greetTask).outputParameters({ result: greetTask.output('result') });
    await workflow.register(true);

    const handler = new TaskHandler({
      configuration: config,
      workers: [greet],
      logger: silentLogger,
      handleSignals: false,
    });
    await handler.start();
    const run = await executor.execute('greetings', 1, { name: 'Conductor' });
    await handler.stop();

    assert.equal(run.status, 'COMPLETED');
    assert.equal(run.output.result, 'Hello Conductor');
    assert.equal(config.executionUrl(run.workflowId), `${server.url}/execution/${run.workflowId}`);
    assert.equal((await clients.getMetadataClient().getTaskDef('greet')).name, 'greet');
  } finally {
    await server.close();
  }
});
