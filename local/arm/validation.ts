/** Field checks shared by the resource kinds. Every refusal names the field and the rule. */
import { errors } from './errors';
import type { Json, JsonObject } from './json';
import { isJsonObject, numberAt, objectAt, stringAt } from './json';

export function requireString(properties: JsonObject, field: string, path = 'properties'): string {
  const value = stringAt(properties, field);
  if (value === undefined || value === '') throw errors.invalidRequestFormat(`${path}.${field}`, 'is required');
  return value;
}

export function requireNumber(properties: JsonObject, field: string, path = 'properties'): number {
  const value = numberAt(properties, field);
  if (value === undefined) throw errors.invalidRequestFormat(`${path}.${field}`, 'is required and must be a number');
  return value;
}

export function requireObject(properties: JsonObject, field: string, path = 'properties'): JsonObject {
  const value = objectAt(properties, field);
  if (value === undefined) throw errors.invalidRequestFormat(`${path}.${field}`, 'is required');
  return value;
}

export function requireReferenceId(properties: JsonObject, field: string, path = 'properties'): string {
  return requireString(requireObject(properties, field, path), 'id', `${path}.${field}`);
}

export function requireObjectItems(items: readonly Json[], path: string): JsonObject[] {
  return items.map((item, index) => {
    if (!isJsonObject(item)) throw errors.invalidRequestFormat(`${path}[${index}]`, 'must be an object');
    return item;
  });
}

/** An IPv4 prefix as two numbers (network address, prefix length). */
export interface Ipv4Prefix {
  readonly network: number;
  readonly length: number;
}

export function parseIpv4Prefix(text: string): Ipv4Prefix | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const length = Number(match[5]);
  if (octets.some((octet) => octet > 255) || length > 32) return undefined;
  const network = octets.reduce((value, octet) => value * 256 + octet, 0);
  return { network, length };
}

export function isNetworkAligned(prefix: Ipv4Prefix): boolean {
  return prefix.network % 2 ** (32 - prefix.length) === 0;
}

/** True when `inner` lies inside `outer` (compared on `outer`'s mask). */
export function prefixContains(outer: Ipv4Prefix, inner: Ipv4Prefix): boolean {
  if (inner.length < outer.length) return false;
  const size = 2 ** (32 - outer.length);
  return Math.floor(inner.network / size) === Math.floor(outer.network / size);
}

export function prefixesOverlap(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  return prefixContains(a, b) || prefixContains(b, a);
}

export function isDefaultRoute(addressPrefix: string | undefined): boolean {
  return addressPrefix?.trim() === '0.0.0.0/0';
}

export function sameId(a: string | undefined, b: string | undefined): boolean {
  return (
    a !== undefined && b !== undefined && a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase()
  );
}

export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
