import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import {
  DOCUMENTATION_IPV4_BLOCKS,
  NON_PUBLIC_IPV4_BLOCKS,
  cidrOf,
  formatCidr,
  isPublicIPv4,
  isPublicIPv4Block,
  overlaps,
  parseCidr,
  parseIpAddress,
  sameCidr,
} from '../../../shared/domain/cidr';

describe('parseCidr', () => {
  it.each([
    ['192.168.100.0/30', '192.168.100.0/30', 30],
    ['0.0.0.0/0', '0.0.0.0/0', 0],
    ['10.0.0.0/8', '10.0.0.0/8', 8],
    ['203.0.113.7/32', '203.0.113.7/32', 32],
    ['2001:db8::/32', '2001:db8::/32', 32],
    ['2001:DB8:0:0::/64', '2001:db8::/64', 64],
    ['::/0', '::/0', 0],
  ])('parses %s', (text, formatted, prefixLength) => {
    const parsed = parseCidr(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(formatCidr(parsed.cidr)).toBe(formatted);
      expect(parsed.cidr.prefixLength).toBe(prefixLength);
    }
  });

  it.each([
    '',
    'abc',
    '10.0.0.0',
    '10.0.0.0/',
    '/8',
    '10.0.0.0/33',
    '10.0.0/24', // three-part shorthand
    '10.1/16',
    '167772160/8', // a single 32-bit number
    '010.0.0.0/8', // octal
    '0x0a.0.0.0/8', // hexadecimal
    '10.0.0.0/08', // leading zero in the length
    '256.0.0.0/8',
    ' 10.0.0.0/8',
    '10.0.0.0/8 ',
    '10.0.0.0/-1',
    'fe80::%eth0/64', // zone id
    '::ffff:10.0.0.0/120', // embedded IPv4
    '2001:db8::/129',
  ])('refuses the malformed %j', (text) => {
    expect(parseCidr(text)).toEqual({ ok: false, problem: 'malformed' });
  });

  it.each([
    ['192.168.100.1/30', '192.168.100.0/30'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['2001:db8::1/64', '2001:db8::/64'],
  ])('refuses %s (host bits set) and names the network block %s', (text, networkCidr) => {
    expect(parseCidr(text)).toEqual({ ok: false, problem: 'host-bits-set', networkCidr });
  });

  it('agrees with ipaddr.js on random dotted-decimal input', () => {
    const octet = fc.integer({ min: 0, max: 300 });
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet, fc.integer({ min: 0, max: 40 })), ([a, b, c, d, length]) => {
        const text = `${a}.${b}.${c}.${d}/${length}`;
        const parsed = parseCidr(text);
        if (!ipaddr.IPv4.isValidCIDR(text)) {
          expect(parsed).toEqual({ ok: false, problem: 'malformed' });
        } else {
          const aligned = ipaddr.IPv4.networkAddressFromCIDR(text).toString() === `${a}.${b}.${c}.${d}`;
          expect(parsed.ok).toBe(aligned);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('cidrOf', () => {
  it('returns the block of a valid literal and throws on a typo', () => {
    expect(formatCidr(cidrOf('10.0.0.0/8'))).toBe('10.0.0.0/8');
    expect(() => cidrOf('10.0.0.1/8')).toThrow('10.0.0.1/8 is not a network-aligned CIDR block');
  });
});

describe('parseIpAddress', () => {
  it.each(['10.20.0.4', '0.0.0.0', '255.255.255.255', '2001:db8::4', '::1'])('parses %s', (text) => {
    expect(parseIpAddress(text)?.toString()).toBe(text);
  });

  it.each([
    '',
    '10.20.0',
    '10.20.0.256',
    '010.20.0.4',
    '0x0a.0.0.1',
    '10.20.0.4/32',
    'fe80::1%eth0',
    'nva',
    ' 10.0.0.1',
  ])('refuses %j', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });
});

describe('overlaps and sameCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.20.0.0/16', true],
    ['10.20.0.0/16', '10.0.0.0/8', true],
    ['192.168.100.0/30', '192.168.100.0/30', true],
    ['0.0.0.0/0', '203.0.113.4/30', true],
    ['192.168.100.0/30', '192.168.100.4/30', false],
    ['10.0.0.0/16', '10.1.0.0/16', false],
    ['10.0.0.0/8', '2001:db8::/32', false],
    ['2001:db8::/32', '2001:db8:1::/48', true],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(overlaps(cidrOf(a), cidrOf(b))).toBe(expected);
  });

  it('tells an identical block from an overlapping one', () => {
    expect(sameCidr(cidrOf('10.0.0.0/8'), cidrOf('10.0.0.0/8'))).toBe(true);
    expect(sameCidr(cidrOf('10.0.0.0/8'), cidrOf('10.0.0.0/16'))).toBe(false);
  });
});

describe('isPublicIPv4', () => {
  it.each([
    '8.8.8.8',
    '20.118.99.224',
    '1.1.1.1',
    '100.63.255.255',
    '100.128.0.0',
    '172.32.0.1',
    '192.0.2.5',
    '198.51.100.1',
    '203.0.113.200',
  ])('%s is public (documentation ranges count as public)', (text) => {
    expect(isPublicIPv4(ipaddr.parse(text))).toBe(true);
  });

  it.each([
    ['10.1.2.3', 'RFC 1918'],
    ['172.16.0.1', 'RFC 1918'],
    ['192.168.100.1', 'RFC 1918'],
    ['100.64.0.1', 'CGNAT'],
    ['127.0.0.1', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['224.0.0.5', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['2001:db8::1', 'IPv6'],
  ])('%s is not public (%s)', (text) => {
    expect(isPublicIPv4(ipaddr.parse(text))).toBe(false);
  });
});

describe('isPublicIPv4Block', () => {
  it.each(['8.8.8.0/24', '203.0.113.128/27', '11.0.0.0/8', '20.0.0.0/6', '198.51.100.0/24'])('%s is public', (text) => {
    expect(isPublicIPv4Block(cidrOf(text))).toBe(true);
  });

  it.each(['0.0.0.0/0', '128.0.0.0/1', '100.0.0.0/8', '172.0.0.0/8', '10.0.0.0/30', '192.0.0.0/16', '2001:db8::/32'])(
    '%s is not public (it is, or holds, a non-public range)',
    (text) => {
      expect(isPublicIPv4Block(cidrOf(text))).toBe(false);
    },
  );

  it('agrees with isPublicIPv4 on every single address', () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        expect(isPublicIPv4Block(cidrOf(`${address}/32`))).toBe(isPublicIPv4(ipaddr.parse(address)));
      }),
      { numRuns: 2000 },
    );
  });

  it('lists only blocks that ipaddr.js does not call unicast, at both ends', () => {
    for (const block of NON_PUBLIC_IPV4_BLOCKS) {
      const text = formatCidr(block);
      expect([text, ipaddr.IPv4.networkAddressFromCIDR(text).range()]).not.toEqual([text, 'unicast']);
      expect([text, ipaddr.IPv4.broadcastAddressFromCIDR(text).range()]).not.toEqual([text, 'unicast']);
    }
    for (const block of DOCUMENTATION_IPV4_BLOCKS) expect(isPublicIPv4Block(block)).toBe(true);
  });
});
