/**
 * External payload storage as Conductor's Java client handles it: payloads the server stored by path are read
 * back where the SDK returns tasks and workflows, and a task output above the threshold is uploaded first and
 * reported by path (so it never has to fit in one update request). The storage URIs come from
 * `GET /api/{tasks,workflow}/externalstoragelocation`; Baton serves them itself (or any store that takes PUT/GET).
 */
import type { HttpClient } from '../http/http-client.js';
import type { JsonObject } from '../model/definitions.js';
import type { Task, TaskResult, Workflow } from '../model/execution.js';

export type PayloadType = 'WORKFLOW_INPUT' | 'WORKFLOW_OUTPUT' | 'TASK_INPUT' | 'TASK_OUTPUT';

/** Where to PUT or GET a payload. */
export interface ExternalStorageLocation {
  uri: string;
  path: string;
}

/** Conductor's client default: task outputs above 3072 KB are uploaded instead of sent inline. */
export const TASK_OUTPUT_UPLOAD_THRESHOLD_BYTES = 3072 * 1024;

export class ExternalPayloadClient {
  constructor(
    private readonly http: HttpClient,
    private readonly uploadThresholdBytes = TASK_OUTPUT_UPLOAD_THRESHOLD_BYTES,
  ) {}

  /** Where to upload a new payload (WRITE) or download a stored one (READ). */
  async location(
    operation: 'READ' | 'WRITE',
    payloadType: PayloadType,
    path?: string,
  ): Promise<ExternalStorageLocation> {
    const resource = payloadType.startsWith('TASK') ? 'tasks' : 'workflow';
    return this.http.json<ExternalStorageLocation>('GET', `/${resource}/externalstoragelocation`, {
      query: { operation, payloadType, path },
    });
  }

  async download(path: string, payloadType: PayloadType): Promise<JsonObject> {
    const { uri } = await this.location('READ', payloadType, path);
    const response = await this.fetch()(uri);
    if (!response.ok) throw new Error(`Could not download external payload ${path}: HTTP ${response.status}`);
    return (await response.json()) as JsonObject;
  }

  /** Stores `payload`; returns its path. */
  async upload(payload: JsonObject, payloadType: PayloadType): Promise<string> {
    const { uri, path } = await this.location('WRITE', payloadType);
    const response = await this.fetch()(uri, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    if (!response.ok) throw new Error(`Could not upload external payload ${path}: HTTP ${response.status}`);
    return path;
  }

  /** The task with its stored input and output read back in place. */
  async populateTask<T extends Task<unknown>>(task: T): Promise<T> {
    const { externalInputPayloadStoragePath: inPath, externalOutputPayloadStoragePath: outPath } = task;
    if (!inPath && !outPath) return task;
    return {
      ...task,
      ...(inPath && { inputData: await this.download(inPath, 'TASK_INPUT') }),
      ...(outPath && { outputData: await this.download(outPath, 'TASK_OUTPUT') }),
    };
  }

  /** The workflow with its stored input and output, and its tasks', read back in place. */
  async populateWorkflow<W extends Workflow<unknown>>(workflow: W): Promise<W> {
    const { externalInputPayloadStoragePath: inPath, externalOutputPayloadStoragePath: outPath } = workflow;
    const tasks: Task[] = [];
    for (const task of workflow.tasks ?? []) tasks.push(await this.populateTask(task));
    return {
      ...workflow,
      ...(inPath && { input: await this.download(inPath, 'WORKFLOW_INPUT') }),
      ...(outPath && { output: await this.download(outPath, 'WORKFLOW_OUTPUT') }),
      tasks,
    };
  }

  /** A result whose output is above the threshold goes by path, its output uploaded. */
  async externalizeResult(result: TaskResult): Promise<TaskResult> {
    const output = result.outputData;
    if (!output || result.externalOutputPayloadStoragePath) return result;
    const json = JSON.stringify(output);
    if (Buffer.byteLength(json) <= this.uploadThresholdBytes) return result;
    const path = await this.upload(output, 'TASK_OUTPUT');
    return { ...result, outputData: {}, externalOutputPayloadStoragePath: path };
  }

  private fetch(): typeof globalThis.fetch {
    return this.http.configuration.fetch ?? globalThis.fetch;
  }
}
