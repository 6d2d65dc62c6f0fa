/** Paging and filters of workflow and task search (§6). */
export interface SearchOptions {
  /** Offset of the first hit. Default 0. */
  start?: number;
  /** Hits per page (≤ 5000). Default 100. */
  size?: number;
  /** Lucene-style text over inputs and outputs. Default `*`. */
  freeText?: string;
  /** e.g. `workflowType = "greetings" AND status = "FAILED"`. */
  query?: string;
  /** e.g. `startTime:DESC`. */
  sort?: string;
}

/** The query string of a search request, with Conductor's defaults. */
export function searchQuery(options: SearchOptions): Record<string, string | number | undefined> {
  return {
    start: options.start ?? 0,
    size: options.size ?? 100,
    freeText: options.freeText ?? '*',
    query: options.query,
    sort: options.sort,
  };
}
