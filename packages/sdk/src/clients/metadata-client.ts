/** Workflow and task definitions (`/api/metadata`, §1.1). */
import { ConductorError } from '../errors.js';
import type { HttpClient } from '../http/http-client.js';
import { seg } from '../http/query-string.js';
import type { MetadataTag, TaskDef, WorkflowDef } from '../model/definitions.js';
import type { BulkResponse } from '../model/responses.js';

/**
 * Registers, reads and deletes definitions.
 *
 * @example
 * const metadata = new OrkesClients(new Configuration()).getMetadataClient();
 * await metadata.registerTaskDef({ name: 'task_with_retries', retryCount: 3, retryLogic: 'LINEAR_BACKOFF' });
 * await metadata.registerWorkflowDef(workflow.toWorkflowDef(), true);
 */
export class MetadataClient {
  constructor(private readonly http: HttpClient) {}

  /**
   * Registers a workflow definition. An existing name+version is a 409 unless `overwrite`, which replaces it
   * (falling back to PUT on servers older than Conductor 3.32 that ignore the flag).
   */
  async registerWorkflowDef(workflowDef: WorkflowDef, overwrite = false): Promise<void> {
    try {
      await this.http.void('POST', '/metadata/workflow', { body: workflowDef, query: { overwrite } });
    } catch (error) {
      if (!overwrite || !(error instanceof ConductorError) || error.status !== 409) throw error;
      await this.updateWorkflowDefs([workflowDef]);
    }
  }

  /** Creates or replaces a workflow definition (PUT). */
  async updateWorkflowDef(workflowDef: WorkflowDef): Promise<void> {
    await this.updateWorkflowDefs([workflowDef]);
  }

  /** Creates or replaces several workflow definitions at once. */
  async updateWorkflowDefs(workflowDefs: WorkflowDef[]): Promise<BulkResponse | undefined> {
    return this.http.optionalJson<BulkResponse>('PUT', '/metadata/workflow', { body: workflowDefs });
  }

  /** A definition by name: the given version, or the latest. */
  async getWorkflowDef(name: string, version?: number): Promise<WorkflowDef> {
    return this.http.json<WorkflowDef>('GET', `/metadata/workflow/${seg(name)}`, { query: { version } });
  }

  /** Every version of every workflow definition. */
  async getAllWorkflowDefs(): Promise<WorkflowDef[]> {
    return this.http.json<WorkflowDef[]>('GET', '/metadata/workflow');
  }

  /** Deletes one version; running executions keep the definition they started with. */
  async unregisterWorkflowDef(name: string, version: number): Promise<void> {
    await this.http.void('DELETE', `/metadata/workflow/${seg(name)}/${version}`);
  }

  /** Registers (or silently replaces) one or more task definitions. */
  async registerTaskDef(taskDef: TaskDef | TaskDef[]): Promise<void> {
    await this.http.void('POST', '/metadata/taskdefs', {
      body: Array.isArray(taskDef) ? taskDef : [taskDef],
      idempotent: true,
    });
  }

  /** Replaces an existing task definition (404 if it is not registered). */
  async updateTaskDef(taskDef: TaskDef): Promise<void> {
    await this.http.void('PUT', '/metadata/taskdefs', { body: taskDef });
  }

  async getTaskDef(name: string): Promise<TaskDef> {
    return this.http.json<TaskDef>('GET', `/metadata/taskdefs/${seg(name)}`);
  }

  async getAllTaskDefs(): Promise<TaskDef[]> {
    return this.http.json<TaskDef[]>('GET', '/metadata/taskdefs');
  }

  async unregisterTaskDef(name: string): Promise<void> {
    await this.http.void('DELETE', `/metadata/taskdefs/${seg(name)}`);
  }

  // ---- tags (Orkes routes; the Python SDK's OrkesMetadataClient names) ----

  async addWorkflowTag(tag: MetadataTag, workflowName: string): Promise<void> {
    await this.http.void('POST', `/metadata/workflow/${seg(workflowName)}/tags`, { body: tag });
  }

  /** Replaces every tag of the workflow definition (all versions). */
  async setWorkflowTags(tags: MetadataTag[], workflowName: string): Promise<void> {
    await this.http.void('PUT', `/metadata/workflow/${seg(workflowName)}/tags`, { body: tags });
  }

  async getWorkflowTags(workflowName: string): Promise<MetadataTag[]> {
    return this.http.json<MetadataTag[]>('GET', `/metadata/workflow/${seg(workflowName)}/tags`);
  }

  async deleteWorkflowTag(tag: MetadataTag, workflowName: string): Promise<void> {
    await this.http.void('DELETE', `/metadata/workflow/${seg(workflowName)}/tags`, { body: tag });
  }

  async addTaskTag(tag: MetadataTag, taskName: string): Promise<void> {
    await this.http.void('POST', `/metadata/task/${seg(taskName)}/tags`, { body: tag });
  }

  /** Replaces every tag of the task definition. */
  async setTaskTags(tags: MetadataTag[], taskName: string): Promise<void> {
    await this.http.void('PUT', `/metadata/task/${seg(taskName)}/tags`, { body: tags });
  }

  async getTaskTags(taskName: string): Promise<MetadataTag[]> {
    return this.http.json<MetadataTag[]>('GET', `/metadata/task/${seg(taskName)}/tags`);
  }

  async deleteTaskTag(tag: MetadataTag, taskName: string): Promise<void> {
    await this.http.void('DELETE', `/metadata/task/${seg(taskName)}/tags`, { body: tag });
  }
}
