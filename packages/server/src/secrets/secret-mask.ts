/**
 * Masks the value of every stored secret in what is about to be recorded (the event monitor's payloads): an
 * EVENT task publishes its input with `${workflow.secrets.X}` filled in, and those values must not land in a
 * table the API serves. Reads the secrets on every call, so one created a moment ago is masked too.
 */
import type { SecretService } from './secret-service.js';
import { maskRevealed } from './task-inputs.js';

export function secretMask(secrets: SecretService): <T>(value: T) => Promise<T> {
  return async <T>(value: T): Promise<T> => {
    const names = await secrets.names();
    if (names.length === 0) return value;
    // A secret sealed with another key cannot be opened here, and cannot have been revealed either.
    const values = await Promise.all(names.map((name) => secrets.value(name).catch(() => undefined)));
    return maskRevealed(
      value,
      values.filter((v): v is string => v !== undefined && v !== ''),
    );
  };
}
