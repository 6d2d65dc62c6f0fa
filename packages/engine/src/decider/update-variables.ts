/**
 * Merging variables into a workflow (POST /api/workflow/{id}/variables, the event action
 * `update_workflow_variables`). With `appendArray` a value is appended to an existing array variable.
 */
import type { JsonObject } from '@baton/protocol';
import type { Pass } from './pass.js';

export function updateVariables(pass: Pass, variables: JsonObject, appendArray = false): void {
  const merged: JsonObject = { ...pass.workflow.variables };
  for (const [key, value] of Object.entries(variables)) {
    const existing = merged[key];
    merged[key] = appendArray && Array.isArray(existing) ? [...(existing as unknown[]), value] : value;
  }
  pass.updateWorkflow({ variables: merged });
}
