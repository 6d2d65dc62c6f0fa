/**
 * An undici connector that resolves the host itself, asks the egress policy about each resolved address and
 * dials an allowed one by its IP: the address judged is the address connected to, so a DNS answer cannot
 * change between the check and the connection. Allowed addresses are tried in order, as net.connect would.
 */
import { lookup } from 'node:dns/promises';
import { buildConnector } from 'undici';
import type { EgressPolicy } from './egress-policy.js';

/** A connection the egress policy refused; its message is the reason the task fails with. */
export class EgressRefusedError extends Error {
  override readonly name = 'EgressRefusedError';
}

export function guardedConnector(
  policy: EgressPolicy,
  options: buildConnector.BuildOptions,
): buildConnector.connector {
  const connect = buildConnector(options);
  return (target, callback) => {
    const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
    allowedAddresses(policy, target.hostname, port).then(
      (addresses) => {
        // `host` keeps the name, so TLS still sends it as SNI and checks the certificate against it.
        const attempt = (index: number): void =>
          connect({ ...target, hostname: addresses[index]! }, (...result) => {
            if (result[0] !== null && index + 1 < addresses.length) attempt(index + 1);
            else callback(...result);
          });
        attempt(0);
      },
      (error: Error) => callback(error, null),
    );
  };
}

async function allowedAddresses(policy: EgressPolicy, hostname: string, port: number): Promise<string[]> {
  // An IP literal resolves to itself without a DNS query.
  const resolved = await lookup(hostname, { all: true });
  const refusals: string[] = [];
  const allowed: string[] = [];
  for (const { address } of resolved) {
    const refusal = policy.refusal({ hostname, port, address });
    if (refusal === undefined) allowed.push(address);
    else refusals.push(refusal);
  }
  if (allowed.length === 0) throw new EgressRefusedError(refusals[0] ?? `no address for ${hostname}`);
  return allowed;
}
