/** Secrets (`/api/secrets`) over the store, sealed by a `SecretBox`; without one they cannot be stored. */
import { TaggedEntity, type Store } from '@baton/store';
import { BadRequestError, NotConfiguredError, NotFoundError } from '../errors.js';
import type { SecretBox } from './secret-box.js';

/** Names usable in `${workflow.secrets.NAME}`. */
const NAME = /^[A-Za-z0-9_.-]{1,255}$/;

export class SecretService {
  constructor(
    private readonly store: Store,
    private readonly box: SecretBox | undefined,
  ) {}

  async put(name: string, value: unknown): Promise<void> {
    checkName(name);
    if (typeof value !== 'string')
      throw new BadRequestError('The secret value must be a string', [
        { path: 'body', message: 'must be a string' },
      ]);
    const sealed = this.requireBox().seal(name, value);
    await this.store.transact((tx) => tx.putSecret(name, sealed));
  }

  /** The value, or undefined when there is no such secret. */
  async value(name: string): Promise<string | undefined> {
    const sealed = await this.store.getSecret(name);
    return sealed === undefined ? undefined : this.requireBox().open(name, sealed);
  }

  async get(name: string): Promise<string> {
    const value = await this.value(name);
    if (value === undefined) throw new NotFoundError(`Secret ${name} not found`);
    return value;
  }

  async exists(name: string): Promise<boolean> {
    return (await this.store.getSecret(name)) !== undefined;
  }

  /** Deletes the secret and its tags. */
  async remove(name: string): Promise<void> {
    const removed = await this.store.transact(async (tx) => {
      if (!(await tx.deleteSecret(name))) return false;
      await tx.deleteTags(TaggedEntity.secret, name);
      return true;
    });
    if (!removed) throw new NotFoundError(`Secret ${name} not found`);
  }

  async mustExist(name: string): Promise<void> {
    if (!(await this.exists(name))) throw new NotFoundError(`Secret ${name} not found`);
  }

  names(): Promise<string[]> {
    return this.store.listSecretNames();
  }

  private requireBox(): SecretBox {
    if (!this.box)
      throw new NotConfiguredError(
        'Secrets are not configured: start the server with BATON_SECRETS_KEY or --secrets-key-file (docs/security.md)',
      );
    return this.box;
  }
}

function checkName(name: string): void {
  if (!NAME.test(name))
    throw new BadRequestError(`Invalid secret name "${name}"`, [
      { path: 'key', message: 'letters, digits, "_", "-" and "." only, at most 255' },
    ]);
}
