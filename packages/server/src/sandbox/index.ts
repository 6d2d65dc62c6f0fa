/** The sandboxes for user scripts (INLINE, JavaScript conditions) and jq programs (JSON_JQ_TRANSFORM). */
export type {
  EvaluationOwner,
  JqResult,
  JqSandbox,
  SandboxError,
  SandboxSharingOptions,
  ScriptResult,
  ScriptSandbox,
} from './contract.js';
export { createScriptSandbox, type ScriptSandboxOptions } from './script-sandbox.js';
export { createJqSandbox, type JqSandboxOptions } from './jq-sandbox.js';
