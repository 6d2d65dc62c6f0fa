/**
 * Workflow as code: a builder for a workflow definition that can also register, start, execute and test itself
 * through a WorkflowExecutor. `I` is the workflow's input type, `O` its output type.
 */
import type { ExecuteWorkflowOptions } from '../clients/workflow-client.js';
import type { WorkflowExecutor } from '../executor/workflow-executor.js';
import type { JsonObject, WorkflowDef } from '../model/definitions.js';
import type { IdempotencyStrategy, WorkflowTimeoutPolicy } from '../model/enums.js';
import type { Workflow } from '../model/execution.js';
import type { StartWorkflowRequest, TaskMock, WorkflowTestRequest } from '../model/requests.js';
import type { WorkflowRun } from '../model/responses.js';
import { ref, type AnyValue, type Expr, type Resolved } from './expr.js';
import { toWorkflowTasks, type TaskBuilder } from './task-builder.js';

export interface ConductorWorkflowOptions {
  name: string;
  /** Default 1. */
  version?: number;
  description?: string;
  /** Needed for register/start/execute/test. */
  executor?: WorkflowExecutor;
}

export interface StartOptions {
  correlationId?: string;
  priority?: number;
  taskToDomain?: Record<string, string>;
  idempotencyKey?: string;
  idempotencyStrategy?: IdempotencyStrategy;
}

/**
 * @example
 * const wf = new ConductorWorkflow<{ userid: string }>({ name: 'email_workflow', version: 1, executor });
 * const getEmail = getUserEmail.task('get_user_email_ref', { userid: wf.input('userid') });
 * const send = sendEmail.task('send_email_ref', { email: getEmail.output('result'), subject: 'Hello', body: 'Welcome!' });
 * const typed = wf.add(getEmail).add(send).outputParameters({ email: getEmail.output('result') });
 * await typed.register(true);
 * const run = await typed.execute({ userid: 'user_a' }); // run.output.email: string
 */
export class ConductorWorkflow<I extends object = Record<string, AnyValue>, O = JsonObject> {
  readonly name: string;
  version: number;
  private readonly executor?: WorkflowExecutor;
  private readonly tasks: TaskBuilder<unknown>[] = [];
  private readonly def: Omit<WorkflowDef, 'name' | 'version' | 'tasks'> = {};

  constructor(options: ConductorWorkflowOptions) {
    this.name = options.name;
    this.version = options.version ?? 1;
    if (options.description !== undefined) this.def.description = options.description;
    if (options.executor !== undefined) this.executor = options.executor;
  }

  /** Appends tasks, in order (Python's `workflow >> task`). Chainable: `wf.add(a).add(b)`. */
  add(...tasks: TaskBuilder<unknown>[]): this {
    this.tasks.push(...tasks);
    return this;
  }

  /** A workflow input value (`${workflow.input.key}`), or the whole input. */
  input(): Expr<I>;
  input<K extends keyof I & string>(key: K): Expr<I[K]>;
  input(key?: string): Expr<unknown> {
    return ref(key === undefined ? 'workflow.input' : `workflow.input.${key}`);
  }

  /** A workflow variable (`${workflow.variables.key}`), as set by SET_VARIABLE tasks. */
  variable<T = AnyValue>(key: string): Expr<T> {
    return ref(`workflow.variables.${key}`);
  }

  description(text: string): this {
    this.def.description = text;
    return this;
  }

  /** 0 = no timeout. */
  timeoutSeconds(seconds: number): this {
    this.def.timeoutSeconds = seconds;
    return this;
  }

  /** TIME_OUT_WF fails the workflow at its timeout; ALERT_ONLY (the server default) only reports it. */
  timeoutPolicy(policy: WorkflowTimeoutPolicy): this {
    this.def.timeoutPolicy = policy;
    return this;
  }

  ownerEmail(email: string): this {
    this.def.ownerEmail = email;
    return this;
  }

  /** A workflow started when this one fails (it gets this one's input, id and failure reason). */
  failureWorkflow(name: string, version?: number): this {
    this.def.failureWorkflow = name;
    if (version !== undefined) this.def.failureWorkflowVersion = version;
    return this;
  }

  /** false forbids restarting COMPLETED executions. */
  restartable(flag: boolean): this {
    this.def.restartable = flag;
    return this;
  }

  /** Initial workflow variables. */
  variables(variables: JsonObject): this {
    this.def.variables = { ...variables };
    return this;
  }

  /** Documents the input keys the workflow expects. */
  inputParameters(keys: string[]): this {
    this.def.inputParameters = [...keys];
    return this;
  }

  /** Defaults merged into the workflow input (keys the caller leaves out). */
  inputTemplate(template: JsonObject): this {
    this.def.inputTemplate = { ...template };
    return this;
  }

  workflowStatusListenerEnabled(flag = true): this {
    this.def.workflowStatusListenerEnabled = flag;
    return this;
  }

  /**
   * The workflow's output, built from expressions. Returns the workflow typed with that output, so
   * `execute()` results are typed: keep the returned value.
   */
  outputParameters<P extends object>(parameters: P): ConductorWorkflow<I, Resolved<P>> {
    this.def.outputParameters = { ...(parameters as JsonObject) };
    return this as unknown as ConductorWorkflow<I, Resolved<P>>;
  }

  /** Adds one output key. */
  outputParameter(key: string, value: unknown): this {
    this.def.outputParameters = { ...this.def.outputParameters, [key]: value };
    return this;
  }

  /** The workflow definition (JSON) this builder describes. */
  toWorkflowDef(): WorkflowDef {
    if (this.tasks.length === 0) throw new Error(`Workflow ${this.name} has no tasks`);
    return {
      name: this.name,
      version: this.version,
      schemaVersion: 2,
      ...this.def,
      tasks: toWorkflowTasks(this.tasks),
      outputParameters: { ...this.def.outputParameters },
    };
  }

  /** Registers the definition (`overwrite` replaces the same name+version). */
  async register(overwrite = false): Promise<void> {
    await this.requireExecutor('register').registerWorkflow(this.toWorkflowDef(), overwrite);
  }

  /** Starts an execution of this definition (sent inline: no registration needed); returns its id. */
  async start(input: I, options: StartOptions = {}): Promise<string> {
    return this.requireExecutor('start').startWorkflow(this.startRequest(input, options));
  }

  /**
   * Starts an execution of this definition and waits for its result (default wait 10 s).
   *
   * @example
   * const run = await wf.execute({ userid: 'user_a' }, { waitForSeconds: 5 });
   * if (run.status === 'COMPLETED') console.log(run.output);
   */
  async execute(input: I, options: ExecuteWorkflowOptions & StartOptions = {}): Promise<WorkflowRun<O>> {
    const { correlationId, priority, taskToDomain, idempotencyKey, idempotencyStrategy, ...execute } =
      options;
    const request = this.startRequest(input, {
      correlationId,
      priority,
      taskToDomain,
      idempotencyKey,
      idempotencyStrategy,
    });
    return this.requireExecutor('execute').executeWorkflow<I, O>(request, execute);
  }

  /**
   * Runs this definition on the server with mocked task outputs (POST /api/workflow/test).
   *
   * @example
   * const run = await wf.test({ greet_ref: [{ status: 'COMPLETED', output: { result: 'Hi' } }] }, { name: 'x' });
   * assert.equal(run.status, 'COMPLETED');
   */
  async test(
    mocks: Record<string, TaskMock[]>,
    input?: I,
    extra: Partial<WorkflowTestRequest<I>> = {},
  ): Promise<Workflow<O>> {
    const request: WorkflowTestRequest<I> = {
      ...extra,
      name: this.name,
      version: this.version,
      workflowDef: this.toWorkflowDef(),
      taskRefToMockOutput: mocks,
    };
    if (input !== undefined) request.input = input;
    return this.requireExecutor('test').testWorkflow<I, O>(request);
  }

  private startRequest(input: I, options: StartOptions): StartWorkflowRequest<I> {
    const request: StartWorkflowRequest<I> = {
      name: this.name,
      version: this.version,
      input,
      workflowDef: this.toWorkflowDef(),
    };
    for (const [key, value] of Object.entries(options)) {
      if (value !== undefined) (request as unknown as Record<string, unknown>)[key] = value;
    }
    return request;
  }

  private requireExecutor(action: string): WorkflowExecutor {
    if (!this.executor) throw new Error(`Workflow ${this.name}: pass an executor to ${action} it`);
    return this.executor;
  }
}
