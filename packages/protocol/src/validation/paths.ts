/**
 * Conductor reports field paths Java-style: `tasks[0].decisionCases.caseA[1].name`. These helpers build
 * such paths, starting from an optional base (e.g. `workflowDef` for a def nested in a request).
 */

import { isRecord } from './values.js';

const PLAIN_KEY = /^[\w$-]+$/;

/** `base.key`, or `base["odd key"]` when the key would not read as one path segment. */
export function propertyPath(base: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === '' ? key : `${base}.${key}`;
}

export function indexPath(base: string, index: number): string {
  return `${base}[${index}]`;
}

/** Turns a JSON pointer (`/tasks/0/name`) into a Java-style path, using the value to tell indexes from keys. */
export function pointerToPath(pointer: string, root: unknown, base: string): string {
  if (pointer === '') return base;
  let path = base;
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      path = indexPath(path, Number(segment));
      current = current[Number(segment)];
    } else {
      path = propertyPath(path, segment);
      current = isRecord(current) ? current[segment] : undefined;
    }
  }
  return path;
}
