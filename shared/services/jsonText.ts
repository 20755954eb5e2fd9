/**
 * JSON text as a request body or message body: parsed, or one issue at the root. Also the limits every entry point
 * applies before a body is looked at (size, nesting depth), and the digest that identifies a request's body.
 *
 * Nothing here recurses over user input: depth is measured with an explicit stack, and canonical JSON is only ever
 * built for a value whose depth has been checked.
 */
import { createHash } from 'node:crypto';
import type { ValidationIssue } from '../errors';

export const JSON_SYNTAX_RULE = 'json-syntax';
export const JSON_DEPTH_RULE = 'json.max-depth';
export const BODY_SIZE_RULE = 'body.max-size';

/**
 * The largest body taken, in bytes: a Service Bus Standard message is at most 256 KB, so a request that could not
 * travel on the queues is not taken over HTTP either.
 */
export const MAX_BODY_BYTES = 256 * 1024;
/** The deepest nesting of arrays and objects taken. A request spec is about 6 levels deep. */
export const MAX_JSON_DEPTH = 32;

export type JsonTextResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly issue: ValidationIssue };

/** `what` names the text in the issue's message, e.g. "the message body". */
export function parseJsonText(text: string, what: string): JsonTextResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_BODY_BYTES) return { ok: false, issue: bodyTooLargeIssue(bytes, what) };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    // V8's messages quote the text around the error; say where, not what.
    const reason = error instanceof SyntaxError ? syntaxReason(error.message) : 'not JSON';
    return { ok: false, issue: { path: '', rule: JSON_SYNTAX_RULE, message: `${what} is not valid JSON (${reason})` } };
  }
}

function syntaxReason(message: string): string {
  const position = /position (\d+)/.exec(message);
  if (position) return `syntax error at position ${position[1] ?? '?'}`;
  return /end of (JSON|data) input/i.test(message) ? 'unexpected end of input' : 'syntax error';
}

export function bodyTooLargeIssue(bytes: number, what = 'the body'): ValidationIssue {
  return {
    path: '',
    rule: BODY_SIZE_RULE,
    message: `${what} is ${bytes} bytes; at most ${MAX_BODY_BYTES} bytes are taken (a Service Bus message's limit)`,
  };
}

/** The nesting depth of a JSON value (a scalar is 0, `[]` is 1), measured without recursion; stops past `limit`. */
export function jsonDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: { readonly value: unknown; readonly depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined || typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    const children: unknown[] = Array.isArray(next.value) ? next.value : Object.values(next.value);
    for (const child of children) stack.push({ value: child, depth });
  }
  return deepest;
}

/** One issue when the value nests deeper than `MAX_JSON_DEPTH`, else undefined. */
export function depthIssue(value: unknown, what = 'the body'): ValidationIssue | undefined {
  const depth = jsonDepth(value, MAX_JSON_DEPTH);
  if (depth <= MAX_JSON_DEPTH) return undefined;
  return {
    path: '',
    rule: JSON_DEPTH_RULE,
    message: `${what} nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; a request is never that deep`,
  };
}

/**
 * CloudEvents attributes that belong to the transport, not to the request (the distributed-tracing extension): a
 * redelivery through another hop may change them without being another request.
 */
const TRANSPORT_ATTRIBUTES: ReadonlySet<string> = new Set(['traceparent', 'tracestate']);

/**
 * JSON with object keys sorted (recursively) and no insignificant whitespace, so that equal bodies have equal text
 * whatever their key order. Top-level transport attributes are left out. Call only on a value whose depth is
 * bounded (`depthIssue`): it recurses.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, true));
}

function sortKeys(value: unknown, topLevel = false): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => sortKeys(item));
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (topLevel && TRANSPORT_ATTRIBUTES.has(key)) continue;
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}

/** `sha256:` and the hex SHA-256 of the body's canonical JSON: what identifies a request's content. */
export function requestDigest(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex')}`;
}

/**
 * Text cut to at most `maxChars` characters, with a marker saying so and how long it was: `…[truncated: 1234
 * characters in all]`. Text that fits is returned as it is.
 */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const marker = `…[truncated: ${text.length} characters in all]`;
  return text.slice(0, Math.max(0, maxChars - marker.length)) + marker;
}
