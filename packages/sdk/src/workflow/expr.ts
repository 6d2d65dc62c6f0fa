/**
 * Typed `${...}` expressions. At run time an expression is the plain string Conductor resolves
 * (`${workflow.input.name}`, `${greet_ref.output.result}`); at compile time it also carries the type of the
 * value it resolves to, so wiring a task's output into another task's input is type-checked.
 */

declare const valueType: unique symbol;

/**
 * A `${...}` expression that resolves to a value of type `T`. The brand exists only for the type checker: make
 * expressions with the builders (`workflow.input`, `task.output`) or `expr()`.
 */
export type Expr<T> = string & { readonly [valueType]: T };

type Primitive = string | number | boolean | bigint | null | undefined;

/**
 * What may stand where a value of type `T` is expected in task inputs: the value itself, an expression of that
 * type, or (for objects and arrays) a structure whose leaves are either.
 */
export type Bindable<T> =
  | Expr<T>
  | (T extends Primitive
      ? T
      : T extends readonly (infer E)[]
        ? readonly Bindable<E>[]
        : T extends object
          ? { [K in keyof T]: Bindable<T[K]> }
          : T);

/** Task input bindings for an input of type `I`: each key a value or an expression. */
export type Bindings<I> = { [K in keyof I]: Bindable<I[K]> };

/** The value type bindings resolve to at run time: expressions become their value type. */
export type Resolved<P> =
  P extends Expr<infer T>
    ? T
    : P extends readonly unknown[]
      ? { [K in keyof P]: Resolved<P[K]> }
      : P extends object
        ? { [K in keyof P]: Resolved<P[K]> }
        : P;

/**
 * An expression with a declared type, for paths the builders cannot type (deep paths, JSONPath filters).
 *
 * @example
 * const firstSku = expr<string>('${order_ref.output.items[0].sku}');
 */
export function expr<T = unknown>(expression: string): Expr<T> {
  return expression as Expr<T>;
}

/** `${<path>}` */
export const ref = <T>(path: string): Expr<T> => `\${${path}}` as Expr<T>;

/** The value type of an expression nothing is known about: it binds anywhere, as in the Python SDK. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyValue = any;
