/** A search the server cannot run: bad syntax, an unknown field, a value of the wrong type. */

/** The request parameter the problem is in. */
export type SearchParam = 'query' | 'freeText' | 'sort' | 'classifier';

export class SearchQueryError extends Error {
  constructor(
    readonly param: SearchParam,
    message: string,
    /** The parameter's value, echoed as the error's `invalidValue`. */
    readonly input: string,
  ) {
    super(message);
    this.name = 'SearchQueryError';
  }
}
