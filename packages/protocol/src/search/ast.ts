/**
 * The parsed form of a search (§6): pure data the store translates to SQL. Field names are already checked
 * against the catalog (fields.ts) and values already have the field's type (numbers for number and time
 * fields, strings for text fields), so a store never sees a field or a value it cannot handle.
 */

/** A value of a condition: a string for text fields, a number (epoch ms for times) for the others. */
export type SearchValue = string | number;

export type Comparison = '=' | '!=' | '>' | '<';

/** `field = v`, `field != v`, `field > v`, `field < v`. */
export interface CompareCondition {
  kind: 'compare';
  field: string;
  op: Comparison;
  value: SearchValue;
}

/** `field IN (a, b)`. */
export interface InCondition {
  kind: 'in';
  field: string;
  values: SearchValue[];
}

/** `field BETWEEN low AND high`, both ends included. */
export interface BetweenCondition {
  kind: 'between';
  field: string;
  low: SearchValue;
  high: SearchValue;
}

/** `field IS NULL` (`negated`: `IS NOT NULL`). */
export interface NullCondition {
  kind: 'isNull';
  field: string;
  negated: boolean;
}

/** `field STARTS_WITH "prefix"` (text fields only). */
export interface StartsWithCondition {
  kind: 'startsWith';
  field: string;
  prefix: string;
}

/** Free text: a word or phrase of the full-text index; `prefix` for a trailing `*` (`order*`). */
export interface TextMatch {
  kind: 'text';
  text: string;
  prefix: boolean;
}

/** Both sides (`and`) or either side (`or`). */
export interface Junction {
  kind: 'and' | 'or';
  left: SearchExpr;
  right: SearchExpr;
}

export type SearchCondition =
  CompareCondition | InCondition | BetweenCondition | NullCondition | StartsWithCondition;

export type SearchExpr = SearchCondition | TextMatch | Junction;

export interface SortOrder {
  field: string;
  descending: boolean;
}

/** One page of a search, as a store runs it. */
export interface SearchRequest {
  /** What must hold for a hit; undefined matches everything. */
  filter?: SearchExpr;
  /** Sort keys in order; empty for the default order (newest first). */
  sort: SortOrder[];
  /** Offset of the first hit. */
  start: number;
  /** Hits per page. */
  size: number;
}

/** The AND of the given parts that exist (undefined when none does). */
export function allOf(...parts: Array<SearchExpr | undefined>): SearchExpr | undefined {
  let result: SearchExpr | undefined;
  for (const part of parts.reverse()) {
    if (part) result = result ? { kind: 'and', left: part, right: result } : part;
  }
  return result;
}
