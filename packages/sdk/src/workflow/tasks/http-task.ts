/** HTTP: the server calls an HTTP endpoint and stores the response. */
import type { AnyValue, Bindable } from '../expr.js';
import { TaskBuilder } from '../task-builder.js';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD' | 'PATCH' | 'OPTIONS';

export interface HttpInput {
  uri: Bindable<string>;
  /** Default GET. */
  method?: HttpMethod;
  headers?: Record<string, Bindable<string | string[]>>;
  body?: unknown;
  /** Default application/json. */
  contentType?: string;
  /** Default application/json. */
  accept?: string;
  /** Milliseconds; default 3000. */
  connectionTimeOut?: number;
  /** Milliseconds; default 3000. */
  readTimeOut?: number;
}

/** The output of an HTTP task; `B` is the response body's type. */
export interface HttpOutput<B = AnyValue> {
  response: { statusCode: number; headers: Record<string, string[]>; body: B; reasonPhrase?: string };
}

/**
 * @example
 * const call = new HttpTask('call_remote_api', { uri: 'https://orkes-api-tester.orkesconductor.com/api' });
 * wf.add(call).outputParameters({ status: call.output('response') });
 */
export class HttpTask<B = AnyValue> extends TaskBuilder<HttpOutput<B>> {
  constructor(taskReferenceName: string, httpInput: HttpInput) {
    super(taskReferenceName, taskReferenceName, 'HTTP', { http_request: { method: 'GET', ...httpInput } });
  }
}
