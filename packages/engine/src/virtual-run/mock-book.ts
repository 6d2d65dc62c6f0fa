/**
 * The mocks of one workflow in a test run (§2.10): per task reference name a list with one entry per attempt,
 * consumed in order. A DO_WHILE iteration `ref__2` takes from its own list when the request has one, else from
 * the list of `ref` as written in the definition, so iterations use `ref`'s mocks one after another.
 */
import type { TaskMock, WorkflowMocks } from '@baton/protocol';
import { baseRefOf } from '../tasks/loop-refs.js';

export class MockBook {
  private readonly lists = new Map<string, TaskMock[]>();
  private readonly children = new Map<string, MockBook>();

  /** Copies the lists: the request is never changed. */
  constructor(private readonly mocks: WorkflowMocks = {}) {
    for (const [ref, list] of Object.entries(mocks.taskRefToMockOutput ?? {})) this.lists.set(ref, [...list]);
  }

  /** The mock of the next attempt of `ref`, or undefined when none is left. */
  take(ref: string): TaskMock | undefined {
    const own = this.lists.get(ref);
    if (own && own.length > 0) return own.shift();
    return this.lists.get(baseRefOf(ref))?.shift();
  }

  /**
   * The book of the workflows that task `ref` starts (`subWorkflowTestRequest[ref]`), or undefined. Every
   * workflow the same ref starts (a retry, a loop iteration) shares it, so their mocks are consumed in turn.
   */
  childBook(ref: string): MockBook | undefined {
    const requests = this.mocks.subWorkflowTestRequest ?? {};
    const key = Object.hasOwn(requests, ref) ? ref : baseRefOf(ref);
    const mocks = Object.hasOwn(requests, key) ? requests[key] : undefined;
    if (mocks === undefined) return undefined;
    let book = this.children.get(key);
    if (!book) {
      book = new MockBook(mocks);
      this.children.set(key, book);
    }
    return book;
  }
}
