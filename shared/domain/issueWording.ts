/**
 * How validation speaks: field paths, quoting of untrusted input, readable messages for the schema's generic
 * problems, and the one policy for fields that hold (or should hold) a secret. Every message the domain builds from
 * user input goes through `quoteValue` or `mention`, so no input is echoed longer than `MAX_QUOTED_LENGTH` and no
 * secret-bearing field is echoed at all. Pure: no I/O, no Azure SDKs.
 */
import type { z } from 'zod';
import type { ValidationIssue } from '../errors';
import { MAX_ECHO_LENGTH } from '../redaction';

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** The longest quoted input a message may hold (escapes included), besides its quotes and length note. */
export const MAX_QUOTED_LENGTH = MAX_ECHO_LENGTH;
/** How much of an over-long input is shown before the cut. */
const SHOWN_WHEN_CUT = 48;

/** Control and format characters (bidi overrides, zero-width joiners…) are shown escaped, never raw. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

function escapeCharacter(character: string): string {
  // JSON.stringify escapes quotes, backslashes, \n \t and the like, other C0 controls and lone surrogates.
  const json = JSON.stringify(character).slice(1, -1);
  if (json !== character || !INVISIBLE.test(character)) return json;
  const code = character.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Untrusted text for a message: quoted and escaped; when its escaped form is longer than `MAX_QUOTED_LENGTH`, cut
 * short with "…" and followed by its length, e.g. `"aaaa…" (10240 characters)`.
 */
export function quoteValue(text: string): string {
  let escaped = '';
  let shown = '';
  for (const character of text) {
    const piece = escapeCharacter(character);
    if (shown.length + piece.length <= SHOWN_WHEN_CUT) shown += piece;
    escaped += piece;
    if (escaped.length > MAX_QUOTED_LENGTH) return `"${shown}…" (${text.length} characters)`;
  }
  return `"${escaped}"`;
}

/** A name or address that reads well bare (letters, digits, `-_.:/()` only, short) is shown as is; anything else quoted. */
const PLAIN_TOKEN = /^[A-Za-z0-9][\w.:/()-]*$/;

export function mention(text: string): string {
  return text.length <= MAX_QUOTED_LENGTH && PLAIN_TOKEN.test(text) ? text : quoteValue(text);
}

/** The last segment of an ARM id (the resource's own name), for messages. */
export function mentionResourceName(armId: string): string {
  return mention(armId.slice(armId.lastIndexOf('/') + 1));
}

// ---- Paths -----------------------------------------------------------------------------------------------------

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * `['circuits', 'privatePeering', 'legs', 0, 'vlanId']` → `circuits.privatePeering.legs[0].vlanId`. A segment that
 * is not an identifier (an unknown key a caller sent) is quoted, and cut short like any other input.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment) && segment.length <= MAX_QUOTED_LENGTH) {
      text += text === '' ? segment : `.${segment}`;
    } else text += `[${quoteValue(String(segment))}]`;
  }
  return text;
}

// ---- Secrets ---------------------------------------------------------------------------------------------------

/**
 * Field names that hold, or should hold, a secret or a reference to one (`md5Key`, an authorization or shared key,
 * a password…). Whatever such a field contains is never repeated in a message, nor are the names of unknown keys
 * inside it.
 */
const SECRET_FIELD = /md5|secret|password|passphrase|sharedkey|authorizationkey|credential|token|privatekey/i;

export function isSecretField(segment: PropertyKey): boolean {
  return typeof segment === 'string' && SECRET_FIELD.test(segment);
}

/** True when the path goes through a secret-bearing field. */
export function isSecretPath(path: readonly PropertyKey[]): boolean {
  return path.some(isSecretField);
}

/** The message for a secret given in the wrong form, e.g. a BGP MD5 key as a plain string. It never holds the value. */
export const SECRET_REFERENCE_MESSAGE =
  'must be a secret reference { "vault": …, "secret": …, "version"?: … } naming a Key Vault secret; the secret ' +
  'itself is never sent in a request (the value given is not repeated)';

// ---- Schema (zod) issues ---------------------------------------------------------------------------------------

/** Parses `input` with any zod schema and reports problems as ValidationIssues with readable messages. */
export function validateWithSchema<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const parsed = schema.safeParse(input, { error: readableZodMessage });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: validationIssuesFromZod(parsed.error, input) };
}

/**
 * Turns zod issues into ValidationIssues: a dotted/bracketed path, a rule id and a message. Pass the parsed `input`
 * too, so that a missing field is told apart from a wrong type (`schema.required` vs `schema.type`). A custom check
 * names its own rule in `params.rule` (e.g. `name.characters`); every other issue gets a `schema.*` rule.
 */
export function validationIssuesFromZod(error: z.core.$ZodError, input?: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    const secret = isSecretPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      if (secret) {
        issues.push({
          path: formatPath(issue.path),
          rule: 'schema.unknown-field',
          message:
            'holds fields that are not part of a secret reference (vault, secret, version); their names and ' +
            'values are not repeated',
        });
        continue;
      }
      for (const key of issue.keys) {
        issues.push({
          path: formatPath([...issue.path, key]),
          rule: 'schema.unknown-field',
          message: 'is not a field of this object (check the spelling: unknown fields are rejected)',
        });
      }
      continue;
    }
    const missing = issue.path.length > 0 && isMissing(issue, input);
    issues.push({
      path: formatPath(issue.path),
      rule: missing ? 'schema.required' : ruleOf(issue),
      message: missing ? 'is required' : secret ? secretSafeMessage(issue, input) : issue.message,
    });
  }
  return issues;
}

function ruleOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' && typeof issue.params?.rule === 'string') return issue.params.rule;
  return schemaRule(issue.code);
}

/** A message for a field under a secret-bearing one: the schema's own wording, unless it could repeat the value. */
function secretSafeMessage(issue: z.core.$ZodIssue, root: unknown): string {
  if (issue.code === 'invalid_type') {
    const last = issue.path[issue.path.length - 1];
    return last !== undefined && isSecretField(last)
      ? SECRET_REFERENCE_MESSAGE
      : `must be ${describeExpectedType(issue.expected)} (the value given is not repeated)`;
  }
  const value = valueAt(root, issue.path);
  const leaks = typeof value === 'string' && value !== '' && issue.message.includes(value);
  return leaks ? 'is not valid here (the value given is not repeated)' : issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function schemaRule(code: z.core.$ZodIssue['code']): string {
  switch (code) {
    case 'invalid_type':
      return 'schema.type';
    case 'invalid_value':
      return 'schema.enum';
    case 'invalid_format':
      return 'schema.format';
    case 'too_small':
      return 'schema.too-small';
    case 'too_big':
      return 'schema.too-big';
    case 'invalid_union':
      return 'schema.union';
    default:
      return 'schema.invalid';
  }
}

function isMissing(issue: z.core.$ZodIssue, input: unknown): boolean {
  if (input === undefined) return 'input' in issue && issue.input === undefined;
  let value: unknown = input;
  for (const segment of issue.path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return true;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value === undefined;
}

/** Messages for zod's generic issues; a message written in the schema itself always wins over these. */
const readableZodMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `must be ${describeExpectedType(issue.expected)}, not ${describeValue(issue.input)}`;
    case 'too_small':
      return boundMessage('at least', issue.origin, issue.minimum, issue.exact);
    case 'too_big':
      return boundMessage('at most', issue.origin, issue.maximum, issue.exact);
    case 'invalid_value':
      return issue.input === undefined
        ? 'is required'
        : `must be one of ${issue.values.map(describeLiteral).join(', ')}`;
    default:
      return undefined;
  }
};

function describeExpectedType(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'an object';
    case 'array':
    case 'tuple':
      return 'a list';
    default:
      return expected;
  }
}

/** What a value is, for "must be X, not Y": text is quoted (and cut short), never echoed whole. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text ${quoteValue(value)}`;
    case 'number':
      return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a value of type ${typeof value}`;
  }
}

function describeLiteral(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function boundMessage(bound: 'at least' | 'at most', origin: string, limit: number | bigint, exact?: boolean): string {
  const quantity = exact === true ? 'exactly' : bound;
  const plural = limit === 1 || limit === 1n ? '' : 's';
  switch (origin) {
    case 'array':
    case 'set':
      return `must have ${quantity} ${limit} item${plural}`;
    case 'string':
      return `must be ${quantity} ${limit} character${plural} long`;
    default:
      return `must be ${quantity} ${limit}`;
  }
}
