/**
 * What `ercsp plan` shows of each resource besides its name: where it goes (subscription, resource group) and the
 * properties an engineer checks before a change (SKU, bandwidth, provider and peering location, peering addresses
 * and VLANs, route prefixes and next hops, NSG rules, what a subnet gets). Secrets are never shown: an MD5 key or a
 * shared key appears as the name of its reference at most.
 */
import { resourceNameOf } from '../../shared/domain/naming';
import type { ResourceIntent, RouteIntent, SecurityRuleIntent } from '../../shared/domain/intents';

/** `subscription … · resource group …` of any resource. */
export function placementOf(intent: ResourceIntent): string {
  return `subscription ${intent.scope.subscriptionId} · resource group ${intent.scope.resourceGroup}`;
}

function mbps(value: number): string {
  return value >= 1000 && value % 1000 === 0 ? `${value / 1000} Gbps` : `${value} Mbps`;
}

function route(item: RouteIntent): string {
  const hop = item.nextHopIpAddress === undefined ? item.nextHopType : `${item.nextHopType} ${item.nextHopIpAddress}`;
  return `${item.addressPrefix} → ${hop} (${item.name})`;
}

function securityRule(rule: SecurityRuleIntent): string {
  const source = `${rule.sourceAddressPrefix}:${rule.sourcePortRange}`;
  const destination = `${rule.destinationAddressPrefix}:${rule.destinationPortRange}`;
  return `${rule.priority} ${rule.direction} ${rule.access} ${rule.protocol} ${source} → ${destination} (${rule.name})`;
}

/** The properties that matter, one line each (lists such as routes and rules get a line per entry). */
export function propertiesOf(intent: ResourceIntent): string[] {
  switch (intent.kind) {
    case 'circuit':
      return [
        `${intent.sku.tier}/${intent.sku.family} · ${mbps(intent.bandwidthMbps)} · ${intent.serviceProviderName} at ` +
          `${intent.peeringLocation} · region ${intent.location}`,
      ];
    case 'peering': {
      const lines = [
        `primary ${intent.primaryPeerAddressPrefix} · secondary ${intent.secondaryPeerAddressPrefix} · VLAN ` +
          `${intent.vlanId} · peer ASN ${intent.peerAsn}${intent.md5Key === undefined ? '' : ' · MD5 key from its secret reference'}`,
      ];
      if (intent.microsoft !== undefined) {
        lines.push(
          `advertised ${intent.microsoft.advertisedPublicPrefixes.join(', ')} · registry ` +
            `${intent.microsoft.routingRegistryName} · route filter ${resourceNameOf(intent.microsoft.routeFilterId)}`,
        );
      }
      return lines;
    }
    case 'routeFilter':
      return [`region ${intent.location} · allows ${intent.rule.communities.join(', ')}`];
    case 'authorization':
      return [`on circuit ${resourceNameOf(intent.circuitId)}`];
    case 'gateway':
      return [
        `${intent.sku}${intent.scaleUnits === undefined ? '' : ` × ${intent.scaleUnits} scale units`} · VNet ` +
          `${resourceNameOf(intent.vnetId)} · region ${intent.location}` +
          (intent.existing ? " · the customer's own: checked, never changed" : ''),
      ];
    case 'connection':
      return [
        `gateway ${resourceNameOf(intent.gatewayId)} → circuit ${resourceNameOf(intent.circuitId)} · routing weight ` +
          `${intent.routingWeight}${intent.fastPath ? ' · FastPath' : ''}` +
          (intent.authorization === undefined
            ? ''
            : ` · redeems authorization ${resourceNameOf(intent.authorization.id)} (subscription ${intent.authorization.scope.subscriptionId})`),
      ];
    case 'routeTable':
      return [
        `BGP route propagation ${intent.disableBgpRoutePropagation ? 'disabled' : 'enabled'} · ${intent.routes.length} route(s)`,
        ...intent.routes.map((item) => `route ${route(item)}`),
      ];
    case 'nsg':
      return [`${intent.rules.length} rule(s)`, ...intent.rules.map((rule) => `rule ${securityRule(rule)}`)];
    case 'subnetAssociation':
      return [
        `subnet ${resourceNameOf(intent.id)} of VNet ${resourceNameOf(intent.vnetId)}` +
          (intent.routeTableId === undefined ? '' : ` · route table ${resourceNameOf(intent.routeTableId)}`) +
          (intent.nsgId === undefined ? '' : ` · NSG ${resourceNameOf(intent.nsgId)}`),
      ];
    // Encryption over private peering (docs/encryption.md): the key appears as its reference only.
    case 'vpnGateway':
      return [
        `${intent.sku} · route-based · private IP · ASN ${intent.asn}${intent.enableBgp ? ' · BGP' : ''} · VNet ` +
          `${resourceNameOf(intent.vnetId)} (GatewaySubnet beside the ExpressRoute gateway) · region ${intent.location}`,
      ];
    case 'localNetworkGateway':
      return [
        `device ${intent.gatewayIpAddress} over private peering · ${intent.addressPrefixes.join(', ')}` +
          (intent.bgp === undefined ? ' (static)' : ` · BGP ASN ${intent.bgp.asn} at ${intent.bgp.peeringAddress}`),
      ];
    case 'vpnConnection': {
      const policy = intent.ipsecPolicy;
      return [
        `IPsec IKEv2 · ${resourceNameOf(intent.vpnGatewayId)} (private IP) → ${resourceNameOf(intent.localNetworkGatewayId)}` +
          ` · shared key from ${intent.sharedKey.vault}/${intent.sharedKey.secret}`,
        `IKE ${policy.ikeEncryption}/${policy.ikeIntegrity}/${policy.dhGroup} · IPsec ${policy.ipsecEncryption}/` +
          `${policy.ipsecIntegrity}/${policy.pfsGroup} · SA ${policy.saLifeTimeSeconds} s, ${policy.saDataSizeKilobytes} KB` +
          ` · DPD ${intent.dpdTimeoutSeconds} s`,
      ];
    }
    default:
      // Kinds added later show where they go only, until their properties are listed here.
      return [];
  }
}
