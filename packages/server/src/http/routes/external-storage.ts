/**
 * `GET /api/{workflow,tasks}/externalstoragelocation` (§1.2, §1.3): where a client uploads or downloads a large
 * payload. No payload store is configured yet, so both answer that plainly (instead of being read as an id).
 */
import type { FastifyInstance } from 'fastify';
import { NotConfiguredError } from '../../errors.js';

export function externalStorageRoutes(app: FastifyInstance): void {
  for (const path of ['/api/workflow/externalstoragelocation', '/api/tasks/externalstoragelocation']) {
    app.get(path, () => {
      throw new NotConfiguredError('External payload storage is not configured on this server');
    });
  }
}
