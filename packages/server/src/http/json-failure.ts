/** Says where the JSON of a request body broke; the text goes back to the sender only, never to the log. */
export function describeJsonFailure(body: string): string {
  try {
    JSON.parse(body);
    return 'Request body contains a forbidden "__proto__" or "constructor.prototype" key';
  } catch (error) {
    return `Request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}
