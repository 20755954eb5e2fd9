/**
 * The one redaction policy: what counts as a secret, and how it is removed from anything the automation writes or
 * says (problem details, ledger rows, checkpoints, parked records, log lines, outbound events). Pure: no SDK, no
 * configuration, no imports, so that ports, adapters and services can all use it.
 *
 * Two tools:
 * - `redactFields` for structured values: every field whose *name* says it holds (or should hold) a secret has its
 *   value replaced, whatever form the value was given in (a plain string, a number, an object, an array);
 * - `scrubSecrets` for free text: the values of secret-named fields in JSON or `name: value` text, connection-string
 *   keys, bearer tokens, GUIDs right after a word ending in "key", and any known secret value.
 * Plus `shortenForEcho`: no user-supplied value is echoed longer than `MAX_ECHO_LENGTH` characters.
 */

export const REDACTED = '[redacted]';

/** How long a user-supplied value may be when it is repeated back (in a message, a record, a log line). */
export const MAX_ECHO_LENGTH = 64;

/**
 * Field names that hold, or should hold, a secret or a reference to one: BGP MD5 keys (`md5Key`), circuit
 * authorization keys, connection shared keys, passwords, client secrets, tokens, account keys.
 */
const SECRET_FIELD_NAME =
  /md5|secret|password|passphrase|passwd|shared[ _-]?key|authori[sz]ation[ _-]?key|^authkey$|account[ _-]?key|sharedaccesskey|credential|token|private[ _-]?key|^apikey$|^api[ _-]key$/i;

/** True when a field of this name holds (or should hold) a secret: its value is never repeated. */
export function isSecretFieldName(name: PropertyKey): boolean {
  return typeof name === 'string' && SECRET_FIELD_NAME.test(name);
}

const GUID_SOURCE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const GUID_ONLY = new RegExp(`^\\s*${GUID_SOURCE}\\s*$`);
/** Secret field names as they appear in text (JSON keys, `name=value`, prose such as "authorization key"). */
const SECRET_NAME_IN_TEXT = String.raw`(?:authori[sz]ation[ _-]?key|shared[ _-]?key|auth[ _-]?key|md5[ _-]?key|md5|password|client[ _-]?secret)`;

const SECRET_TEXT_RULES: readonly (readonly [RegExp, string])[] = [
  // JSON escaped inside a JSON string: \"sharedKey\":\"…\" (inside, \\ is an escaped backslash, \" a quote).
  [
    new RegExp(String.raw`(\\"${SECRET_NAME_IN_TEXT}\\"\s*:\s*\\")(?:\\\\(?:\\\\|\\"|[^\\])|[^\\"])*(\\")`, 'gi'),
    `$1${REDACTED}$2`,
  ],
  // JSON or JS-like text, the quotes kept so that JSON stays valid: "authorizationKey": "…"   authKey: '…'
  [new RegExp(String.raw`(["']?\b${SECRET_NAME_IN_TEXT}["']?\s*[:=]\s*")(?:[^"\\]|\\.)*"`, 'gi'), `$1${REDACTED}"`],
  [new RegExp(String.raw`(["']?\b${SECRET_NAME_IN_TEXT}["']?\s*[:=]\s*')[^']*'`, 'gi'), `$1${REDACTED}'`],
  // Unquoted values: sharedKey=abc123, md5Key: abc
  [new RegExp(String.raw`(\b${SECRET_NAME_IN_TEXT}\s*[:=]\s*)[^\s,;&}\]"'\\[]+`, 'gi'), `$1${REDACTED}`],
  // Connection-string keys: AccountKey=…; SharedAccessKey=…
  [/((?:AccountKey|SharedAccessKey)=)[^;"'\s\\]+/gi, `$1${REDACTED}`],
  // Bearer tokens.
  [/(Bearer\s+)[\w.~+/-]+=*/gi, `$1${REDACTED}`],
  // A GUID right after a word ending in "key": serviceKey: <guid>, authorization key <guid>, Key=<guid>, key is <guid>
  [
    new RegExp(String.raw`(\b\w*key\b(?:\\?["'])?(?:\s*(?:[:=]|is|was)\s*|\s+)(?:\\?["'])?)${GUID_SOURCE}`, 'gi'),
    `$1${REDACTED}`,
  ],
  // A GUID shortly after a secret field name in the same sentence fragment ("authorizationKey of x is <guid>").
  [
    new RegExp(String.raw`(\b(?:authori[sz]ation[ _-]?key|shared[ _-]?key)\b[^\n.]{0,40}?)${GUID_SOURCE}`, 'gi'),
    `$1${REDACTED}`,
  ],
];

/**
 * Removes what looks like a secret from free text (error messages, serialized payloads), and every known secret
 * value (at least 4 characters) wherever it appears. A heuristic for text: subscription and tenant GUIDs are kept on
 * purpose; secrets must not reach messages in the first place (structured values go through `redactFields`).
 */
export function scrubSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let scrubbed = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) scrubbed = scrubbed.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of SECRET_TEXT_RULES) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

/** Beyond this depth a structured value is replaced by a marker instead of being walked (no stack overflow). */
export const MAX_REDACTION_DEPTH = 64;
export const TOO_DEEP = '[nested too deep]';

/**
 * A deep copy of a JSON-like value with every secret-named field's value replaced by `[redacted]` (unless it is a
 * well-formed Key Vault secret reference, which names a secret without holding it), a GUID in any field whose name ends in "key" replaced, and
 * every other string run through `scrubSecrets`. Values nested deeper than `MAX_REDACTION_DEPTH` become `TOO_DEEP`.
 */
export function redactFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_REDACTION_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((item: unknown) => redactFields(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    copy[key] = isRedactedField(key, field)
      ? REDACTED
      : isSecretFieldName(key)
        ? { ...(field as Record<string, string>) }
        : redactFields(field, depth + 1);
  }
  return copy;
}

function isRedactedField(key: string, field: unknown): boolean {
  if (isSecretFieldName(key)) return !isSecretReference(field);
  return /key$/i.test(key) && typeof field === 'string' && GUID_ONLY.test(field);
}

const SECRET_REFERENCE_KEYS = new Set(['vault', 'secret', 'version']);

/**
 * `{ vault, secret, version? }` with short plain names: a reference to a Key Vault secret, not a secret. Anything
 * else in a secret-named field (a plain string, a number, an object with other keys) may be the secret itself.
 */
function isSecretReference(field: unknown): boolean {
  if (typeof field !== 'object' || field === null || Array.isArray(field)) return false;
  const entries = Object.entries(field);
  return (
    entries.length > 0 &&
    entries.every(
      ([key, value]) =>
        SECRET_REFERENCE_KEYS.has(key) && typeof value === 'string' && /^[A-Za-z0-9-]{1,127}$/.test(value),
    ) &&
    'vault' in field &&
    'secret' in field
  );
}

/**
 * A user-supplied value as it may be repeated back: whole when short, else its first characters and its length
 * (`"abc…" (1234 characters)`), so that a message never carries a long value (or a long secret) verbatim.
 */
export function shortenForEcho(value: string, max = MAX_ECHO_LENGTH): string {
  if (value.length <= max) return value;
  return `${value.slice(0, Math.max(0, max - 16))}… (${value.length} characters)`;
}
