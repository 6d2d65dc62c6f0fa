import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConductorWorkflow,
  DoWhileTask,
  DynamicForkTask,
  DynamicTask,
  EventTask,
  ForkTask,
  HttpTask,
  HumanTask,
  InlineTask,
  JavascriptTask,
  JsonJqTask,
  LoopTask,
  NoopTask,
  SetVariableTask,
  SimpleTask,
  StartWorkflowTask,
  SubWorkflowTask,
  SwitchTask,
  TerminateTask,
  WaitTask,
  worker,
  YieldTask,
  PullWorkflowMessagesTask,
} from '../src/index.js';

void describe('ConductorWorkflow', () => {
  void it('builds the greetings definition of the Conductor docs', () => {
    const greet = worker({ taskDefName: 'greet' }, ({ name }: { name: string }) => `Hello ${name}`);
    const wf = new ConductorWorkflow<{ name: string }>({
      name: 'greetings',
      description: 'Sample greetings workflow',
    });
    wf.add(greet.task('greet_ref', { name: wf.input('name') }))
      .timeoutPolicy('TIME_OUT_WF')
      .timeoutSeconds(60);
    assert.deepEqual(wf.toWorkflowDef(), {
      name: 'greetings',
      description: 'Sample greetings workflow',
      version: 1,
      schemaVersion: 2,
      timeoutPolicy: 'TIME_OUT_WF',
      timeoutSeconds: 60,
      outputParameters: {},
      tasks: [
        {
          name: 'greet',
          taskReferenceName: 'greet_ref',
          type: 'SIMPLE',
          inputParameters: { name: '${workflow.input.name}' },
        },
      ],
    });
  });

  void it('chains tasks in order and wires outputs into inputs and workflow output', () => {
    const getEmail = new SimpleTask('get_user_email', 'get_user_email_ref', {
      userid: '${workflow.input.userid}',
    });
    const send = new SimpleTask('send_email', 'send_email_ref', {
      email: getEmail.output('result'),
      subject: 'Hello from Orkes',
    });
    const wf = new ConductorWorkflow({ name: 'email_workflow', version: 3 })
      .add(getEmail)
      .add(send)
      .outputParameters({ email: getEmail.output('result') });
    const def = wf.toWorkflowDef();
    assert.equal(def.version, 3);
    assert.deepEqual(
      def.tasks.map((t) => t.taskReferenceName),
      ['get_user_email_ref', 'send_email_ref'],
    );
    assert.deepEqual(def.tasks[1]!.inputParameters, {
      email: '${get_user_email_ref.output.result}',
      subject: 'Hello from Orkes',
    });
    assert.deepEqual(def.outputParameters, { email: '${get_user_email_ref.output.result}' });
  });

  void it('sets owner, failure workflow, restartability, variables and input metadata', () => {
    const def = new ConductorWorkflow({ name: 'w' })
      .add(new NoopTask('n'))
      .ownerEmail('team@example.com')
      .failureWorkflow('cleanup', 2)
      .restartable(false)
      .variables({ attempts: 0 })
      .inputParameters(['orderId'])
      .inputTemplate({ region: 'eu' })
      .outputParameter('done', true)
      .toWorkflowDef();
    assert.equal(def.ownerEmail, 'team@example.com');
    assert.equal(def.failureWorkflow, 'cleanup');
    assert.equal(def.failureWorkflowVersion, 2);
    assert.equal(def.restartable, false);
    assert.deepEqual(def.variables, { attempts: 0 });
    assert.deepEqual(def.inputParameters, ['orderId']);
    assert.deepEqual(def.inputTemplate, { region: 'eu' });
    assert.deepEqual(def.outputParameters, { done: true });
  });

  void it('refuses to produce a definition without tasks, and to run without an executor', async () => {
    const empty = new ConductorWorkflow({ name: 'empty' });
    assert.throws(() => empty.toWorkflowDef(), /has no tasks/);
    const lonely = new ConductorWorkflow({ name: 'lonely' }).add(new NoopTask('n'));
    await assert.rejects(lonely.register(), /pass an executor/);
  });
});

void describe('task builders', () => {
  void it('HTTP puts the request under http_request, GET by default', () => {
    const t = new HttpTask('call_remote_api', { uri: 'https://example.com/api' }).toWorkflowTask();
    assert.equal(t.type, 'HTTP');
    assert.deepEqual(t.inputParameters, { http_request: { method: 'GET', uri: 'https://example.com/api' } });
  });

  void it('INLINE carries the script, its evaluator and its bindings', () => {
    const script = 'function greetings() { return { text: "hello " + $.name }; } greetings();';
    const t = new JavascriptTask('hello_script', script, { name: '${workflow.input.name}' }).toWorkflowTask();
    assert.equal(JavascriptTask, InlineTask);
    assert.equal(t.type, 'INLINE');
    assert.deepEqual(t.inputParameters, {
      name: '${workflow.input.name}',
      evaluatorType: 'graaljs',
      expression: script,
    });
  });

  void it('JSON_JQ_TRANSFORM carries queryExpression and the keys jq runs over', () => {
    const t = new JsonJqTask('jq_process', '{ key3: (.key1.value1 + .key2.value2) }', {
      key1: 'k1',
      key2: 'k2',
    });
    assert.deepEqual(t.toWorkflowTask(), {
      name: 'jq_process',
      taskReferenceName: 'jq_process',
      type: 'JSON_JQ_TRANSFORM',
      inputParameters: { key1: 'k1', key2: 'k2', queryExpression: '{ key3: (.key1.value1 + .key2.value2) }' },
    });
  });

  void it('WAIT for a duration, until a time, or for a signal', () => {
    assert.deepEqual(new WaitTask('w1', { waitForSeconds: 2 }).toWorkflowTask().inputParameters, {
      duration: '2s',
    });
    assert.deepEqual(new WaitTask('w2', { duration: '10m20s' }).toWorkflowTask().inputParameters, {
      duration: '10m20s',
    });
    assert.deepEqual(new WaitTask('w3', { until: '2030-01-31 00:00 UTC' }).toWorkflowTask().inputParameters, {
      until: '2030-01-31 00:00 UTC',
    });
    assert.deepEqual(
      new WaitTask('w4', { until: new Date(Date.UTC(2030, 0, 31, 13, 5)) }).toWorkflowTask().inputParameters,
      {
        until: '2030-01-31 13:05 UTC',
      },
    );
    assert.deepEqual(new WaitTask('w5').toWorkflowTask().inputParameters, {});
    assert.throws(() => new WaitTask('w6', { waitForSeconds: 1, until: '2030-01-01' }), /not both/);
  });

  void it('YIELD is a YIELD task with its inputs, next to WAIT and HUMAN', () => {
    const wf = new ConductorWorkflow({ name: 'with_yield' });
    const review = new YieldTask<{ approved: boolean }>('review', { draft: wf.input('draft') });
    wf.add(review).outputParameters({ approved: review.output('approved') });
    const [task] = wf.toWorkflowDef().tasks;
    assert.deepEqual(task, {
      name: 'review',
      taskReferenceName: 'review',
      type: 'YIELD',
      inputParameters: { draft: '${workflow.input.draft}' },
    });
    assert.deepEqual(wf.toWorkflowDef().outputParameters, { approved: '${review.output.approved}' });
  });

  void it('PULL_WORKFLOW_MESSAGES takes a batch size, and its output names the messages', () => {
    const wf = new ConductorWorkflow({ name: 'with_inbox' });
    const inbox = new PullWorkflowMessagesTask<{ decision: string }>('inbox', wf.input('batch'));
    wf.add(inbox).outputParameters({ count: inbox.output('count'), messages: inbox.output('messages') });
    assert.deepEqual(wf.toWorkflowDef().tasks[0], {
      name: 'inbox',
      taskReferenceName: 'inbox',
      type: 'PULL_WORKFLOW_MESSAGES',
      inputParameters: { batchSize: '${workflow.input.batch}' },
    });
    assert.deepEqual(new PullWorkflowMessagesTask('one').toWorkflowTask().inputParameters, { batchSize: 1 });
    assert.deepEqual(wf.toWorkflowDef().outputParameters, {
      count: '${inbox.output.count}',
      messages: '${inbox.output.messages}',
    });
  });

  void it('HUMAN is a plain HUMAN task with its inputs', () => {
    const t = new HumanTask('approve', { amount: 10 }).toWorkflowTask();
    assert.equal(t.type, 'HUMAN');
    assert.deepEqual(t.inputParameters, { amount: 10 });
  });

  void it('SWITCH with value-param puts the case value in input and nests its branches', () => {
    const a = new SimpleTask('ship_us', 'ship_us_ref');
    const b = new SimpleTask('ship_ca', 'ship_ca_ref');
    const c = new SimpleTask('ship_intl', 'ship_intl_ref');
    const t = new SwitchTask('route', '${workflow.input.country}')
      .switchCase('US', a)
      .switchCase('CA', [b, new NoopTask('noop_ca')])
      .defaultCase(c)
      .toWorkflowTask();
    assert.equal(t.evaluatorType, 'value-param');
    assert.equal(t.expression, 'switchCaseValue');
    assert.deepEqual(t.inputParameters, { switchCaseValue: '${workflow.input.country}' });
    assert.deepEqual(Object.keys(t.decisionCases!), ['US', 'CA']);
    assert.deepEqual(
      t.decisionCases!.CA!.map((x) => x.taskReferenceName),
      ['ship_ca_ref', 'noop_ca'],
    );
    assert.deepEqual(
      t.defaultCase!.map((x) => x.taskReferenceName),
      ['ship_intl_ref'],
    );
  });

  void it('SWITCH with JavaScript puts the script in expression', () => {
    const t = new SwitchTask('big', '$.amount > 100 ? "big" : "small"', true)
      .inputParameter('amount', 5)
      .toWorkflowTask();
    assert.equal(t.evaluatorType, 'javascript');
    assert.equal(t.expression, '$.amount > 100 ? "big" : "small"');
    assert.deepEqual(t.inputParameters, { amount: 5 });
  });

  void it('FORK emits FORK_JOIN and a JOIN on the last task of each branch', () => {
    const email = new SimpleTask('send_email', 'email_ref');
    const sms = new SimpleTask('send_sms', 'sms_ref');
    const log = new SimpleTask('log', 'log_ref');
    const fork = new ForkTask('fan_out', [[email], [sms, log]]);
    const [forkTask, join] = fork.toWorkflowTasks();
    assert.equal(forkTask!.type, 'FORK_JOIN');
    assert.deepEqual(
      forkTask!.forkTasks!.map((branch) => branch.map((x) => x.taskReferenceName)),
      [['email_ref'], ['sms_ref', 'log_ref']],
    );
    assert.deepEqual(join, {
      name: 'fan_out_join',
      taskReferenceName: 'fan_out_join',
      type: 'JOIN',
      inputParameters: {},
      joinOn: ['email_ref', 'log_ref'],
    });
    assert.equal(fork.joinOutput('email_ref'), '${fan_out_join.output.email_ref}');
    // a fork inside a workflow contributes both tasks
    const def = new ConductorWorkflow({ name: 'f' }).add(fork).toWorkflowDef();
    assert.deepEqual(
      def.tasks.map((t) => t.type),
      ['FORK_JOIN', 'JOIN'],
    );
  });

  void it('a branch ending in a nested fork is joined on that fork’s JOIN', () => {
    const inner = new ForkTask('inner', [new SimpleTask('a', 'a_ref'), new SimpleTask('b', 'b_ref')]);
    const outer = new ForkTask('outer', [[inner], [new SimpleTask('c', 'c_ref')]]);
    assert.deepEqual(outer.toWorkflowTasks()[1]!.joinOn, ['inner_join', 'c_ref']);
  });

  void it('dynamic fork: by task list and inputs, or one branch per input', () => {
    const classic = new DynamicForkTask('dyn', {
      tasks: '${prep.output.tasks}' as never,
      inputs: '${prep.output.inputs}' as never,
    }).toWorkflowTasks();
    assert.equal(classic[0]!.type, 'FORK_JOIN_DYNAMIC');
    assert.equal(classic[0]!.dynamicForkTasksParam, 'dynamicTasks');
    assert.equal(classic[0]!.dynamicForkTasksInputParamName, 'dynamicTasksInput');
    assert.deepEqual(classic[0]!.inputParameters, {
      dynamicTasks: '${prep.output.tasks}',
      dynamicTasksInput: '${prep.output.inputs}',
    });
    assert.equal(classic[1]!.type, 'JOIN');

    const perInput = new DynamicForkTask('send_all', {
      forkTaskName: 'send_email',
      forkTaskInputs: [{ to: 'a' }, { to: 'b' }],
    });
    const [fork] = perInput.toWorkflowTasks();
    assert.deepEqual(fork!.inputParameters, {
      forkTaskName: 'send_email',
      forkTaskInputs: [{ to: 'a' }, { to: 'b' }],
    });
    assert.equal(fork!.dynamicForkTasksParam, undefined);
  });

  void it('DO_WHILE with a condition, a fixed count, or a list of items', () => {
    const body = new SimpleTask('check', 'check_ref');
    const loop = new DoWhileTask('poll_loop', '$.poll_loop["iteration"] < 3', [body], {
      keepLastN: 2,
    }).toWorkflowTask();
    assert.equal(loop.type, 'DO_WHILE');
    assert.equal(loop.loopCondition, '$.poll_loop["iteration"] < 3');
    assert.deepEqual(
      loop.loopOver!.map((t) => t.taskReferenceName),
      ['check_ref'],
    );
    assert.deepEqual(loop.inputParameters, { keepLastN: 2 });

    const thrice = new LoopTask('repeat', 3, body).toWorkflowTask();
    assert.equal(thrice.loopCondition, "if ($.repeat['iteration'] < 3) { true; } else { false; }");

    const each = new DoWhileTask('each', '', body, { items: '${workflow.input.orders}' }).toWorkflowTask();
    assert.equal(each.items, '${workflow.input.orders}');
  });

  void it('SUB_WORKFLOW by name and version, or with an inline definition', () => {
    const byName = new SubWorkflowTask('charge', 'charge_payment', {
      version: 2,
      inputs: { amount: 10 },
    }).toWorkflowTask();
    assert.deepEqual(byName.subWorkflowParam, { name: 'charge_payment', version: 2 });
    assert.deepEqual(byName.inputParameters, { amount: 10 });

    const child = new ConductorWorkflow({ name: 'child', version: 4 }).add(new NoopTask('n'));
    const inline = new SubWorkflowTask('child_ref', child, {
      taskToDomain: { '*': 'blue' },
    }).toWorkflowTask();
    assert.equal(inline.subWorkflowParam!.name, 'child');
    assert.equal(inline.subWorkflowParam!.version, 4);
    assert.deepEqual(inline.subWorkflowParam!.workflowDefinition, child.toWorkflowDef());
    assert.deepEqual(inline.subWorkflowParam!.taskToDomain, { '*': 'blue' });
  });

  void it('START_WORKFLOW, SET_VARIABLE, TERMINATE, EVENT, NOOP and DYNAMIC', () => {
    assert.deepEqual(
      new StartWorkflowTask('kick', 'notify', { id: 1 }, { version: 2, correlationId: 'c' }).toWorkflowTask()
        .inputParameters,
      { startWorkflow: { name: 'notify', input: { id: 1 }, version: 2, correlationId: 'c' } },
    );
    const setVar = new SetVariableTask('remember', { customer: 'x' }).toWorkflowTask();
    assert.equal(setVar.type, 'SET_VARIABLE');
    assert.deepEqual(setVar.inputParameters, { customer: 'x' });
    assert.deepEqual(
      new TerminateTask('stop', 'FAILED', 'rejected', { rejected: true }).toWorkflowTask().inputParameters,
      {
        terminationStatus: 'FAILED',
        terminationReason: 'rejected',
        workflowOutput: { rejected: true },
      },
    );
    assert.equal(EventTask.conductor('e1', 'order_created').toWorkflowTask().sink, 'conductor:order_created');
    assert.equal(EventTask.sqs('e2', 'queue').toWorkflowTask().sink, 'sqs:queue');
    assert.equal(new NoopTask('n').toWorkflowTask().type, 'NOOP');
    const dyn = new DynamicTask('ship', '${route.output.carrier}', { orderId: 1 }).toWorkflowTask();
    assert.equal(dyn.dynamicTaskNameParam, 'taskToExecute');
    assert.deepEqual(dyn.inputParameters, { orderId: 1, taskToExecute: '${route.output.carrier}' });
  });

  void it('common options: description, optional, startDelay, retryCount, inline task definition', () => {
    const t = new SimpleTask('s', 's_ref')
      .description('does s')
      .optional()
      .startDelay(5)
      .retryCount(1)
      .taskDefinition({ name: 's', responseTimeoutSeconds: 10 })
      .toWorkflowTask();
    assert.equal(t.description, 'does s');
    assert.equal(t.optional, true);
    assert.equal(t.startDelay, 5);
    assert.equal(t.retryCount, 1);
    assert.deepEqual(t.taskDefinition, { name: 's', responseTimeoutSeconds: 10 });
  });

  void it('expressions for inputs, outputs and variables', () => {
    const wf = new ConductorWorkflow<{ order: { id: number } }>({ name: 'x' });
    const t = new SimpleTask('s', 's_ref');
    assert.equal(wf.input('order'), '${workflow.input.order}');
    assert.equal(wf.input(), '${workflow.input}');
    assert.equal(wf.variable('count'), '${workflow.variables.count}');
    assert.equal(t.output(), '${s_ref.output}');
    assert.equal(t.outputPath('response.body[0]'), '${s_ref.output.response.body[0]}');
    assert.equal(t.input('a'), '${s_ref.input.a}');
  });
});
