/**
 * The function key of `ercsp serve`: one random key per run, checked as the Functions host checks a function key
 * (`?code=` or the `x-functions-key` header) on every route whose `authLevel` is not `anonymous`. It is printed once at
 * start for the operator and never logged or echoed anywhere else.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const FUNCTION_KEY_HEADER = 'x-functions-key';
export const FUNCTION_KEY_QUERY = 'code';

/** 32 random bytes, base64url: the shape (not the value) of a host-generated key. */
export function newFunctionKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The key the caller presented (header first, then `?code=`), if any. */
export function presentedKey(headers: Headers, url: URL): string | undefined {
  const fromHeader = headers.get(FUNCTION_KEY_HEADER);
  if (fromHeader !== null && fromHeader !== '') return fromHeader;
  const fromQuery = url.searchParams.get(FUNCTION_KEY_QUERY);
  return fromQuery === null || fromQuery === '' ? undefined : fromQuery;
}

/** Constant-time comparison, so the key cannot be guessed one character at a time from response times. */
export function keyMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
