/**
 * Secrets are sealed with AES-256-GCM before they reach the store: a copy of the database alone reveals
 * nothing. The key comes from BATON_SECRETS_KEY or a key file (32 bytes, as 64 hex digits or base64).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

const VERSION = 'v1';

/** The key given is not a usable key: the message says what is expected. */
export class SecretsKeyError extends Error {
  override name = 'SecretsKeyError';
}

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** Reads the key text; throws an Error saying what is wrong with it. */
  static fromText(text: string, source: string): SecretBox {
    const trimmed = text.trim();
    const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
      ? Buffer.from(trimmed, 'hex')
      : Buffer.from(trimmed, 'base64');
    if (key.length !== 32)
      throw new SecretsKeyError(
        `${source} must hold a 32-byte key as 64 hex digits or base64 (e.g. from "openssl rand -hex 32")`,
      );
    return new SecretBox(key);
  }

  static fromFile(path: string): SecretBox {
    return SecretBox.fromText(readFileSync(path, 'utf8'), `The secrets key file ${path}`);
  }

  /** `v1:<iv>:<tag>:<ciphertext>`, base64url; the secret's name is bound in, so sealed values cannot be swapped. */
  seal(name: string, value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(name, 'utf8'));
    const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed].map(part).join(':');
  }

  /** Throws when the value was sealed with another key or for another name. */
  open(name: string, sealed: string): string {
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== VERSION || iv === undefined || tag === undefined || data === undefined)
      throw new Error(`Secret ${name} is not sealed in a format this server reads`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

function part(value: string | Buffer): string {
  return typeof value === 'string' ? value : value.toString('base64url');
}
