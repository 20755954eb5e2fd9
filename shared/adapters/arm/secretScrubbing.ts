/**
 * Secrets that can appear in ARM traffic: circuit authorization keys (`authorizationKey`, on authorizations,
 * connections and Direct circuits) and BGP MD5 / connection shared keys (`sharedKey`). They never leave the adapter:
 * every message and body the adapter surfaces goes through `scrubSecrets` first.
 */

export const REDACTED = '[redacted]';

const SECRET_FIELD = String.raw`(?:authorization[ _-]?key|shared[ _-]?key)`;
/** `"authorizationKey": "…"` in JSON (escaped quotes inside the value included). */
const JSON_SECRET = new RegExp(String.raw`("${SECRET_FIELD}"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi');
/** `authorizationKey=…`, `sharedKey: …`, `authorizationKey '…'` in free text, query strings or logs. */
const TEXT_SECRET = new RegExp(String.raw`(\b${SECRET_FIELD}\b['"]?\s*[=:]\s*)(['"]?)[^\s'",;&}\]]+\2`, 'gi');
/** `authorizationKey` with a GUID anywhere after it in the same sentence fragment. */
const NEARBY_GUID = new RegExp(
  String.raw`(\b${SECRET_FIELD}\b[^\n.]{0,40}?)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`,
  'gi',
);

/** Removes secret values from text: known values first (exact), then anything that looks like a secret field. */
export function scrubSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let scrubbed = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) scrubbed = scrubbed.split(secret).join(REDACTED);
  }
  return scrubbed
    .replace(JSON_SECRET, `$1"${REDACTED}"`)
    .replace(NEARBY_GUID, `$1${REDACTED}`)
    .replace(TEXT_SECRET, (match: string, prefix: string) =>
      match.includes(REDACTED) ? match : `${prefix}${REDACTED}`,
    );
}

const SECRET_KEYS = new Set(['authorizationkey', 'sharedkey']);

/** A deep copy of a parsed body with every secret field's value replaced. */
export function scrubSecretFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubSecretFields);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] =
      SECRET_KEYS.has(key.toLowerCase()) && field !== undefined && field !== null ? REDACTED : scrubSecretFields(field);
  }
  return copy;
}
