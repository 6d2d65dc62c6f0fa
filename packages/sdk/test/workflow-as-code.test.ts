/** Every task builder, executed on a real Baton server through ConductorWorkflow. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
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
  LoopTask,
  NoopTask,
  SetVariableTask,
  silentLogger,
  StartWorkflowTask,
  SubWorkflowTask,
  SwitchTask,
  TaskHandler,
  TerminateTask,
  WaitTask,
  worker,
  type Workflow,
  type WorkflowExecutor,
} from '../src/index.js';
import { startTestServer, unique, waitForWorkflow, type TestServer } from './support/baton.js';

const prefix = unique('wac');
const echo = worker({ taskDefName: `${prefix}_echo`, concurrency: 4 }, (input: Record<string, unknown>) => ({
  ...input,
}));
const upper = worker({ taskDefName: `${prefix}_upper`, concurrency: 4 }, ({ text }: { text: string }) =>
  text.toUpperCase(),
);
const counter = worker({ taskDefName: `${prefix}_count` }, (_input: object, ctx) => ({
  iteration: ctx.task.iteration,
}));

void describe('workflow as code on a real server', () => {
  let server: TestServer;
  let executor: WorkflowExecutor;
  let handler: TaskHandler;
  let http: Server;
  let httpUrl: string;

  before(async () => {
    server = await startTestServer();
    executor = server.clients.getWorkflowExecutor();
    handler = new TaskHandler({
      configuration: server.configuration,
      workers: [echo, upper, counter],
      logger: silentLogger,
      handleSignals: false,
    });
    await handler.start();
    http = createServer((req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ hello: 'world', path: req.url })),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(async () => {
    await handler.stop();
    await new Promise((resolve) => http.close(resolve));
    await server.close();
  });

  const newWorkflow = <I extends object = Record<string, unknown>>(name: string) =>
    new ConductorWorkflow<I>({ name: unique(`${prefix}_${name}`), executor });

  /** Starts `wf` and waits until `done` (default: it ended). */
  async function run(
    wf: ConductorWorkflow<object>,
    input: object,
    done?: (w: Workflow) => boolean,
  ): Promise<Workflow> {
    const id = await wf.start(input);
    return waitForWorkflow(server.clients.getWorkflowClient(), id, done);
  }

  void it('SIMPLE: worker tasks chained, typed output', async () => {
    const wf = newWorkflow<{ text: string }>('simple');
    const shout = upper.task('shout', { text: wf.input('text') });
    const repeat = echo.task('repeat', { said: shout.output('result') });
    const typed = wf
      .add(shout)
      .add(repeat)
      .outputParameters({ said: repeat.output('said') });
    const result = await typed.execute({ text: 'hi' }, { waitForSeconds: 10 });
    assert.equal(result.status, 'COMPLETED');
    assert.deepEqual(result.output, { said: 'HI' });
  });

  void it('INLINE: JavaScript over its bindings', async () => {
    const wf = newWorkflow<{ name: string }>('inline');
    const script = 'function greetings() { return { text: "hello " + $.name }; } greetings();';
    const js = new JavascriptTask<{ text: string }>('hello_script', script, { name: wf.input('name') });
    wf.add(js).outputParameters({ text: js.output('result') });
    const done = await run(wf, { name: 'Orkes' });
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(done.output, { text: { text: 'hello Orkes' } });
  });

  void it('JSON_JQ_TRANSFORM: a jq program over the input', async () => {
    const wf = newWorkflow('jq');
    const jq = new JsonJqTask('jq_process', '{ key3: (.key1.value1 + .key2.value2) }', {
      key1: { value1: ['a', 'b'] },
      key2: { value2: ['c'] },
    });
    wf.add(jq);
    const done = await run(wf, {});
    assert.deepEqual(done.tasks[0]!.outputData.result, { key3: ['a', 'b', 'c'] });
  });

  void it('HTTP: calls an endpoint and keeps the response', async () => {
    const wf = newWorkflow('http');
    const call = new HttpTask<{ hello: string }>('call_remote_api', { uri: `${httpUrl}/greeting` });
    wf.add(call).outputParameters({ response: call.output('response') });
    const done = await run(wf, {});
    assert.equal(done.status, 'COMPLETED');
    const response = done.output.response as { statusCode: number; body: { hello: string; path: string } };
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.body, { hello: 'world', path: '/greeting' });
  });

  void it('WAIT: for a duration, until a past time, and for a signal', async () => {
    const wf = newWorkflow('wait');
    wf.add(new WaitTask('wait_short', { waitForSeconds: 1 }))
      .add(new WaitTask('wait_past', { until: new Date(Date.now() - 60_000) }))
      .add(new WaitTask('wait_signal'));
    const waiting = await run(wf, {}, (w) =>
      w.tasks.some((x) => x.referenceTaskName === 'wait_signal' && x.status === 'IN_PROGRESS'),
    );
    await server.clients
      .getTaskClient()
      .updateTaskByRefName(waiting.workflowId, 'wait_signal', 'COMPLETED', { ok: true });
    const done = await waitForWorkflow(server.clients.getWorkflowClient(), waiting.workflowId);
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(
      done.tasks.map((x) => x.status),
      ['COMPLETED', 'COMPLETED', 'COMPLETED'],
    );
  });

  void it('HUMAN: waits until completed through the API', async () => {
    const wf = newWorkflow('human');
    const approval = new HumanTask<{ approved: boolean }>('approval', { amount: 10 });
    wf.add(approval).outputParameters({ approved: approval.output('approved') });
    const waiting = await run(wf, {}, (w) => w.tasks[0]?.status === 'IN_PROGRESS');
    await executor.updateTaskByRefName(waiting.workflowId, 'approval', { approved: true }, 'COMPLETED');
    const done = await waitForWorkflow(server.clients.getWorkflowClient(), waiting.workflowId);
    assert.deepEqual(done.output, { approved: true });
  });

  void it('SWITCH: runs the matching branch, else the default', async () => {
    const wf = newWorkflow<{ country: string }>('switch');
    const route = new SwitchTask('route', wf.input('country'))
      .switchCase('US', echo.task('us', { branch: 'us' }))
      .defaultCase([echo.task('intl', { branch: 'intl' })]);
    wf.add(route);
    const done = await run(wf, { country: 'FR' });
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(
      done.tasks.map((x) => x.referenceTaskName),
      ['route', 'intl'],
    );
  });

  void it('FORK/JOIN: branches in parallel, joined', async () => {
    const wf = newWorkflow('fork');
    const fork = new ForkTask('fan_out', [
      [echo.task('left', { side: 'left' })],
      [upper.task('right', { text: 'right' })],
    ]);
    wf.add(fork).outputParameters({ joined: fork.joinOutput() });
    const done = await run(wf, {});
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(done.output, { joined: { left: { side: 'left' }, right: { result: 'RIGHT' } } });
  });

  void it('dynamic fork: one branch per input', async () => {
    const wf = newWorkflow<{ items: object[] }>('dynfork');
    const fanOut = new DynamicForkTask('each', {
      forkTaskName: echo.taskDefName,
      forkTaskInputs: wf.input('items'),
    });
    wf.add(fanOut).outputParameters({ joined: fanOut.joinOutput() });
    const done = await run(wf, { items: [{ n: 1 }, { n: 2 }, { n: 3 }] });
    assert.equal(done.status, 'COMPLETED');
    assert.equal(Object.keys(done.output.joined as object).length, 3);
  });

  void it('DO_WHILE: a fixed number of iterations, and a condition', async () => {
    const wf = newWorkflow('loop');
    const loop = new LoopTask('thrice', 3, counter.task('count'));
    const until = new DoWhileTask('until_two', '$.until_two["iteration"] < 2', [counter.task('count2')]);
    wf.add(loop)
      .add(until)
      .outputParameters({ iterations: loop.output('iteration'), second: until.output('iteration') });
    // loop conditions are JavaScript: they need the server's script evaluation, as INLINE does
    const done = await run(wf, {});
    assert.equal(done.status, 'COMPLETED', done.reasonForIncompletion);
    assert.deepEqual(done.output, { iterations: 3, second: 2 });
  });

  void it('SUB_WORKFLOW: an inline child definition, waited for', async () => {
    const child = newWorkflow<{ text: string }>('child');
    const shout = upper.task('child_shout', { text: child.input('text') });
    child.add(shout).outputParameters({ loud: shout.output('result') });
    const parent = newWorkflow('parent');
    const sub = new SubWorkflowTask<{ loud: string }>('child_ref', child, { inputs: { text: 'quiet' } });
    parent.add(sub).outputParameters({ loud: sub.output('loud') });
    const done = await run(parent, {});
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(done.output, { loud: 'QUIET' });
  });

  void it('START_WORKFLOW: starts another workflow without waiting', async () => {
    const other = newWorkflow('started');
    other.add(new WaitTask('forever'));
    await other.register();
    const wf = newWorkflow('starter');
    const start = new StartWorkflowTask('kick', other.name, { from: 'parent' }, { version: other.version });
    wf.add(start).outputParameters({ started: start.output('workflowId') });
    const done = await run(wf, {});
    assert.equal(done.status, 'COMPLETED');
    const started = await server.clients.getWorkflowClient().getWorkflow(done.output.started as string);
    assert.deepEqual(started.input, { from: 'parent' });
  });

  void it('SET_VARIABLE: sets workflow variables', async () => {
    const wf = newWorkflow('setvar');
    wf.add(new SetVariableTask('remember', { customer: 'c-1' })).outputParameters({
      customer: wf.variable('customer'),
    });
    const done = await run(wf, {});
    assert.deepEqual(done.variables, { customer: 'c-1' });
    assert.deepEqual(done.output, { customer: 'c-1' });
  });

  void it('TERMINATE: ends the workflow with a status, reason and output', async () => {
    const wf = newWorkflow('terminate');
    wf.add(new TerminateTask('stop', 'FAILED', 'Order rejected', { rejected: true })).add(
      echo.task('never', {}),
    );
    const done = await run(wf, {});
    assert.equal(done.status, 'FAILED');
    assert.match(done.reasonForIncompletion ?? '', /Order rejected/);
    assert.deepEqual(done.output, { rejected: true });
    assert.equal(done.tasks.length, 1);
  });

  void it('EVENT: publishes to the conductor queue', async () => {
    const wf = newWorkflow('event');
    wf.add(EventTask.conductor('publish', 'order_created', { orderId: 1 }));
    const done = await run(wf, {});
    assert.equal(done.status, 'COMPLETED');
    assert.ok(done.tasks[0]!.outputData.event_produced);
  });

  void it('NOOP: completes at once', async () => {
    const wf = newWorkflow('noop');
    wf.add(new NoopTask('nothing'));
    const done = await run(wf, {});
    assert.equal(done.status, 'COMPLETED');
  });

  void it('DYNAMIC: the task type comes from the input', async () => {
    await server.clients.getMetadataClient().registerTaskDef({ name: upper.taskDefName });
    const wf = newWorkflow<{ which: string }>('dynamic');
    wf.add(new DynamicTask('pick', wf.input('which'), { text: 'dyn' }));
    const id = await wf.start({ which: upper.taskDefName });
    const done = await waitForWorkflow(server.clients.getWorkflowClient(), id);
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(done.tasks[0]!.outputData, { result: 'DYN' });
  });

  void it('test(): runs the definition with mocked outputs', async () => {
    const wf = newWorkflow<{ name: string }>('mocked');
    const shout = upper.task('shout', { text: wf.input('name') });
    const typed = wf.add(shout).outputParameters({ loud: shout.output('result') });
    const result = await typed.test(
      { shout: [{ status: 'COMPLETED', output: { result: 'MOCKED' } }] },
      { name: 'x' },
    );
    assert.equal(result.status, 'COMPLETED');
    assert.deepEqual(result.output, { loud: 'MOCKED' });
    assert.deepEqual(result.tasks[0]!.inputData, { text: 'x' });
  });
});
