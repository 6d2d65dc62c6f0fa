import type { Store } from '@baton/store';
import type { MetadataService } from '../metadata/metadata-service.js';
import type { Runtime } from '../runtime/runtime.js';

/** What every route module receives. */
export interface RouteDeps {
  store: Store;
  metadata: MetadataService;
  runtime: Runtime;
  /** The longest an execute, state update or signal may wait, in seconds [MAX_WAIT_SECONDS: 300]. */
  maxWaitSeconds?: number;
}
