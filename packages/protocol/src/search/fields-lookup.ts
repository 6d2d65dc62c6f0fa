/** Finding a named field in a catalog, with a 400 that lists the known ones. */
import type { SearchField, SearchFields } from './fields.js';
import type { Scanner } from './scanner.js';

export function lookupField(scanner: Scanner, fields: SearchFields, name: string, at: number): SearchField {
  const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
  if (field) return field;
  throw scanner.error(`unknown field '${name}'; the fields are ${Object.keys(fields).join(', ')}`, at);
}
