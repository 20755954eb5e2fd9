import fc from 'fast-check';
import {
  SAFE_KEY_HASH_MARK,
  SAFE_KEY_MAX_LENGTH,
  fnv1a64Hex,
  isSafeKey,
  safeKey,
} from '../../../shared/domain/safeKey';

/** Azure Table keys refuse these; Durable's Azure Storage provider stores instance ids as table keys. */
const TABLE_KEY_FORBIDDEN = /[/\\#?\p{Cc}]/u;

function expectLegal(key: string): void {
  expect(key.length).toBeGreaterThanOrEqual(1);
  expect(key.length).toBeLessThanOrEqual(SAFE_KEY_MAX_LENGTH);
  expect(key).not.toMatch(TABLE_KEY_FORBIDDEN);
  // A URL path segment too: no dot segments, nothing percent-encoding would change.
  expect(key).toMatch(/^[A-Za-z0-9._~-]+$/);
  expect(key).not.toMatch(/^\.{1,2}$/);
  expect(encodeURIComponent(key)).toBe(key);
}

const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    '.',
    '..',
    '/',
    '\\',
    '#',
    '?',
    'a/b',
    'a#b',
    'req 1',
    '\u0000',
    '\u007f',
    '\ud800',
    '~',
    'x'.repeat(10_000),
  ),
);

describe('safeKey', () => {
  it('leaves an already safe id unchanged', () => {
    for (const id of ['crm-req-20260302-0001', 'contoso', 'a', 'A.b_c-9', '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b']) {
      expect(safeKey(id)).toBe(id);
      expect(isSafeKey(id)).toBe(true);
    }
  });

  it('changes an unsafe id into a readable prefix and a hash of the whole value', () => {
    expect(safeKey('crm/req#1?x')).toBe(`crm-req-1-x${SAFE_KEY_HASH_MARK}${fnv1a64Hex('crm/req#1?x')}`);
    expect(safeKey('')).toBe(`${SAFE_KEY_HASH_MARK}${fnv1a64Hex('')}`);
    expect(safeKey('..')).toMatch(/^~[0-9a-f]{16}$/);
    expect(safeKey('x'.repeat(10_000))).toHaveLength(SAFE_KEY_MAX_LENGTH);
  });

  it('hashes with 64-bit FNV-1a over UTF-16 code units (known vectors)', () => {
    // FNV-1a 64 of the empty input is its offset basis.
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    // "a" is the code unit 0x0061, hashed as the bytes 0x00 0x61 (computed independently).
    expect(fnv1a64Hex('a')).toBe('08326707b4eb37da');
    expect(fnv1a64Hex('crm/req#1?x\u00e9')).toBe('bfc53922d676ebfa');
    expect(fnv1a64Hex('\ud800')).not.toBe(fnv1a64Hex('\ud801'));
  });

  it('property: every key is legal in a Durable instance id, a Table key and a URL path segment', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        expectLegal(safeKey(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: deterministic, and unchanged exactly when already safe', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const key = safeKey(value);
        expect(safeKey(value)).toBe(key);
        expect(key === value).toBe(isSafeKey(value));
        expect(key.includes(SAFE_KEY_HASH_MARK)).toBe(!isSafeKey(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: distinct values give distinct keys (injective in practice)', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        fc.pre(a !== b);
        expect(safeKey(a)).not.toBe(safeKey(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps near-identical unsafe ids apart (the cleaning alone would merge them)', () => {
    const ids = ['a/b', 'a#b', 'a?b', 'a\\b', 'a b', 'a-b/', 'A/b', 'a//b', 'a/b\u0000'];
    const keys = ids.map(safeKey);
    expect(new Set(keys).size).toBe(ids.length);
    const many = Array.from({ length: 20_000 }, (_, index) => `tenant/${index}`);
    expect(new Set(many.map(safeKey)).size).toBe(many.length);
  });
});
