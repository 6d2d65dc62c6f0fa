/** Building blocks shared by the wire schemas: nullable optionals, JSON maps, enum unions, audit fields. */
import { KindGuard, Type, type TOptional, type TSchema, type TUnion } from '@sinclair/typebox';

/** Jackson reads an explicit `null` as "absent", so every optional field also accepts null. */
export function Opt(schema: TSchema): TOptional<TUnion> {
  const variants = KindGuard.IsUnion(schema) ? schema.anyOf : [schema];
  return Type.Optional(Type.Union([...variants, Type.Null()]));
}

/** One of the string values of an `as const` enumeration object. */
export function OneOf(values: Record<string, string>): TUnion {
  return Type.Union(Object.values(values).map((value) => Type.Literal(value)));
}

/** Any JSON object (not an array); keys and values are not inspected. */
export const JsonObjectSchema = Type.Object({});

/** `Map<String, String>`: values may be null in Java. */
export const StringMapSchema = Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]));

export const StringListSchema = Type.Array(Type.String());

export const AuditFields = {
  ownerApp: Opt(Type.String()),
  createTime: Opt(Type.Integer()),
  updateTime: Opt(Type.Integer()),
  createdBy: Opt(Type.String()),
  updatedBy: Opt(Type.String()),
};
