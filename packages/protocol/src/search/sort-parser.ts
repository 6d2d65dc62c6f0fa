/**
 * The `sort` parameter (§6): `field:ASC|field2:DESC`; the order defaults to ASC. Keys may also be separated by
 * commas (`startTime:ASC,workflowId:DESC`), as Spring splits a repeated list parameter.
 */
import type { SortOrder } from './ast.js';
import type { SearchFields } from './fields.js';
import { lookupField } from './fields-lookup.js';
import { Scanner } from './scanner.js';

/** Sort keys in order (empty for none). Throws SearchQueryError. */
export function parseSort(input: string, fields: SearchFields): SortOrder[] {
  const scanner = new Scanner(input, 'sort');
  const orders: SortOrder[] = [];
  let offset = 0;
  for (const entry of input.split(/[|,]/)) {
    const at = offset + (entry.length - entry.trimStart().length);
    offset += entry.length + 1;
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const colon = trimmed.indexOf(':');
    const name = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim();
    const field = lookupField(scanner, fields, name, at);
    if (!field.sortable) {
      const sortable = Object.keys(fields).filter((f) => fields[f]?.sortable);
      throw scanner.error(`cannot sort by '${name}'; the sortable fields are ${sortable.join(', ')}`, at);
    }
    const direction =
      colon < 0
        ? 'ASC'
        : trimmed
            .slice(colon + 1)
            .trim()
            .toUpperCase();
    if (direction !== 'ASC' && direction !== 'DESC') {
      scanner.fail(`ASC or DESC after '${name}:'`, at + trimmed.indexOf(':') + 1);
    }
    orders.push({ field: name, descending: direction === 'DESC' });
  }
  return orders;
}
