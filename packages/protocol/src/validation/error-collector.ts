import type { ValidationError } from '../models.js';

/** Accumulates validation errors, dropping exact repeats (same path and message). */
export class ErrorCollector {
  readonly errors: ValidationError[] = [];
  private readonly seen = new Set<string>();

  add(path: string, message: string, invalidValue?: unknown): void {
    const key = `${path}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(invalidValue === undefined ? { path, message } : { path, message, invalidValue });
  }
}
