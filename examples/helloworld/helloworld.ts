/**
 * Hello World: registers the greetings workflow, starts the worker polling and executes the workflow.
 * Run: CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/helloworld/helloworld.ts
 *
 * Expected output:
 *   workflow result: Hello Orkes
 *   see the workflow execution here: http://localhost:8080/execution/<workflow-id>
 */
import { Configuration, TaskHandler, WorkflowExecutor, type ConductorWorkflow } from '@baton/sdk';
import { greetingsWorkflow } from './greetings-workflow.js';

async function registerWorkflow(executor: WorkflowExecutor): Promise<ConductorWorkflow<{ name: string }>> {
  const workflow = greetingsWorkflow(executor);
  await workflow.register(true);
  return workflow;
}

async function main(): Promise<void> {
  // Connects to CONDUCTOR_SERVER_URL (default http://localhost:8080/api).
  const apiConfig = new Configuration();
  const executor = new WorkflowExecutor(apiConfig);

  // Registering the workflow (needed only the first time the app runs).
  const workflow = await registerWorkflow(executor);

  // Start polling: every worker defined with worker() in the modules imported so far.
  const taskHandler = new TaskHandler({ configuration: apiConfig, scanForAnnotatedWorkers: true });
  await taskHandler.start();
  try {
    const run = await executor.execute(workflow.name, workflow.version, { name: 'Orkes' });
    console.log(`\nworkflow result: ${String(run.output.result)}\n`);
    console.log(`see the workflow execution here: ${apiConfig.executionUrl(run.workflowId)}\n`);
  } finally {
    await taskHandler.stop();
  }
}

await main();
