/** Secrets (`/api/secrets`): the methods of the Python SDK's secret client that Baton serves, tags included. */
import type { HttpClient } from '../http/http-client.js';
import type { MetadataTag } from '../model/definitions.js';
import { seg } from '../http/query-string.js';

/**
 * Stores, reads and deletes the secrets tasks use as `${workflow.secrets.NAME}`. The server seals each value and
 * shows only the reference in stored executions; reading a value back needs the right to (ADMIN under auth).
 *
 * @example
 * const secrets = new OrkesClients(new Configuration()).getSecretClient();
 * await secrets.putSecret('PAYMENTS_TOKEN', 'tok_123');
 * // an HTTP task then sends  headers: { Authorization: 'Bearer ${workflow.secrets.PAYMENTS_TOKEN}' }
 */
export class SecretClient {
  constructor(private readonly http: HttpClient) {}

  /** Creates the secret, or replaces its value. */
  async putSecret(key: string, value: string): Promise<void> {
    await this.http.void('PUT', `/secrets/${seg(key)}`, { body: value });
  }

  /** The value; a missing secret is a ConductorError with status 404. */
  async getSecret(key: string): Promise<string> {
    return this.http.text('GET', `/secrets/${seg(key)}`);
  }

  async deleteSecret(key: string): Promise<void> {
    await this.http.void('DELETE', `/secrets/${seg(key)}`);
  }

  async secretExists(key: string): Promise<boolean> {
    return this.http.json<boolean>('GET', `/secrets/${seg(key)}/exists`);
  }

  /** Every secret name (`POST /secrets`, as the Python SDK asks). */
  async listAllSecretNames(): Promise<string[]> {
    return this.http.json<string[]>('POST', '/secrets', { idempotent: true });
  }

  /** The names the caller may grant others access to (`GET /secrets`; on Baton, every name). */
  async listSecretsThatUserCanGrantAccessTo(): Promise<string[]> {
    return this.http.json<string[]>('GET', '/secrets');
  }

  /** Replaces every tag of the secret (`PUT /secrets/{key}/tags`); a missing secret is a 404. */
  async setSecretTags(tags: MetadataTag[], key: string): Promise<void> {
    await this.http.void('PUT', `/secrets/${seg(key)}/tags`, { body: tags });
  }

  async getSecretTags(key: string): Promise<MetadataTag[]> {
    return this.http.json<MetadataTag[]>('GET', `/secrets/${seg(key)}/tags`);
  }

  /** Removes the listed tags; the others stay. */
  async deleteSecretTags(tags: MetadataTag[], key: string): Promise<void> {
    await this.http.void('DELETE', `/secrets/${seg(key)}/tags`, { body: tags });
  }
}
