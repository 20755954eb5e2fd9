/**
 * Small, strict helpers over ipaddr.js for the address rules of ExpressRoute. Pure: no I/O.
 *
 * "Strict" means: IPv4 only in dotted four-part decimal (no `010.1.1.1`, `0x0a.0.0.1` or `10.1` shorthands that
 * ipaddr.js would otherwise accept), a prefix length without leading zeros, no IPv6 zone ids, and a block whose host
 * bits are all zero (`10.0.0.0/8`, not `10.1.2.3/8`).
 */
import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** A parsed, network-aligned CIDR block. */
export interface Cidr {
  readonly network: IpAddress;
  readonly prefixLength: number;
}

export type CidrParseResult =
  | { readonly ok: true; readonly cidr: Cidr }
  | { readonly ok: false; readonly problem: 'malformed' }
  /** Valid syntax, but some host bits are set; `networkCidr` is the block the caller probably meant. */
  | { readonly ok: false; readonly problem: 'host-bits-set'; readonly networkCidr: string };

const PREFIX_LENGTH_WITHOUT_LEADING_ZEROS = /\/(0|[1-9]\d{0,2})$/;

function isStrictIpv4Cidr(text: string): boolean {
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(text) && PREFIX_LENGTH_WITHOUT_LEADING_ZEROS.test(text);
}

function isStrictIpv6Cidr(text: string): boolean {
  return (
    !text.includes('%') &&
    !text.includes('.') &&
    ipaddr.IPv6.isValidCIDR(text) &&
    PREFIX_LENGTH_WITHOUT_LEADING_ZEROS.test(text)
  );
}

/** Parses `a.b.c.d/n` or an IPv6 `x::/n` strictly; never throws. */
export function parseCidr(text: string): CidrParseResult {
  let address: IpAddress;
  let prefixLength: number;
  let network: IpAddress;
  if (isStrictIpv4Cidr(text)) {
    [address, prefixLength] = ipaddr.IPv4.parseCIDR(text);
    network = ipaddr.IPv4.networkAddressFromCIDR(text);
  } else if (isStrictIpv6Cidr(text)) {
    [address, prefixLength] = ipaddr.IPv6.parseCIDR(text);
    network = ipaddr.IPv6.networkAddressFromCIDR(text);
  } else {
    return { ok: false, problem: 'malformed' };
  }
  if (address.toNormalizedString() !== network.toNormalizedString()) {
    return { ok: false, problem: 'host-bits-set', networkCidr: formatCidr({ network, prefixLength }) };
  }
  return { ok: true, cidr: { network, prefixLength } };
}

/** The block for a literal the program itself holds; throws on a typo, which is a bug. */
export function cidrOf(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`${text} is not a network-aligned CIDR block`);
  return parsed.cidr;
}

/** Parses one IPv4 (dotted four-part decimal) or IPv6 address strictly; undefined when it is not one. */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes('%') && !text.includes('.') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return undefined;
}

export function formatCidr(cidr: Cidr): string {
  return `${cidr.network.toString()}/${cidr.prefixLength}`;
}

export function isIpv4(cidr: Cidr): boolean {
  return cidr.network.kind() === 'ipv4';
}

/** True when the two blocks share at least one address (blocks of different IP versions never do). */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.network.kind() !== b.network.kind()) return false;
  return a.network.match(b.network, b.prefixLength) || b.network.match(a.network, a.prefixLength);
}

export function sameCidr(a: Cidr, b: Cidr): boolean {
  return a.prefixLength === b.prefixLength && a.network.toNormalizedString() === b.network.toNormalizedString();
}

/**
 * The IPv4 documentation ranges (RFC 5737). Microsoft's own Microsoft-peering examples use them, so validation treats
 * them as public; on the real Internet nobody owns them.
 */
export const DOCUMENTATION_IPV4_BLOCKS: readonly Cidr[] = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'].map(
  cidrOf,
);

/**
 * Every IPv4 block that is not public unicast, apart from the documentation ranges above: the special ranges
 * ipaddr.js knows (its `range()` is not `unicast` inside each of them).
 */
export const NON_PUBLIC_IPV4_BLOCKS: readonly Cidr[] = [
  '0.0.0.0/8', // unspecified ("this network")
  '10.0.0.0/8', // RFC 1918
  '100.64.0.0/10', // carrier-grade NAT (RFC 6598)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local
  '172.16.0.0/12', // RFC 1918
  '192.0.0.0/24', // IETF protocol assignments
  '192.31.196.0/24', // AS112
  '192.52.193.0/24', // AMT
  '192.88.99.0/24', // 6to4 relay anycast
  '192.168.0.0/16', // RFC 1918
  '192.175.48.0/24', // AS112
  '198.18.0.0/15', // benchmarking
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, including the broadcast address 255.255.255.255
].map(cidrOf);

/** A public IPv4 address: ipaddr.js calls it `unicast`, or it is in a documentation range. */
export function isPublicIPv4(address: IpAddress): boolean {
  if (address.kind() !== 'ipv4') return false;
  if (address.range() === 'unicast') return true;
  return DOCUMENTATION_IPV4_BLOCKS.some((block) => address.match(block.network, block.prefixLength));
}

/** A public IPv4 block: every address in it is public (so `128.0.0.0/1`, which holds 172.16/12, is not). */
export function isPublicIPv4Block(cidr: Cidr): boolean {
  return isIpv4(cidr) && isPublicIPv4(cidr.network) && !NON_PUBLIC_IPV4_BLOCKS.some((block) => overlaps(cidr, block));
}
