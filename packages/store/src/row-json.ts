/**
 * The JSON stored in an execution's row and in its tasks' rows. A workflow's input, output and variables, and a
 * task's input and output, stay the same objects from one write to the next: the engine copies them when they
 * change and never edits them in place. A large one is serialized once and its text reused, so a workflow with a
 * 4 MB input is not serialized again at every task completion (30 ms of the event loop each, measured).
 *
 * Once a row's payload is known to be large, the row's payloads come last in its text, after the other fields:
 * readers parse rows, so the order is not seen.
 */
import type { JsonObject, Task, Workflow } from '@baton/protocol';

/** Payloads serialized to at least this many characters are large: their text is kept. */
export const LARGE_PAYLOAD_CHARS = 64 * 1024;
/** The texts kept, in characters at most: the least recently used go first. */
const KEEP_AT_MOST_CHARS = 32 * 1024 * 1024;

const kept = new Map<object, string>();
let keptChars = 0;
/**
 * Payloads of a row found large when it was serialized whole, their texts not kept yet. A row is serialized whole
 * (JSON.stringify's fast path) until one of its payloads is known to be large: small rows, nearly all of them, pay
 * nothing for this, and a large row's first write (a start with a 5 MB input) serializes it once, not twice.
 */
const foundLarge = new WeakSet<object>();

/** The payloads of an execution a store may keep apart from its row, each with its bit in a row's mask. */
export const WORKFLOW_PAYLOADS = { input: 1, output: 2, variables: 4 } as const;
export type WorkflowPayload = keyof typeof WORKFLOW_PAYLOADS;

/** The row JSON of an execution: its fields without its tasks and definition (stored apart). */
export function workflowRowJson(workflow: Workflow): string {
  const { fields, apart } = workflowRowParts(workflow);
  return joinObjects(fields, payloadsText(apart));
}

/**
 * An execution's row JSON in parts: `fields`, with its small payloads, and its large payloads `apart`. A store that
 * rewrites whole rows keeps each large one in a row of its own, written only when it changes.
 */
export function workflowRowParts(workflow: Workflow): {
  fields: string;
  apart: [name: WorkflowPayload, json: string][];
} {
  const { tasks: _tasks, workflowDefinition: _definition, ...whole } = workflow;
  const { input, output, variables } = workflow;
  if (!someKnownLarge(input, output, variables)) {
    const fields = JSON.stringify(whole);
    if (fields.length >= LARGE_PAYLOAD_CHARS) markLarge(input, output, variables);
    return { fields, apart: [] };
  }
  const { input: _input, output: _output, variables: _variables, ...rest } = whole;
  const payloads: Record<WorkflowPayload, JsonObject | undefined> = { input, output, variables };
  const inline: [string, string][] = [];
  const apart: [WorkflowPayload, string][] = [];
  for (const name of Object.keys(WORKFLOW_PAYLOADS) as WorkflowPayload[]) {
    const payload = payloads[name];
    if (payload === undefined) continue;
    const json = payloadJson(payload);
    if (json.length >= LARGE_PAYLOAD_CHARS) apart.push([name, json]);
    else inline.push([name, json]);
  }
  return { fields: joinObjects(JSON.stringify(rest), payloadsText(inline)), apart };
}

/** An object's text from its fields' names and JSON texts. */
export function payloadsText(named: readonly (readonly [string, string])[]): string {
  return `{${named.map(([name, json]) => `"${name}":${json}`).join(',')}}`;
}

/** The row JSON of a task. */
export function taskRowJson(task: Task): string {
  const { inputData, outputData } = task;
  if (!someKnownLarge(inputData, outputData)) {
    const json = JSON.stringify(task);
    if (json.length >= LARGE_PAYLOAD_CHARS) markLarge(inputData, outputData);
    return json;
  }
  const { inputData: _input, outputData: _output, ...rest } = task;
  const named: [string, string][] = [];
  if (inputData !== undefined) named.push(['inputData', payloadJson(inputData)]);
  if (outputData !== undefined) named.push(['outputData', payloadJson(outputData)]);
  return joinObjects(JSON.stringify(rest), payloadsText(named));
}

/** The fields of two JSON objects' texts in one object's text. */
export function joinObjects(first: string, second: string): string {
  if (second.length <= 2) return first;
  if (first.length <= 2) return second;
  return `${first.slice(0, -1)},${second.slice(1)}`;
}

function someKnownLarge(...payloads: (JsonObject | undefined)[]): boolean {
  return payloads.some((p) => p !== undefined && (kept.has(p) || foundLarge.has(p)));
}

function markLarge(...payloads: (JsonObject | undefined)[]): void {
  for (const payload of payloads)
    if (typeof payload === 'object' && payload !== null) foundLarge.add(payload);
}

/**
 * The JSON text of `payload` made elsewhere, e.g. where its request body was parsed off the event loop: written
 * for this very object (never for one that replaced it) instead of serializing it again here.
 */
export function rememberPayloadText(payload: JsonObject, text: string): void {
  if (text.length >= LARGE_PAYLOAD_CHARS) keep(payload, text);
}

function payloadJson(payload: JsonObject): string {
  const known = kept.get(payload);
  if (known !== undefined) {
    // Most recently used last, so eviction takes the front.
    kept.delete(payload);
    kept.set(payload, known);
    return known;
  }
  const json = JSON.stringify(payload);
  if (json.length >= LARGE_PAYLOAD_CHARS) keep(payload, json);
  return json;
}

function keep(payload: JsonObject, text: string): void {
  if (text.length > KEEP_AT_MOST_CHARS || typeof payload !== 'object' || payload === null) return;
  keptChars -= kept.get(payload)?.length ?? 0;
  kept.delete(payload);
  kept.set(payload, text);
  keptChars += text.length;
  for (const [oldest, held] of kept) {
    if (keptChars <= KEEP_AT_MOST_CHARS) break;
    kept.delete(oldest);
    keptChars -= held.length;
  }
}
