// The egress policy's rules on their own: entry forms, allow over deny, the special ranges, this machine's
// own addresses, and entries it cannot read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { egressPolicy, parseEgressEntry } from '../src/executors/egress-policy.js';

const target = (hostname: string, address: string, port = 80) => ({ hostname, port, address });

void test('deny entries: host names, wildcards, ports, addresses and CIDR ranges, v4 and v6', () => {
  const policy = egressPolicy({
    deny: [
      'metadata.internal',
      '*.corp.example',
      'db.example:5432',
      '203.0.113.0/24',
      '[2001:db8::]:8080',
      '2001:db8:1::/48',
    ],
  });
  const cases: [ReturnType<typeof target>, string | undefined][] = [
    [target('metadata.internal', '198.51.100.1'), 'denied by "metadata.internal"'],
    [target('METADATA.INTERNAL.', '198.51.100.1'), 'denied by "metadata.internal"'],
    [target('a.b.corp.example', '198.51.100.1'), 'denied by "*.corp.example"'],
    [target('corp.example', '198.51.100.1'), undefined],
    [target('db.example', '198.51.100.1', 5432), 'denied by "db.example:5432"'],
    [target('db.example', '198.51.100.1', 443), undefined],
    [target('anything', '203.0.113.77'), 'denied by "203.0.113.0/24"'],
    [target('anything', '::ffff:203.0.113.77'), 'denied by "203.0.113.0/24"'],
    [target('anything', '203.0.114.1'), undefined],
    [target('2001:db8::', '2001:db8::', 8080), 'denied by "[2001:db8::]:8080"'],
    [target('2001:db8::', '2001:db8::', 80), undefined],
    [target('v6', '2001:db8:1:ffff::1'), 'denied by "2001:db8:1::/48"'],
  ];
  for (const [t, why] of cases) {
    const refusal = policy.refusal(t);
    if (why === undefined) assert.equal(refusal, undefined, JSON.stringify(t));
    else assert.ok(refusal?.endsWith(why), `${JSON.stringify(t)}: ${refusal}`);
  }
});

void test('denyPrivate refuses the special ranges, named in the reason', () => {
  const policy = egressPolicy({ denyPrivate: true });
  const cases: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.31.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['fd12::1', 'private (unique local)'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
  ];
  for (const [address, kind] of cases) {
    assert.ok(
      policy.refusal(target('h.example', address))?.endsWith(`is a ${kind} address`),
      `${address}: ${policy.refusal(target('h.example', address))}`,
    );
  }
  for (const address of ['93.184.216.34', '2606:2800:220:1::1', '172.32.0.1', '::ffff:8.8.8.8']) {
    assert.equal(policy.refusal(target('h.example', address)), undefined, address);
  }
});

void test('denyPrivate refuses every address of this machine', () => {
  const policy = egressPolicy({ denyPrivate: true });
  const own = Object.values(networkInterfaces())
    .flat()
    .map((info) => info!.address);
  assert.ok(own.length > 0);
  for (const address of own) assert.ok(policy.refusal(target('me', address)), address);
});

void test('an allow entry wins over deny entries and denyPrivate', () => {
  const policy = egressPolicy({
    denyPrivate: true,
    deny: ['0.0.0.0/0', '::/0'],
    allow: ['api.example.com', '10.0.0.5:8080'],
  });
  assert.equal(policy.refusal(target('api.example.com', '10.9.9.9')), undefined);
  assert.equal(policy.refusal(target('other', '10.0.0.5', 8080)), undefined);
  assert.match(policy.refusal(target('other', '10.0.0.5', 8081))!, /denied by "0\.0\.0\.0\/0"$/);
  assert.match(policy.refusal(target('www.example.com', '93.184.216.34'))!, /denied by "0\.0\.0\.0\/0"$/);
  assert.equal(
    policy.refusal(target('other', '2606:2800:220:1::1', 443)),
    'the HTTP egress policy refuses [2606:2800:220:1::1]:443 (other): denied by "::/0"',
  );
});

void test('entries it cannot read are errors naming the entry', () => {
  for (const [entry, why] of [
    ['host:0', 'the port must be 1 to 65535'],
    ['host:99999', 'the port must be 1 to 65535'],
    ['10.0.0.0/33', 'the prefix length must be 0 to 32'],
    ['fd00::/129', 'the prefix length must be 0 to 128'],
    ['name/8', 'a CIDR range needs an IP address'],
    ['http://example.com', 'give a host name, not a URL'],
    ['a b', 'expected a host name'],
    ['', 'expected a host name'],
  ] as const) {
    assert.throws(
      () => parseEgressEntry(entry),
      (error: Error) => error.message.startsWith(`Invalid HTTP egress entry "${entry}": ${why}`),
      entry,
    );
  }
});
