/**
 * A dynamic workflow: built in code and executed at once, without registering a definition (the definition
 * travels with the start request). Useful when every execution needs a different workflow.
 * Run: CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/dynamic-workflow.ts
 *
 * Expected output:
 *   sending email to user_a@example.com with subject Hello from Orkes and body Test Email
 *   workflow output: {"email":"user_a@example.com"}
 *   workflow completed with status COMPLETED
 */
import { ConductorWorkflow, OrkesClients, TaskHandler, worker } from '@baton/sdk';

const getUserEmail = worker(
  { taskDefName: 'get_user_email', registerTaskDef: true },
  ({ userid }: { userid: string }) => `${userid}@example.com`,
);

const sendEmail = worker(
  { taskDefName: 'send_email', registerTaskDef: true },
  ({ email, subject, body }: { email: string; subject: string; body: string }) => {
    console.log(`sending email to ${email} with subject ${subject} and body ${body}`);
  },
);

async function main(): Promise<void> {
  // Reads CONDUCTOR_SERVER_URL (e.g. https://play.orkes.io/api), CONDUCTOR_AUTH_KEY, CONDUCTOR_AUTH_SECRET.
  const clients = new OrkesClients();

  const handler = new TaskHandler({
    configuration: clients.configuration,
    workers: [getUserEmail, sendEmail],
  });
  await handler.start();
  try {
    const workflow = new ConductorWorkflow<{ userid: string }>({
      name: 'dynamic_workflow',
      version: 1,
      executor: clients.getWorkflowExecutor(),
    });
    const getEmail = getUserEmail.task('get_user_email_ref', { userid: workflow.input('userid') });
    const sendmail = sendEmail.task('send_email_ref', {
      email: getEmail.output('result'),
      subject: 'Hello from Orkes',
      body: 'Test Email',
    });
    // Order of execution, then the workflow's output.
    const dynamic = workflow
      .add(getEmail)
      .add(sendmail)
      .outputParameters({ email: getEmail.output('result') });

    const result = await dynamic.execute({ userid: 'user_a' });
    console.log(`workflow output: ${JSON.stringify(result.output)}`);
    console.log(`workflow completed with status ${result.status}`);
  } finally {
    await handler.stop();
  }
}

await main();
