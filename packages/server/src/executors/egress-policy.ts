/**
 * The HTTP task's egress policy: which addresses an HTTP task may connect to (docs/security.md). It judges
 * the address actually connected to, after DNS, so alternative spellings of an address (decimal, octal,
 * IPv4-mapped IPv6) are the same address by then. An allow entry wins over every denial.
 */
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export interface EgressPolicyOptions {
  /**
   * Always allowed, even when a deny entry or `denyPrivate` would refuse: a host name (`*.example.com` for
   * its subdomains), an IP address or a CIDR range, v4 or v6, each optionally with a port
   * (`api.example.com:443`, `10.0.0.5:8080`, `[::1]:8080`).
   */
  allow?: readonly string[];
  /** Refused unless allowed; the same forms as `allow`. `0.0.0.0/0` and `::/0` deny everything else. */
  deny?: readonly string[];
  /** Refuses loopback, link-local, private and other special-purpose ranges and this machine's addresses. */
  denyPrivate?: boolean;
}

/** One connection: the host name the task asked for, the port, and the IP address about to be dialled. */
export interface EgressTarget {
  hostname: string;
  port: number;
  address: string;
}

export interface EgressPolicy {
  /** Why a connection to `target` is refused, or undefined when it is allowed. */
  refusal(target: EgressTarget): string | undefined;
}

interface Entry {
  text: string;
  port?: number;
  /** A lower-case host name; `*.` matches any subdomain. */
  host?: string;
  subnet?: BlockList;
}

type Family = 'ipv4' | 'ipv6';

/**
 * Special-purpose ranges refused by `denyPrivate` (IANA's registries). 0.0.0.0/8 is here because Linux
 * connects 0.0.0.0 to the local host; IPv4-mapped IPv6 addresses match the IPv4 rows.
 */
const SPECIAL_RANGES: readonly [string, number, Family, string][] = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'private (unique local)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const specialRanges = SPECIAL_RANGES.map(([address, prefix, family, kind]) => {
  const list = new BlockList();
  list.addSubnet(address, prefix, family);
  return { list, kind };
});

/** Builds a policy; throws an Error naming the entry when one cannot be read. */
export function egressPolicy(options: EgressPolicyOptions = {}): EgressPolicy {
  const allow = (options.allow ?? []).map(parseEgressEntry);
  const deny = (options.deny ?? []).map(parseEgressEntry);
  const denyPrivate = options.denyPrivate ?? false;
  return {
    refusal(target) {
      const normalized = { ...target, hostname: normalizeHostname(target.hostname) };
      if (allow.some((entry) => matches(entry, normalized))) return undefined;
      const why = denialOf(normalized, deny, denyPrivate);
      if (why === undefined) return undefined;
      const named = isIP(normalized.hostname) === 0 ? ` (${normalized.hostname})` : '';
      return `the HTTP egress policy refuses ${formatAddress(target.address)}:${target.port}${named}: ${why}`;
    },
  };
}

function denialOf(target: EgressTarget, deny: Entry[], denyPrivate: boolean): string | undefined {
  const entry = deny.find((e) => matches(e, target));
  if (entry) return `denied by "${entry.text}"`;
  if (!denyPrivate) return undefined;
  const address = withoutZone(target.address);
  const family = familyOf(address);
  const special = specialRanges.find((range) => range.list.check(address, family));
  if (special) return `${address} is a ${special.kind} address`;
  if (isOwnAddress(address, family)) return `${address} is an address of this server`;
  return undefined;
}

/** Reads `host`, `host:port`, `ip`, `ip:port`, `[ipv6]:port`, `cidr`, `[cidr]:port`. */
export function parseEgressEntry(text: string): Entry {
  const raw = text.trim().toLowerCase();
  const invalid = (why: string) => new Error(`Invalid HTTP egress entry "${text}": ${why}`);
  if (raw.includes('://')) throw invalid('give a host name, not a URL');
  let target = raw;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
  if (bracketed) {
    target = bracketed[1]!;
    portText = bracketed[2];
  } else if (raw.split(':').length === 2) {
    // One colon is a port; more colons are an IPv6 address.
    [target, portText] = raw.split(':') as [string, string];
  }
  const entry: Entry = { text };
  if (portText !== undefined) {
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw invalid('the port must be 1 to 65535');
    entry.port = port;
  }
  const slash = target.indexOf('/');
  if (slash >= 0) {
    const address = target.slice(0, slash);
    const bitsText = target.slice(slash + 1);
    const family = isIP(address);
    const bits = Number(bitsText);
    if (family === 0) throw invalid('a CIDR range needs an IP address before the "/"');
    if (!/^\d+$/.test(bitsText) || bits > (family === 4 ? 32 : 128))
      throw invalid(`the prefix length must be 0 to ${family === 4 ? 32 : 128}`);
    entry.subnet = new BlockList();
    entry.subnet.addSubnet(address, bits, family === 4 ? 'ipv4' : 'ipv6');
  } else if (isIP(target) !== 0) {
    entry.subnet = new BlockList();
    entry.subnet.addAddress(target, familyOf(target));
  } else if (/^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/.test(target)) {
    entry.host = normalizeHostname(target);
  } else {
    throw invalid('expected a host name, an IP address or a CIDR range, optionally with :port');
  }
  return entry;
}

function matches(entry: Entry, target: EgressTarget): boolean {
  if (entry.port !== undefined && entry.port !== target.port) return false;
  if (entry.subnet) {
    const address = withoutZone(target.address);
    return entry.subnet.check(address, familyOf(address));
  }
  const host = entry.host!;
  return host.startsWith('*.') ? target.hostname.endsWith(host.slice(1)) : target.hostname === host;
}

/** Any address of any interface of this machine, read per check because interfaces come and go. */
function isOwnAddress(address: string, family: Family): boolean {
  const own = new BlockList();
  for (const info of Object.values(networkInterfaces()).flat()) {
    if (info) own.addAddress(withoutZone(info.address), info.family === 'IPv6' ? 'ipv6' : 'ipv4');
  }
  return own.check(address, family);
}

function normalizeHostname(hostname: string): string {
  const lower = hostname.toLowerCase().replace(/\.$/, '');
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}

const withoutZone = (address: string): string => address.replace(/%.*$/, '');
const familyOf = (address: string): Family => (isIP(address) === 6 ? 'ipv6' : 'ipv4');
const formatAddress = (address: string): string => (isIP(address) === 6 ? `[${address}]` : address);
