/** The `greetings` workflow as code: one `greet` task fed from the workflow input. */
import { ConductorWorkflow, type WorkflowExecutor } from '@baton/sdk';
import { greet } from './greetings-worker.js';

export function greetingsWorkflow(executor: WorkflowExecutor): ConductorWorkflow<{ name: string }> {
  const workflow = new ConductorWorkflow<{ name: string }>({ name: 'greetings', version: 1, executor });
  // No output parameters: a workflow's output is then its last task's output ({ result: 'Hello ...' }).
  return workflow.add(greet.task('greet_ref', { name: workflow.input('name') }));
}
