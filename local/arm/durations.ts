/** How long each simulated operation takes, on the simulator's clock. Deletes use the `…Delete` keys. */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEFAULT_DURATIONS = {
  resourceGroupDelete: 30 * SECOND,
  circuit: 2 * MINUTE,
  circuitDelete: 2 * MINUTE,
  peering: 3 * MINUTE,
  peeringDelete: 3 * MINUTE,
  authorization: 1 * MINUTE,
  authorizationDelete: 1 * MINUTE,
  routeFilter: 1 * MINUTE,
  routeFilterDelete: 1 * MINUTE,
  routeFilterRule: 1 * MINUTE,
  routeFilterRuleDelete: 1 * MINUTE,
  virtualNetwork: 20 * SECOND,
  virtualNetworkDelete: 20 * SECOND,
  subnet: 20 * SECOND,
  subnetDelete: 20 * SECOND,
  gateway: 38 * MINUTE,
  gatewayDelete: 20 * MINUTE,
  connection: 10 * MINUTE,
  connectionDelete: 5 * MINUTE,
  localNetworkGateway: 1 * MINUTE,
  localNetworkGatewayDelete: 1 * MINUTE,
  routeTable: 20 * SECOND,
  routeTableDelete: 20 * SECOND,
  route: 20 * SECOND,
  routeDelete: 20 * SECOND,
  networkSecurityGroup: 20 * SECOND,
  networkSecurityGroupDelete: 20 * SECOND,
  securityRule: 20 * SECOND,
  securityRuleDelete: 20 * SECOND,
} as const;

export type DurationKey = keyof typeof DEFAULT_DURATIONS;

export const DEFAULT_PROVIDER_DELAYS = { provisionAfterMs: 3 * DAY, deprovisionAfterMs: 1 * DAY } as const;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY };

/** Parses `500ms`, `20s`, `10m`, `2h`, `3d` or a bare number of milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match) throw new RangeError(`not a duration: '${text}' (use e.g. 500ms, 20s, 10m, 2h, 3d)`);
  const value = Number(match[1]);
  const unit = (match[2] ?? 'ms').toLowerCase();
  return Math.round(value * (UNIT_MS[unit] ?? 1));
}
