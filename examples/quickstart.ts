/**
 * Quickstart: one worker, one workflow defined in code, executed end to end.
 * Run: CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/quickstart.ts
 *
 * Expected output:
 *   Result: Hello Conductor
 *   Execution: http://localhost:8080/execution/<workflow-id>
 */
import { Configuration, ConductorWorkflow, OrkesClients, TaskHandler, worker } from '@baton/sdk';

// The handler of the `greet` task type; registerTaskDef creates its task definition when the worker starts.
const greet = worker({ taskDefName: 'greet', registerTaskDef: true }, ({ name }: { name: string }) => {
  return `Hello ${name}`; // a string result becomes the output { result: 'Hello ...' }
});

async function main(): Promise<void> {
  const config = new Configuration(); // CONDUCTOR_SERVER_URL, CONDUCTOR_AUTH_KEY, CONDUCTOR_AUTH_SECRET
  const clients = new OrkesClients(config);
  const executor = clients.getWorkflowExecutor();

  const workflow = new ConductorWorkflow<{ name: string }>({ name: 'greetings', version: 1, executor });
  const greetTask = greet.task('greet_ref', { name: workflow.input('name') });
  const greetings = workflow.add(greetTask).outputParameters({ result: greetTask.output('result') });
  await greetings.register(true);

  const handler = new TaskHandler({ configuration: config, workers: [greet] });
  await handler.start();
  try {
    const run = await executor.execute('greetings', 1, { name: 'Conductor' });
    console.log(`Result: ${String(run.output.result)}`);
    console.log(`Execution: ${config.executionUrl(run.workflowId)}`);
  } finally {
    await handler.stop();
  }
}

await main();
