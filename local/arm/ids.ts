/** ARM resource ids: case-insensitive, so every lookup goes through `idKey`. */
export const NETWORK_NAMESPACE = 'Microsoft.Network';

export function idKey(id: string): string {
  return id.replace(/\/+$/, '').toLowerCase();
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function networkResourceId(
  subscriptionId: string,
  resourceGroup: string,
  segments: readonly { readonly type: string; readonly name: string }[],
): string {
  const tail = segments.map((segment) => `${segment.type}/${segment.name}`).join('/');
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/${NETWORK_NAMESPACE}/${tail}`;
}

/** Azure region names as they appear in URLs: `West Europe` → `westeurope`. */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

export interface ParsedNetworkId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly segments: readonly { readonly type: string; readonly name: string }[];
}

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/{type}/{name}[/{type}/{name}]…`. */
export function parseNetworkId(id: string): ParsedNetworkId | undefined {
  const parts = id.replace(/^\/+|\/+$/g, '').split('/');
  const [subscriptions, subscriptionId, resourceGroups, resourceGroup, providers, namespace, ...rest] = parts;
  if (
    subscriptions?.toLowerCase() !== 'subscriptions' ||
    resourceGroups?.toLowerCase() !== 'resourcegroups' ||
    providers?.toLowerCase() !== 'providers' ||
    namespace?.toLowerCase() !== NETWORK_NAMESPACE.toLowerCase() ||
    subscriptionId === undefined ||
    resourceGroup === undefined ||
    rest.length === 0 ||
    rest.length % 2 !== 0
  ) {
    return undefined;
  }
  const segments: { type: string; name: string }[] = [];
  for (let index = 0; index < rest.length; index += 2) {
    segments.push({ type: rest[index] ?? '', name: rest[index + 1] ?? '' });
  }
  return { subscriptionId, resourceGroup, segments };
}

export function subscriptionOf(id: string): string | undefined {
  const match = /^\/?subscriptions\/([^/]+)/i.exec(id);
  return match?.[1];
}
