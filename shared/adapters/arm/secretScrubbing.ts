/**
 * Secrets that can appear in ARM traffic: circuit authorization keys (`authorizationKey`, on authorizations,
 * connections and Direct circuits) and BGP MD5 / connection shared keys (`sharedKey`). They never leave the adapter:
 * every message and body the adapter surfaces goes through `scrubSecrets` first.
 */

// One redaction policy for the whole application: shared/redaction.ts.
export { REDACTED, scrubSecrets } from '../../redaction';
import { redactFields } from '../../redaction';

/** A deep copy of a parsed body with every secret field's value replaced. */
export function scrubSecretFields(value: unknown): unknown {
  return redactFields(value);
}
