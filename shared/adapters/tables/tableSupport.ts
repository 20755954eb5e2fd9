/**
 * What every Table storage adapter shares: key encoding, error classification, the optimistic-concurrency retry
 * loop, and typed reads of stored properties.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { AppError } from '../../errors';

/** Milliseconds since the epoch. `local/clock.ts` clocks fit. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function isoNow(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}

/** One table, and a promise that it exists (created once, on first use, by the factory). */
export interface TableHandle {
  readonly client: TableClient;
  readonly ready: () => Promise<void>;
}

export interface AdapterOptions {
  readonly clock?: Clock;
}

/** Thrown when a write lost the race too many times in a row; retrying later is safe. */
export const CONCURRENCY_CONFLICT = 'TableConcurrencyConflict';

// ---------------------------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------------------------

const ESCAPE = '~';
/**
 * What Table storage forbids in PartitionKey/RowKey (`/`, `\`, `#`, `?`, U+0000-U+001F, U+007F-U+009F), plus `%`
 * (mishandled by some clients and proxies in URLs), `|` (the separator of composite keys) and the escape `~` itself.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern has to find
const NEEDS_ESCAPE = /[/\\#?%|~\u0000-\u001f\u007f-\u009f]/g;
const ESCAPED = /~([0-9A-F]{2})/g;
/** Table storage limits a key to 1 KiB, i.e. 512 UTF-16 code units (the service stores strings as UTF-16). */
export const MAX_KEY_LENGTH = 512;

/**
 * Makes any non-empty string a valid Table key, reversibly: each forbidden character becomes `~` and two upper-case
 * hex digits (`/` → `~2F`). All forbidden characters are below U+00A0, so two digits suffice. Ordinary ids
 * (letters, digits, `-`, `_`, `.`, `:`) are unchanged.
 */
export function encodeKey(value: string): string {
  if (value.length === 0) throw new AppError('InvalidTableKey', 'a table key component must not be empty');
  const encoded = value.replace(
    NEEDS_ESCAPE,
    (char) => ESCAPE + char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
  );
  if (encoded.length > MAX_KEY_LENGTH) {
    throw new AppError('InvalidTableKey', `a table key must be at most ${MAX_KEY_LENGTH} characters once encoded`);
  }
  return encoded;
}

/**
 * A PartitionKey or RowKey made of several parts (constants, separators and `encodeKey` results), checked as a
 * whole: each part may fit while the sum does not.
 */
export function tableKey(...parts: readonly string[]): string {
  const key = parts.join('');
  if (key.length === 0) throw new AppError('InvalidTableKey', 'a table key must not be empty');
  if (key.length > MAX_KEY_LENGTH) {
    throw new AppError('InvalidTableKey', `a table key must be at most ${MAX_KEY_LENGTH} characters once encoded`);
  }
  return key;
}

export function decodeKey(encoded: string): string {
  return encoded.replace(ESCAPED, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The separator of composite row keys; never produced by `encodeKey`, so prefixes are unambiguous. */
export const KEY_SEPARATOR = '|';
/** The character right after `|`: `RowKey ge 'p|' and RowKey lt 'p}'` selects every key starting with `p|`. */
export const KEY_SEPARATOR_END = '}';

// ---------------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------------

export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

export const isNotFound = (error: unknown): boolean => statusCodeOf(error) === 404;
/** 409: an insert found the row already there (`EntityAlreadyExists`). */
export const isConflict = (error: unknown): boolean => statusCodeOf(error) === 409;
/** 412: the row changed since it was read (stale ETag). */
export const isPreconditionFailed = (error: unknown): boolean => statusCodeOf(error) === 412;

/** The signal, inside `withOptimisticRetry`, that the row must be read again. */
class Retry extends Error {}

/** Re-read and try again: a concurrent writer got there first. */
export function retryAfterConflict(error: unknown): never {
  if (isConflict(error) || isPreconditionFailed(error)) throw new Retry('concurrent write', { cause: error });
  throw error;
}

/**
 * Runs a read-modify-write until it succeeds. `attempt` reads, decides and writes (insert without ETag, or update
 * with If-Match); when its write fails with 409 or 412 it calls `retryAfterConflict`, and the whole attempt runs
 * again on fresh data after a short random pause (full jitter, so competing writers spread out).
 */
export async function withOptimisticRetry<T>(what: string, attempt: () => Promise<T>, maxAttempts = 100): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof Retry)) throw error;
      if (round >= maxAttempts) {
        throw new AppError(CONCURRENCY_CONFLICT, `${what}: still conflicting after ${maxAttempts} attempts`, {
          retryable: true,
          cause: error.cause,
        });
      }
      await delay(Math.random() * Math.min(2 ** round, 50));
    }
  }
}

/** The entity, or undefined when it does not exist. Its properties are read with `str`, `num`, … */
export async function readEntity(
  client: TableClient,
  partitionKey: string,
  rowKey: string,
): Promise<StoredEntity | undefined> {
  try {
    return await client.getEntity(partitionKey, rowKey);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Every entity a query returns (all pages). */
export async function queryAll(client: TableClient, filter: string): Promise<StoredEntity[]> {
  const results: StoredEntity[] = [];
  for await (const entity of client.listEntities({ queryOptions: { filter } })) results.push(entity);
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// Stored properties
// ---------------------------------------------------------------------------------------------------------------

/** The entity's properties as stored: anything may be missing or of another type in an old row. */
export type StoredEntity = TableEntityResult<Record<string, unknown>>;

export function str(entity: StoredEntity, name: string): string | undefined {
  const value = entity[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredStr(entity: StoredEntity, name: string): string {
  const value = str(entity, name);
  if (value === undefined) {
    throw new AppError('CorruptTableRow', `row ${entity.partitionKey ?? '?'}/${entity.rowKey ?? '?'} lacks "${name}"`);
  }
  return value;
}

export function num(entity: StoredEntity, name: string): number | undefined {
  const value = entity[name];
  return typeof value === 'number' ? value : undefined;
}

/** A string array stored as a JSON string (Table storage has no array type). */
export function stringArray(entity: StoredEntity, name: string): string[] {
  const text = str(entity, name);
  if (text === undefined) return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The largest string property Table storage accepts is 64 KiB, i.e. 32 Ki UTF-16 code units. */
export const MAX_STRING_PROPERTY = 32 * 1024;

/** Table storage takes at most 1 MiB per entity (keys, property names and values); this leaves room for overhead. */
export const MAX_ENTITY_BYTES = 960 * 1024;

/** Text cut to at most `max` characters with a marker saying so and how long it was; text that fits is unchanged. */
export function boundText(text: string, max = MAX_STRING_PROPERTY): string {
  if (text.length <= max) return text;
  const marker = `…[truncated: ${text.length} characters in all]`;
  return text.slice(0, Math.max(0, max - marker.length)) + marker;
}

/** What an entity's properties take in storage, approximately: strings count 2 bytes a character (UTF-16). */
export function entitySize(entity: Readonly<Record<string, unknown>>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(entity)) {
    bytes += 2 * name.length + 8;
    bytes += typeof value === 'string' ? 2 * value.length : 8;
  }
  return bytes;
}

/**
 * The one place that keeps a row within Table storage's limits: every string property at most
 * `MAX_STRING_PROPERTY` characters, and the whole entity at most `MAX_ENTITY_BYTES` (the largest string property is
 * cut in half until it fits). Each cut text ends with a `…[truncated: N characters in all]` marker. Keys are not
 * touched (`encodeKey` bounds them).
 */
export function boundEntity<T extends Record<string, unknown>>(entity: T): T {
  const bounded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entity)) {
    bounded[name] =
      typeof value === 'string' && name !== 'partitionKey' && name !== 'rowKey' ? boundText(value) : value;
  }
  while (entitySize(bounded) > MAX_ENTITY_BYTES) {
    let largest: string | undefined;
    for (const [name, value] of Object.entries(bounded)) {
      if (name === 'partitionKey' || name === 'rowKey' || typeof value !== 'string') continue;
      if (largest === undefined || value.length > (bounded[largest] as string).length) largest = name;
    }
    if (largest === undefined) break;
    const value = bounded[largest] as string;
    if (value.length < 128) break;
    bounded[largest] = boundText(value, Math.floor(value.length / 2));
  }
  return bounded as T;
}

/** Undefined-valued keys are dropped, so that optional fields are simply absent from the row. */
export function definedOnly<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
