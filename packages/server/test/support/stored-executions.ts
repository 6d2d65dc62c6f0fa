/** An execution to write through ExternalPayloads.wrap, and its input read back through its storage path. */
import assert from 'node:assert/strict';
import type { Workflow } from '@baton/protocol';
import type { Store } from '@baton/store';

export function execution(workflowId: string, input: Workflow['input']): Workflow {
  return {
    workflowId,
    workflowName: 'payloads',
    workflowVersion: 1,
    status: 'RUNNING',
    input,
    output: {},
    variables: {},
    tasks: [],
    priority: 0,
    startTime: 1,
    createTime: 1,
    endTime: 0,
    lastRetriedTime: 0,
    failedReferenceTaskNames: [],
    failedTaskNames: [],
    workflowDefinition: { name: 'payloads', version: 1, tasks: [], schemaVersion: 2, timeoutSeconds: 0 },
  };
}

/** The execution's stored input, read back through its path (which must be there, with its payload). */
export async function storedInput(
  store: Store,
  workflowId: string,
): Promise<{ path: string; payload: unknown }> {
  const path = (await store.getWorkflow(workflowId, false))?.externalInputPayloadStoragePath;
  assert.ok(path, 'the input is stored externally');
  const bytes = await store.getExternalPayload(path);
  assert.ok(bytes, `the payload at ${path} is there`);
  return { path, payload: JSON.parse(bytes.toString('utf8')) };
}
