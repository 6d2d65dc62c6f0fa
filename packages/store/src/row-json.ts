/**
 * The JSON stored in an execution's row and in its tasks' rows. A workflow's input, output and variables, and a
 * task's input and output, stay the same objects from one write to the next: the engine copies them when they
 * change and never edits them in place. A large one is serialized once and its text reused, so a workflow with a
 * 4 MB input is not serialized again at every task completion (30 ms of the event loop each, measured).
 *
 * The payloads come last in the text, after the other fields: readers parse rows, so the order is not seen.
 */
import type { JsonObject, Task, Workflow } from '@baton/protocol';

/** Payloads serialized to at least this many characters keep their text. */
const KEEP_ABOVE_CHARS = 64 * 1024;
/** The texts kept, in characters at most: the least recently used go first. */
const KEEP_AT_MOST_CHARS = 32 * 1024 * 1024;

const kept = new Map<object, string>();
let keptChars = 0;

/** The row JSON of an execution: its fields without its tasks and definition (stored apart). */
export function workflowRowJson(workflow: Workflow): string {
  const { tasks: _tasks, workflowDefinition: _definition, input, output, variables, ...rest } = workflow;
  return withPayloads(JSON.stringify(rest), ['input', input], ['output', output], ['variables', variables]);
}

/** The row JSON of a task. */
export function taskRowJson(task: Task): string {
  const { inputData, outputData, ...rest } = task;
  return withPayloads(JSON.stringify(rest), ['inputData', inputData], ['outputData', outputData]);
}

/** `json` (an object's text) with the payloads added as its last fields; an undefined payload is left out. */
function withPayloads(json: string, ...payloads: [string, JsonObject | undefined][]): string {
  let text = json.slice(0, -1);
  for (const [name, payload] of payloads) {
    if (payload === undefined) continue;
    text += `${text.length > 1 ? ',' : ''}"${name}":${payloadJson(payload)}`;
  }
  return `${text}}`;
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
  if (json.length >= KEEP_ABOVE_CHARS && json.length <= KEEP_AT_MOST_CHARS && typeof payload === 'object') {
    kept.set(payload, json);
    keptChars += json.length;
    for (const [oldest, text] of kept) {
      if (keptChars <= KEEP_AT_MOST_CHARS) break;
      kept.delete(oldest);
      keptChars -= text.length;
    }
  }
  return json;
}
