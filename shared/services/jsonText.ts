/** JSON text as a request body or message body: parsed, or one issue at the root (rule `json-syntax`). */
import type { ValidationIssue } from '../errors';

export const JSON_SYNTAX_RULE = 'json-syntax';

export type JsonTextResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly issue: ValidationIssue };

/** `what` names the text in the issue's message, e.g. "the message body". */
export function parseJsonText(text: string, what: string): JsonTextResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'not JSON';
    return { ok: false, issue: { path: '', rule: JSON_SYNTAX_RULE, message: `${what} is not valid JSON (${reason})` } };
  }
}
