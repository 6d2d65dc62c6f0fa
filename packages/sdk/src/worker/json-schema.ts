/**
 * A small JSON Schema validator for worker inputs: type, properties, required, additionalProperties, items,
 * enum, const, minimum/maximum, minLength/maxLength, pattern. Returns one message per problem, with its path.
 */

export interface JsonSchema {
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  description?: string;
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export function validateJsonSchema(schema: JsonSchema, value: unknown, path = '$'): string[] {
  const issues: string[] = [];
  check(schema, value, path, issues);
  return issues;
}

function check(schema: JsonSchema, value: unknown, path: string, issues: string[]): void {
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t))) {
      issues.push(`${path}: expected ${types.join(' or ')}, got ${describe(value)}`);
      return;
    }
  }
  if (schema.enum !== undefined && !schema.enum.some((e) => sameJson(e, value))) {
    issues.push(`${path}: must be one of ${JSON.stringify(schema.enum)}`);
  }
  if (schema.const !== undefined && !sameJson(schema.const, value)) {
    issues.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  }
  if (typeof value === 'number') checkNumber(schema, value, path, issues);
  if (typeof value === 'string') checkString(schema, value, path, issues);
  const items = schema.items;
  if (Array.isArray(value) && items) value.forEach((item, i) => check(items, item, `${path}[${i}]`, issues));
  if (isObject(value)) checkObject(schema, value, path, issues);
}

function checkNumber(schema: JsonSchema, value: number, path: string, issues: string[]): void {
  if (schema.minimum !== undefined && value < schema.minimum)
    issues.push(`${path}: must be >= ${schema.minimum}`);
  if (schema.maximum !== undefined && value > schema.maximum)
    issues.push(`${path}: must be <= ${schema.maximum}`);
}

function checkString(schema: JsonSchema, value: string, path: string, issues: string[]): void {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    issues.push(`${path}: must have at least ${schema.minLength} characters`);
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    issues.push(`${path}: must have at most ${schema.maxLength} characters`);
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
    issues.push(`${path}: must match ${schema.pattern}`);
  }
}

function checkObject(
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: string,
  issues: string[],
): void {
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) issues.push(`${path}.${key}: is required`);
  }
  const properties = schema.properties ?? {};
  for (const [key, item] of Object.entries(value)) {
    const propertySchema = properties[key];
    if (propertySchema) check(propertySchema, item, `${path}.${key}`, issues);
    else if (schema.additionalProperties === false) issues.push(`${path}.${key}: is not allowed`);
    else if (typeof schema.additionalProperties === 'object') {
      check(schema.additionalProperties, item, `${path}.${key}`, issues);
    }
  }
}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
