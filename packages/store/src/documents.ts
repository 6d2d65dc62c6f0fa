/**
 * Executions and tasks as their stored JSON text, for answers that pass documents through without parsing and
 * re-serializing them: a search page of 5 MB executions, or an execution with sixty 3 MB tasks, costs a copy of
 * its bytes, read one row at a time, instead of a parse and a stringify of all of them at once.
 */

/** JSON text in pieces, each read from the store when asked for, so a large document is never whole in memory. */
export type JsonPieces = AsyncIterable<string>;

/**
 * An execution from its row's JSON (which holds neither tasks nor definition), its definition's JSON and its
 * tasks' (each piece one task, or several joined by commas): the document getWorkflow would give, as text.
 */
export async function* workflowDocument(
  rowJson: string,
  definitionJson: string,
  tasks: Iterable<string> | AsyncIterable<string>,
): JsonPieces {
  const fields = rowJson.slice(0, -1);
  yield `${fields}${fields.length > 1 ? ',' : ''}"workflowDefinition":${definitionJson},"tasks":[`;
  let first = true;
  for await (const task of tasks) {
    yield first ? task : `,${task}`;
    first = false;
  }
  yield ']}';
}

type Read<Id> = (id: Id) => Promise<JsonPieces | string | undefined> | JsonPieces | string | undefined;

/** A SearchResult whose hits are read one by one (see arrayDocument). */
export async function* searchResultDocument<Id>(
  totalHits: number,
  hits: readonly Id[],
  read: Read<Id>,
): JsonPieces {
  yield `{"totalHits":${totalHits},"results":`;
  yield* arrayDocument(hits, read);
  yield '}';
}

/** A JSON array of documents read one by one (`read` gives undefined for one deleted meanwhile: left out). */
export async function* arrayDocument<Id>(ids: readonly Id[], read: Read<Id>): JsonPieces {
  yield '[';
  let first = true;
  for (const id of ids) {
    const document = await read(id);
    if (document === undefined) continue;
    if (!first) yield ',';
    first = false;
    if (typeof document === 'string') yield document;
    else yield* document;
  }
  yield ']';
}
