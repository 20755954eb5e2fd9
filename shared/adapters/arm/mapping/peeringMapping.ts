/**
 * Circuit peering (private or Microsoft): intent ⇄ ARM body. The MD5 key is a reference in the intent and a secret in
 * ARM: the body gets the resolved value only when the adapter writes (see `peeringOperations.ts` for when), and the
 * read-back intent never carries it.
 */
import type { ExpressRouteCircuitPeering } from '@azure/arm-network';
import type { PeeringIntent, Scope } from '../../../domain/intents';
import type { PeeringState } from '../../../ports/network';
import { Drift, sameOptionalId, sameStringSet } from '../compare';

/** ARM writes `customerASN: 0` for "not set". */
function normalizedCustomerAsn(asn: number | undefined): number | undefined {
  return asn === undefined || asn === 0 ? undefined : asn;
}

/** The peering's own fields (what `fromIntent` means for a peering), with the MD5 value when one is given. */
export function peeringBody(intent: PeeringIntent, sharedKey?: string): ExpressRouteCircuitPeering {
  const microsoft = intent.microsoft;
  return {
    name: intent.name,
    peeringType: intent.peeringType,
    state: 'Enabled',
    peerASN: intent.peerAsn,
    primaryPeerAddressPrefix: intent.primaryPeerAddressPrefix,
    secondaryPeerAddressPrefix: intent.secondaryPeerAddressPrefix,
    vlanId: intent.vlanId,
    ...(sharedKey === undefined ? {} : { sharedKey }),
    ...(microsoft === undefined
      ? {}
      : {
          microsoftPeeringConfig: {
            advertisedPublicPrefixes: [...microsoft.advertisedPublicPrefixes],
            routingRegistryName: microsoft.routingRegistryName,
            ...(microsoft.customerAsn === undefined ? {} : { customerASN: microsoft.customerAsn }),
          },
          routeFilter: { id: microsoft.routeFilterId },
        }),
  };
}

/** The GET body with the intent's fields changed; stats, ports, Global Reach connections, IPv6 config kept. */
export function mergePeering(
  current: ExpressRouteCircuitPeering,
  intent: PeeringIntent,
  sharedKey?: string,
): ExpressRouteCircuitPeering {
  const desired = peeringBody(intent, sharedKey);
  return {
    ...current,
    ...desired,
    // An admin-disabled peering stays disabled: the intent does not own the BGP admin state.
    state: current.state ?? desired.state,
    ...(desired.microsoftPeeringConfig === undefined
      ? {}
      : { microsoftPeeringConfig: { ...current.microsoftPeeringConfig, ...desired.microsoftPeeringConfig } }),
  };
}

/** Owned fields that differ; the MD5 key is compared separately (it is a secret). */
export function peeringDrift(intent: PeeringIntent, current: ExpressRouteCircuitPeering): string[] {
  const drift = new Drift()
    .check('peeringType', current.peeringType === intent.peeringType)
    .check('peerASN', current.peerASN === intent.peerAsn)
    .check('primaryPeerAddressPrefix', current.primaryPeerAddressPrefix === intent.primaryPeerAddressPrefix)
    .check('secondaryPeerAddressPrefix', current.secondaryPeerAddressPrefix === intent.secondaryPeerAddressPrefix)
    .check('vlanId', current.vlanId === intent.vlanId);
  const microsoft = intent.microsoft;
  if (microsoft !== undefined) {
    const config = current.microsoftPeeringConfig;
    drift
      .check(
        'microsoftPeeringConfig.advertisedPublicPrefixes',
        sameStringSet(config?.advertisedPublicPrefixes, microsoft.advertisedPublicPrefixes),
      )
      .check(
        'microsoftPeeringConfig.routingRegistryName',
        config?.routingRegistryName === microsoft.routingRegistryName,
      )
      .check(
        'microsoftPeeringConfig.customerASN',
        normalizedCustomerAsn(config?.customerASN) === normalizedCustomerAsn(microsoft.customerAsn),
      )
      .check('routeFilter', sameOptionalId(current.routeFilter?.id, microsoft.routeFilterId));
  }
  return drift.fields;
}

/** Read back as an intent. `md5Key` is a reference ARM cannot return: it is never part of the read-back intent. */
export function peeringToIntent(peering: ExpressRouteCircuitPeering, circuitId: string, scope: Scope): PeeringIntent {
  const config = peering.microsoftPeeringConfig;
  const customerAsn = normalizedCustomerAsn(config?.customerASN);
  const isMicrosoft = peering.peeringType === 'MicrosoftPeering';
  return {
    kind: 'peering',
    id: peering.id ?? `${circuitId}/peerings/${peering.name ?? ''}`,
    scope,
    name: peering.name ?? '',
    circuitId,
    peeringType: (peering.peeringType ?? 'AzurePrivatePeering') as PeeringIntent['peeringType'],
    peerAsn: peering.peerASN ?? 0,
    primaryPeerAddressPrefix: peering.primaryPeerAddressPrefix ?? '',
    secondaryPeerAddressPrefix: peering.secondaryPeerAddressPrefix ?? '',
    vlanId: peering.vlanId ?? 0,
    ...(isMicrosoft
      ? {
          microsoft: {
            advertisedPublicPrefixes: [...(config?.advertisedPublicPrefixes ?? [])],
            ...(customerAsn === undefined ? {} : { customerAsn }),
            routingRegistryName: config?.routingRegistryName ?? '',
            routeFilterId: peering.routeFilter?.id ?? '',
          },
        }
      : {}),
  };
}

export function peeringState(peering: ExpressRouteCircuitPeering, managed: boolean): PeeringState {
  const prefixesState = peering.microsoftPeeringConfig?.advertisedPublicPrefixesState;
  return {
    provisioningState: peering.provisioningState ?? 'Unknown',
    managed,
    state: peering.state ?? 'Unknown',
    ...(prefixesState === undefined ? {} : { advertisedPublicPrefixesState: prefixesState }),
  };
}

/** Whether ARM reported an MD5 key at all (the value itself is never surfaced). */
export function reportsSharedKey(peering: ExpressRouteCircuitPeering): boolean {
  return typeof peering.sharedKey === 'string' && peering.sharedKey !== '';
}
