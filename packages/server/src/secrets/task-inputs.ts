/**
 * `${workflow.secrets.NAME}` and `${workflow.env.NAME}` stay as written in stored task input (the engine leaves
 * them alone), so the API, the UI, search and logs never hold their values. They are filled in only on the copy
 * of a task handed to its worker or executor; what an executor reports back is masked again.
 */
import { mapJson, someJsonLeaf, type JsonObject, type Task } from '@baton/protocol';
import type { AllowedEnvironment } from './environment.js';
import type { SecretService } from './secret-service.js';

const REFERENCE = /\$\{workflow\.(secrets|env)\.([A-Za-z0-9_.-]+)\}/g;
const MASK = '***';

export interface RevealedTask {
  task: Task;
  /** The values put in, to mask in what comes back. */
  revealed: string[];
}

export class TaskInputs {
  constructor(
    private readonly secrets: SecretService,
    private readonly env: AllowedEnvironment,
  ) {}

  async reveal(task: Task): Promise<RevealedTask> {
    const references = new Set<string>();
    collect(task.inputData, references);
    if (references.size === 0) return { task, revealed: [] };
    const values = new Map<string, string>();
    for (const reference of references) {
      const [kind, name] = reference.split('\n') as [string, string];
      // A secret that cannot be opened (another key) stays a reference rather than failing the hand-out.
      const value =
        kind === 'secrets' ? await this.secrets.value(name).catch(() => undefined) : this.env.get(name);
      if (value !== undefined) values.set(reference, value);
    }
    if (values.size === 0) return { task, revealed: [] };
    const inputData = substitute(task.inputData, values) as JsonObject;
    return { task: { ...task, inputData }, revealed: [...values.values()].filter((v) => v !== '') };
  }
}

/** Replaces every revealed value in the strings of `value` (keys included) by `***`. */
export function maskRevealed<T>(value: T, revealed: readonly string[]): T {
  if (revealed.length === 0) return value;
  // Longest first, so a value containing another is masked whole.
  const sorted = [...revealed].sort((a, b) => b.length - a.length);
  const maskString = (text: string): string => sorted.reduce((t, secret) => t.replaceAll(secret, MASK), text);
  return mapJson(value, (leaf) => (typeof leaf === 'string' ? maskString(leaf) : leaf), maskString) as T;
}

function collect(node: unknown, into: Set<string>): void {
  someJsonLeaf(node, (leaf) => {
    if (typeof leaf !== 'string') return;
    for (const match of leaf.matchAll(REFERENCE)) into.add(`${match[1]}\n${match[2]}`);
  });
}

function substitute(node: unknown, values: ReadonlyMap<string, string>): unknown {
  return mapJson(node, (leaf) =>
    typeof leaf === 'string'
      ? leaf.replace(
          REFERENCE,
          (whole, kind: string, name: string) => values.get(`${kind}\n${name}`) ?? whole,
        )
      : leaf,
  );
}
