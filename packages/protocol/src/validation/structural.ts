/**
 * Type checks of wire objects with TypeBox. Checkers are compiled once at module load; the error walk only
 * runs when the fast check fails, so a valid object costs one compiled function call.
 */
import { KindGuard, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import type { ErrorCollector } from './error-collector.js';
import { pointerToPath } from './paths.js';

export type StructureCheck = (value: unknown, basePath: string, out: ErrorCollector) => void;

export function compileStructureCheck(schema: TSchema): StructureCheck {
  const checker = TypeCompiler.Compile(schema);
  return (value, basePath, out) => {
    if (checker.Check(value)) return;
    report(checker.Errors(value), value, basePath, out);
  };
}

function report(errors: Iterable<ValueError>, root: unknown, basePath: string, out: ErrorCollector): void {
  for (const error of errors) {
    // `Opt(x)` is `x | null`: when x is the only real choice, its own errors are the useful ones.
    if (error.type === ValueErrorType.Union && KindGuard.IsUnion(error.schema)) {
      const real = error.schema.anyOf.flatMap((variant, i) => (KindGuard.IsNull(variant) ? [] : [i]));
      const only = real.length === 1 ? error.errors[real[0]!] : undefined;
      if (only !== undefined) {
        report(only, root, basePath, out);
        continue;
      }
    }
    out.add(pointerToPath(error.path, root, basePath), messageFor(error), error.value);
  }
}

function messageFor(error: ValueError): string {
  if (error.type === ValueErrorType.ObjectRequiredProperty) return 'is required';
  if (error.type === ValueErrorType.IntegerMinimum || error.type === ValueErrorType.NumberMinimum) {
    return `must be at least ${String(error.schema.minimum)}`;
  }
  const expected = describe(error.schema);
  return expected === undefined ? error.message : `must be ${expected}`;
}

function describe(schema: TSchema): string | undefined {
  if (KindGuard.IsUnion(schema)) {
    const variants = schema.anyOf.filter((variant) => !KindGuard.IsNull(variant));
    if (variants.every((variant) => KindGuard.IsLiteral(variant))) {
      return `one of ${variants.map((variant) => String(variant.const)).join(', ')}`;
    }
    const parts = variants.map(describe);
    return parts.every((part) => part !== undefined) ? parts.join(' or ') : undefined;
  }
  if (KindGuard.IsInteger(schema)) return 'an integer';
  if (KindGuard.IsNumber(schema)) return 'a number';
  if (KindGuard.IsString(schema)) return 'a string';
  if (KindGuard.IsBoolean(schema)) return 'a boolean';
  if (KindGuard.IsObject(schema) || KindGuard.IsRecord(schema)) return 'an object';
  if (KindGuard.IsArray(schema)) return 'an array';
  if (KindGuard.IsLiteral(schema)) return String(schema.const);
  return undefined;
}
