/**
 * The schema a worker may declare for its input, in any of three forms: a JSON Schema (checked by the SDK), an
 * object with `parse(input)` (zod and the like: its result becomes the input), or a Standard Schema
 * (`~standard.validate`: zod, valibot, arktype, ...). A mismatch fails the task with a terminal error.
 */
import { InputValidationError } from '../errors.js';
import { validateJsonSchema, type JsonSchema } from './json-schema.js';

export interface ParseSchema<I> {
  parse(input: unknown): I;
}

/** The part of the Standard Schema v1 interface the SDK uses. */
export interface StandardSchema<I> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    validate(value: unknown): StandardResult<I> | Promise<StandardResult<I>>;
  };
}

type StandardResult<I> =
  | { readonly value: I; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<unknown> }> };

export type InputSchema<I> = JsonSchema | ParseSchema<I> | StandardSchema<I>;

/** Turns a schema into a function that returns the (possibly parsed) input or throws InputValidationError. */
export function inputValidator<I>(
  taskType: string,
  schema: InputSchema<I>,
): (input: unknown) => I | Promise<I> {
  if ('~standard' in schema) {
    return async (input) => {
      const result = await schema['~standard'].validate(input);
      if (result.issues) {
        throw new InputValidationError(
          taskType,
          result.issues.map((i) =>
            i.path?.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message,
          ),
        );
      }
      return result.value;
    };
  }
  if ('parse' in schema && typeof schema.parse === 'function') {
    return (input) => {
      try {
        return schema.parse(input);
      } catch (error) {
        throw new InputValidationError(taskType, [error instanceof Error ? error.message : String(error)]);
      }
    };
  }
  const json = schema as JsonSchema;
  return (input) => {
    const issues = validateJsonSchema(json, input);
    if (issues.length > 0) throw new InputValidationError(taskType, issues);
    return input as I;
  };
}
