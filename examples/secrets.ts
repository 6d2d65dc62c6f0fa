/**
 * Secrets: store an API token on the server, let an HTTP task send it as `${workflow.secrets.NAME}` in a header,
 * and see that the stored execution never shows it: its input keeps the reference, and the value the called
 * service echoes back is masked. After the Python SDK's secret client examples.
 * Run: CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/secrets.ts
 *
 * The server needs a secrets key (Baton: BATON_SECRETS_KEY, see docs/security.md), and must reach the small
 * service this program starts on 127.0.0.1 (true for a server on this machine).
 *
 * Expected output:
 *   stored secret EXAMPLE_API_TOKEN: exists=true, listed=true
 *   the service got the token it expects: true
 *   stored task input header: Authorization: Bearer ${workflow.secrets.EXAMPLE_API_TOKEN}
 *   stored task output echo: Bearer ***
 *   deleted secret EXAMPLE_API_TOKEN: exists=false
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConductorWorkflow, HttpTask, OrkesClients } from '@baton/sdk';
import { unlessMissing } from './pending-feature.js';

const SECRET = 'EXAMPLE_API_TOKEN';

async function main(): Promise<void> {
  const clients = new OrkesClients(); // configured from the environment
  const secrets = clients.getSecretClient();
  const token = `sk-${randomBytes(12).toString('hex')}`;

  const stored = await unlessMissing('secrets', '/api/secrets', async () => {
    await secrets.putSecret(SECRET, token);
    return true;
  });
  if (!stored) return;
  const listed = (await secrets.listAllSecretNames()).includes(SECRET);
  console.log(`stored secret ${SECRET}: exists=${await secrets.secretExists(SECRET)}, listed=${listed}`);

  // The service the HTTP task calls: it checks the token and, carelessly, echoes the header back.
  const service = createServer((req, res) => {
    const authorization = req.headers.authorization ?? '';
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ authorized: authorization === `Bearer ${token}`, echo: authorization }));
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  const { port } = service.address() as AddressInfo;

  try {
    const wf = new ConductorWorkflow({ name: 'secrets_example', executor: clients.getWorkflowExecutor() });
    const call = new HttpTask<{ authorized: boolean; echo: string }>('call_service', {
      uri: `http://127.0.0.1:${port}/orders`,
      headers: { Authorization: `Bearer \${workflow.secrets.${SECRET}}` },
    });
    const typed = wf
      .add(call)
      .outputParameters({ authorized: call.outputPath<boolean>('response.body.authorized') });
    await typed.register(true);

    const run = await typed.execute({});
    console.log(`the service got the token it expects: ${run.output.authorized}`);

    // What anyone reading the execution (API, UI, search) sees.
    const execution = await clients.getWorkflowClient().getWorkflow(run.workflowId, true);
    const task = execution.tasks.find((t) => t.referenceTaskName === 'call_service')!;
    const request = task.inputData.http_request as { headers: Record<string, string> };
    const response = task.outputData.response as { body: { echo: string } };
    console.log(`stored task input header: Authorization: ${request.headers.Authorization}`);
    console.log(`stored task output echo: ${response.body.echo}`);
  } finally {
    service.close();
    await secrets.deleteSecret(SECRET);
  }
  console.log(`deleted secret ${SECRET}: exists=${await secrets.secretExists(SECRET)}`);
}

await main();
