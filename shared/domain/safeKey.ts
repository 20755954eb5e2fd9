/**
 * `safeKey`: any user-supplied id (a request id, a customer id, a subscription) turned into a string that is legal
 * as a fragment of a Durable instance id and as an Azure Table PartitionKey or RowKey, and safe in a URL path.
 *
 * Sources: Azure Table storage ("Understanding the Table service data model", Characters disallowed in key fields):
 * no "/", "\", "#", "?", nor control characters U+0000-U+001F and U+007F-U+009F, at most 1 KiB; Durable Task's
 * client refuses instance ids outside 1-100 characters ("Instance IDs must be between 1 and 100 characters"), and
 * the Azure Storage provider stores instance ids as table keys. So the key keeps a conservative alphabet and a
 * bounded length, leaving room for the caller's own prefix and suffix.
 *
 * - A value that is already safe (`A-Z a-z 0-9 . _ -`, starting and ending with a letter or digit, at most
 *   `SAFE_KEY_MAX_LENGTH`) is returned unchanged.
 * - Any other value becomes a readable, cleaned prefix, then `~`, then a 64-bit FNV-1a hash of the whole original
 *   value (16 hex digits). `~` never occurs in an unchanged value, so a changed value never equals an unchanged one;
 *   two changed values are equal only if their hashes collide (about 1 in 2^64 per pair).
 * Deterministic and pure (no clock, no randomness, no Node built-ins), so orchestrators may call it.
 */

export const SAFE_KEY_MAX_LENGTH = 64;
/** Separates the readable part of a changed value from its hash. Never part of an unchanged value. */
export const SAFE_KEY_HASH_MARK = '~';

const SAFE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const UNSAFE_CHARACTER = /[^A-Za-z0-9._-]/g;
const HASH_DIGITS = 16;

/**
 * 64-bit FNV-1a over the UTF-16 code units of `text` (each as two bytes, high first), as 16 hex digits. Code units,
 * not UTF-8: every string hashes losslessly, lone surrogates included. Computed in four 16-bit limbs (plain numbers
 * are much faster than BigInt): the prime 0x100000001b3 is 2^40 + 0x1b3.
 */
export function fnv1a64Hex(text: string): string {
  // Offset basis 0xcbf29ce484222325, lowest limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const mix = (byte: number) => {
    h0 ^= byte;
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  };
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    mix(unit >>> 8);
    mix(unit & 0xff);
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}

/** True when `value` is returned by `safeKey` unchanged. */
export function isSafeKey(value: string): boolean {
  return value.length <= SAFE_KEY_MAX_LENGTH && SAFE.test(value);
}

/** A key legal in a Durable instance id and a Table key, deterministic, and distinct for distinct values in practice. */
export function safeKey(value: string): string {
  if (isSafeKey(value)) return value;
  const hash = fnv1a64Hex(value);
  const room = SAFE_KEY_MAX_LENGTH - SAFE_KEY_HASH_MARK.length - HASH_DIGITS;
  const readable = value
    .replace(UNSAFE_CHARACTER, '-')
    .slice(0, room)
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9]+$/, '');
  return `${readable}${SAFE_KEY_HASH_MARK}${hash}`;
}
