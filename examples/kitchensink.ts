/**
 * Kitchen sink: one workflow using every kind of system task next to worker tasks: SET_VARIABLE, INLINE
 * (JavaScript), JSON_JQ_TRANSFORM, FORK_JOIN/JOIN with HTTP, a worker and a timed WAIT in parallel, SWITCH,
 * FORK_JOIN_DYNAMIC, DO_WHILE, DYNAMIC, SUB_WORKFLOW (defined inline), START_WORKFLOW, EVENT, HUMAN, NOOP and
 * TERMINATE. The program plays the human approver.
 * Run: CONDUCTOR_SERVER_URL=http://localhost:8080/api npx tsx examples/kitchensink.ts
 *
 * The HTTP task calls a small service this program starts on 127.0.0.1: the server must be able to reach it
 * (true for a server on this machine).
 *
 * Expected output (the last lines):
 *   kitchensink status: COMPLETED
 *   task types run: DO_WHILE, DYNAMIC, EVENT, FORK_JOIN, FORK_JOIN_DYNAMIC, HTTP, HUMAN, INLINE, JOIN, ...
 *   greeting: {"text":"hello Orkes"}
 *   jq: ["a","b","d","e"]
 *   quote: {"customer":"Orkes","price":7.5}
 *   ...
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConductorWorkflow,
  DoWhileTask,
  DynamicForkTask,
  DynamicTask,
  EventTask,
  ForkTask,
  HttpTask,
  HumanTask,
  JavascriptTask,
  JsonJqTask,
  NoopTask,
  OrkesClients,
  SetVariableTask,
  StartWorkflowTask,
  SubWorkflowTask,
  SwitchTask,
  TaskHandler,
  TerminateTask,
  WaitTask,
  worker,
  type Workflow,
} from '@baton/sdk';

// ------------------------------------------------------------------ workers

const greetCustomer = worker(
  { taskDefName: 'ks_greet_customer', registerTaskDef: true },
  ({ name }: { name: string }) => ({ message: `Welcome back, ${name}` }),
);
const shipItem = worker(
  { taskDefName: 'ks_ship_item', registerTaskDef: true },
  ({ sku, quantity }: { sku: string; quantity: number }) => ({ shipped: `${quantity} x ${sku}` }),
);
const chooseCarrier = worker(
  { taskDefName: 'ks_choose_carrier', registerTaskDef: true },
  ({ country }: { country: string }) => ({ carrier: country === 'US' ? 'UPS' : 'DHL' }),
);
const notifyCustomer = worker(
  { taskDefName: 'ks_notify_customer', registerTaskDef: true },
  ({ channel }: { channel: string }) => ({ notified: `via ${channel}` }),
);
const WORKERS = [greetCustomer, shipItem, chooseCarrier, notifyCustomer];

// ------------------------------------------------------------------ a service for the HTTP task

async function startQuoteService(): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    const customer = new URL(req.url ?? '/', 'http://localhost').searchParams.get('customer');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ customer, price: 7.5 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/quote`, close: () => server.close() };
}

// ------------------------------------------------------------------ the workflow

interface OrderInput {
  name: string;
  country: string;
  items: { sku: string; quantity: number }[];
  notifyTask: string;
  quoteUrl: string;
}

function kitchensink(clients: OrkesClients): ConductorWorkflow<OrderInput> {
  const executor = clients.getWorkflowExecutor();
  const wf = new ConductorWorkflow<OrderInput>({ name: 'kitchensink', version: 1, executor });

  const initVars = new SetVariableTask('init_vars', { customer: wf.input('name'), stage: 'started' });
  const helloScript = new JavascriptTask<{ text: string }>(
    'hello_script',
    'function greetings() { return { text: "hello " + $.name }; } greetings();',
    { name: wf.input('name') },
  );
  const jq = new JsonJqTask<{ key3: string[] }>('jq_process', '{ key3: (.key1.value1 + .key2.value2) }', {
    key1: { value1: ['a', 'b'] },
    key2: { value2: ['d', 'e'] },
  });

  // Three branches in parallel: an HTTP call, a worker, and a 1 s wait; the fork adds its JOIN.
  const quote = new HttpTask<{ customer: string; price: number }>('call_remote_api', {
    uri: `${wf.input('quoteUrl')}?customer=${wf.input('name')}`,
  });
  const greet = greetCustomer.task('greet_customer_ref', { name: wf.input('name') });
  const pause = new WaitTask('wait_1_sec', { waitForSeconds: 1 });
  const fork = new ForkTask('fork', [[quote], [greet], [pause]]);

  const carrier = chooseCarrier.task('choose_carrier_ref', { country: wf.input('country') });
  const shipping = new SwitchTask('shipping', wf.input('country'))
    .switchCase('US', carrier)
    .defaultCase(new NoopTask('no_carrier_needed'));

  // One ks_ship_item task per item, in parallel.
  const shipItems = new DynamicForkTask('ship_items', {
    forkTaskName: shipItem.taskDefName,
    forkTaskInputs: wf.input('items'),
  });

  // The loop's own output (its iteration count) is readable inside the loop.
  const counter = new JavascriptTask<number>('count', '$.i * 10', { i: '${tick_loop.output.iteration}' });
  const loop = new DoWhileTask('tick_loop', 'if ($.tick_loop["iteration"] < 3) { true; } else { false; }', [
    counter,
  ]);

  const notify = new DynamicTask<{ notified: string }>('notify', wf.input('notifyTask'), {
    channel: 'email',
  });

  const child = new ConductorWorkflow<{ items: unknown[] }>({ name: 'kitchensink_child', version: 1 });
  const countItems = new JsonJqTask<number>('count_items', '.items | length', {
    items: child.input('items'),
  });
  child.add(countItems).outputParameters({ itemCount: countItems.output('result') });
  const subFlow = new SubWorkflowTask<{ itemCount: number }>('sub_flow_inline', child, {
    inputs: { items: wf.input('items') },
  });

  const audit = new StartWorkflowTask('start_audit', 'kitchensink_audit', { customer: wf.input('name') });
  const event = EventTask.conductor('publish_event', 'kitchensink_shipped', { customer: wf.input('name') });
  const approval = new HumanTask<{ approver: string }>('approval', { question: 'Ship it?' });
  const afterApproval = new SetVariableTask('approved_vars', { stage: 'approved' });
  const noop = new NoopTask('noop');

  const finish = new TerminateTask('finish', 'COMPLETED', 'all done', {
    customer: wf.variable('customer'),
    stage: wf.variable('stage'),
    greeting: helloScript.output('result'),
    jq: jq.outputPath('result.key3'),
    quote: quote.outputPath('response.body'),
    welcome: fork.joinOutput('greet_customer_ref'),
    carrier: carrier.output('carrier'),
    shipped: shipItems.joinOutput(),
    loops: loop.output('iteration'),
    notified: notify.output('notified'),
    itemCount: subFlow.output('itemCount'),
    auditWorkflowId: audit.output('workflowId'),
    event: event.outputPath('event_produced'),
    approver: approval.output('approver'),
  });

  return wf.add(
    initVars,
    helloScript,
    jq,
    fork,
    shipping,
    shipItems,
    loop,
    notify,
    subFlow,
    audit,
    event,
    approval,
    afterApproval,
    noop,
    finish,
  );
}

/** The workflow START_WORKFLOW launches (fire and forget). */
function auditWorkflow(clients: OrkesClients): ConductorWorkflow<{ customer: string }> {
  const wf = new ConductorWorkflow<{ customer: string }>({
    name: 'kitchensink_audit',
    version: 1,
    executor: clients.getWorkflowExecutor(),
  });
  return wf.add(new NoopTask('audit_noop'));
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const clients = new OrkesClients(); // configured from the environment
  const workflows = clients.getWorkflowClient();
  const quotes = await startQuoteService();
  const handler = new TaskHandler({ configuration: clients.configuration, workers: WORKERS });
  await handler.start();
  try {
    await auditWorkflow(clients).register(true);
    const wf = kitchensink(clients);
    await wf.register(true);

    const workflowId = await wf.start({
      name: 'Orkes',
      country: 'US',
      items: [
        { sku: 'SKU-1', quantity: 2 },
        { sku: 'SKU-2', quantity: 1 },
      ],
      notifyTask: notifyCustomer.taskDefName,
      quoteUrl: quotes.url,
    });
    console.log(`started kitchensink: ${clients.configuration.executionUrl(workflowId)}`);

    // Play the human: approve once the HUMAN task is waiting, then wait for the end.
    let run: Workflow = await workflows.getWorkflow(workflowId);
    for (const deadline = Date.now() + 30_000; run.status === 'RUNNING' && Date.now() < deadline;) {
      const approval = run.tasks.find((t) => t.referenceTaskName === 'approval');
      if (approval?.status === 'IN_PROGRESS') {
        await clients.getTaskClient().updateTaskByRefName(workflowId, 'approval', 'COMPLETED', {
          approver: 'Grace',
        });
        console.log('approved by Grace');
      }
      await sleep(100);
      run = await workflows.getWorkflow(workflowId);
    }

    console.log(`kitchensink status: ${run.status}`);
    const types = [...new Set(run.tasks.map((t) => t.workflowTask?.type ?? t.taskType))].sort();
    console.log(`task types run: ${types.join(', ')}`);
    for (const [key, value] of Object.entries(run.output ?? {}))
      console.log(`${key}: ${JSON.stringify(value)}`);
  } finally {
    await handler.stop();
    quotes.close();
  }
}

await main();
