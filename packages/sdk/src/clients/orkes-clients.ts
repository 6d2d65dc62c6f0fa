/** The single entry point of the Conductor SDKs: one configuration, one HTTP connection pool, every client. */
import { Configuration } from '../config/configuration.js';
import { WorkflowExecutor } from '../executor/workflow-executor.js';
import { HttpClient } from '../http/http-client.js';
import { EventClient } from './event-client.js';
import { MetadataClient } from './metadata-client.js';
import { SchedulerClient } from './scheduler-client.js';
import { SecretClient } from './secret-client.js';
import { TaskClient } from './task-client.js';
import { WorkflowClient } from './workflow-client.js';

/**
 * Builds the SDK clients from one configuration (named as in the other Conductor SDKs; works with any
 * Conductor-compatible server, not just Orkes).
 *
 * @example
 * const clients = new OrkesClients(new Configuration());
 * const workflowClient = clients.getWorkflowClient(); // pause, resume, terminate, restart, search
 * const taskClient = clients.getTaskClient(); // signal WAIT tasks, logs
 * const metadataClient = clients.getMetadataClient(); // register task and workflow definitions
 * const schedulerClient = clients.getSchedulerClient(); // cron schedules that start workflows
 * const eventClient = clients.getEventClient(); // event handlers and their tags
 * const secretClient = clients.getSecretClient(); // secrets tasks use as ${workflow.secrets.NAME}
 * const executor = clients.getWorkflowExecutor(); // run workflows
 */
export class OrkesClients {
  readonly configuration: Configuration;
  readonly http: HttpClient;
  private workflowClient?: WorkflowClient;
  private taskClient?: TaskClient;
  private metadataClient?: MetadataClient;
  private schedulerClient?: SchedulerClient;
  private eventClient?: EventClient;
  private secretClient?: SecretClient;
  private executor?: WorkflowExecutor;

  constructor(configuration: Configuration = new Configuration()) {
    this.configuration = configuration;
    this.http = new HttpClient(configuration);
  }

  getWorkflowClient(): WorkflowClient {
    return (this.workflowClient ??= new WorkflowClient(this.http));
  }

  getTaskClient(): TaskClient {
    return (this.taskClient ??= new TaskClient(this.http));
  }

  getMetadataClient(): MetadataClient {
    return (this.metadataClient ??= new MetadataClient(this.http));
  }

  getSchedulerClient(): SchedulerClient {
    return (this.schedulerClient ??= new SchedulerClient(this.http));
  }

  getEventClient(): EventClient {
    return (this.eventClient ??= new EventClient(this.http));
  }

  getSecretClient(): SecretClient {
    return (this.secretClient ??= new SecretClient(this.http));
  }

  getWorkflowExecutor(): WorkflowExecutor {
    return (this.executor ??= new WorkflowExecutor({
      workflowClient: this.getWorkflowClient(),
      taskClient: this.getTaskClient(),
      metadataClient: this.getMetadataClient(),
    }));
  }
}
