/** JSON values as they travel over the wire, and small readers that keep `unknown` out of the rest of the code. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringAt(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function numberAt(object: JsonObject | undefined, key: string): number | undefined {
  const value = object?.[key];
  return typeof value === 'number' ? value : undefined;
}

export function booleanAt(object: JsonObject | undefined, key: string): boolean | undefined {
  const value = object?.[key];
  return typeof value === 'boolean' ? value : undefined;
}

export function objectAt(object: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = object?.[key];
  return isJsonObject(value) ? value : undefined;
}

export function arrayAt(object: JsonObject | undefined, key: string): Json[] | undefined {
  const value = object?.[key];
  return Array.isArray(value) ? value : undefined;
}

/** The `id` of a `{ id }` reference, as in `networkSecurityGroup: { id }`. */
export function referenceIdAt(object: JsonObject | undefined, key: string): string | undefined {
  return stringAt(objectAt(object, key), 'id');
}

export function stringsAt(object: JsonObject | undefined, key: string): string[] {
  return (arrayAt(object, key) ?? []).filter((item): item is string => typeof item === 'string');
}

export function cloneJson<T extends Json>(value: T): T {
  return structuredClone(value);
}

/** A copy of `object` without the listed keys. */
export function omitKeys(object: JsonObject, keys: readonly string[]): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (!keys.includes(key)) result[key] = value;
  }
  return result;
}
