/**
 * ExpressRoute service keys. Azure issues a circuit's service key (a GUID) when the circuit's creation finishes;
 * until then its PUT answer and GETs show the placeholder `00000000-0000-0000-0000-000000000000`. Only a real key
 * may be handed to the connectivity provider. Pure: no I/O, no Azure SDKs.
 */

/** What Azure shows in place of a service key while the circuit is still being created. */
export const PLACEHOLDER_SERVICE_KEY = '00000000-0000-0000-0000-000000000000';

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a key the provider can use: non-empty, a GUID (8-4-4-4-12 hex digits), and not all zeros. */
export function isRealServiceKey(key: string | undefined): boolean {
  if (key === undefined || !GUID_PATTERN.test(key)) return false;
  return /[1-9a-f]/i.test(key);
}
