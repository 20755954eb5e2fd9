/**
 * Validation rules of the route tables and NSGs: target VNets, GatewaySubnet restrictions, routes and their next
 * hops, security rule names and priorities, and room for the baseline rules. (A subnet's single route table and
 * single NSG are collision rules, in collisions.ts.) Pure: no I/O, no Azure SDKs.
 */
import { sameArmId } from './armIds';
import { formatCidr, parseIpAddress } from './cidr';
import { mention, mentionResourceName, quoteValue } from './issueWording';
import { FORCED_TUNNEL_ROUTE_NAME } from './naming';
import {
  BASELINE_SECURITY_RULES,
  NSG_PRIORITY,
  activeBaselineSecurityRules,
  isBaselineSecurityRuleName,
  isGatewaySubnet,
} from './rules';
import type { CustomerSpec, NsgSpec, RouteTableSpec } from './spec';
import { checkArmIdSubscription, parseCidrField, type Report } from './validateCommon';

/** Every rule of the route tables and NSGs. */
export function checkRouting(spec: CustomerSpec, report: Report): void {
  checkRouteTables(spec, report);
  checkNetworkSecurityGroups(spec, report);
}

/** Route tables and NSGs must target VNets of the request, in the customer's subscriptions. */
function checkTargetVnet(spec: CustomerSpec, vnetId: string, path: string, report: Report): void {
  checkArmIdSubscription(spec, vnetId, path, report);
  if (!spec.vnetLinks.some((link) => sameArmId(link.vnetId, vnetId))) {
    report(path, 'vnet.not-linked', `VNet ${mentionResourceName(vnetId)} is not among vnetLinks`);
  }
}

function checkRouteTables(spec: CustomerSpec, report: Report): void {
  spec.routeTables.forEach((table, index) => {
    const path = `routeTables[${index}]`;
    checkTargetVnet(spec, table.vnetId, `${path}.vnetId`, report);
    checkRouteTable(table, path, report);
  });
}

function checkRouteTable(table: RouteTableSpec, path: string, report: Report): void {
  const onGatewaySubnet = table.subnets.some(isGatewaySubnet);
  if (onGatewaySubnet && table.disableBgpRoutePropagation) {
    report(
      `${path}.disableBgpRoutePropagation`,
      'gateway-subnet.bgp-propagation',
      'must stay false on a route table associated with GatewaySubnet: without BGP propagation the gateway stops working',
    );
  }
  if (table.forcedTunnelNextHop !== undefined) {
    if (onGatewaySubnet) {
      report(
        `${path}.forcedTunnelNextHop`,
        'gateway-subnet.no-default-route',
        'adds a 0.0.0.0/0 route, which is not allowed on a route table associated with GatewaySubnet',
      );
    }
    checkIpAddress(table.forcedTunnelNextHop, `${path}.forcedTunnelNextHop`, report);
  }

  table.routes.forEach((route, routeIndex) => {
    const routePath = `${path}.routes[${routeIndex}]`;
    if (table.routes.slice(0, routeIndex).some((other) => sameName(other.name, route.name))) {
      report(
        `${routePath}.name`,
        'route.name-unique',
        `route name ${mention(route.name)} is already used in this route table`,
      );
    } else if (table.forcedTunnelNextHop !== undefined && sameName(route.name, FORCED_TUNNEL_ROUTE_NAME)) {
      report(
        `${routePath}.name`,
        'route.name-unique',
        `${FORCED_TUNNEL_ROUTE_NAME} is the name of the route forcedTunnelNextHop adds to this table`,
      );
    }
    const cidr = parseCidrField(route.addressPrefix, `${routePath}.addressPrefix`, '10.0.0.0/8', report);
    if (cidr && cidr.prefixLength === 0 && onGatewaySubnet) {
      report(
        `${routePath}.addressPrefix`,
        'gateway-subnet.no-default-route',
        `${formatCidr(cidr)} is a default route, which is not allowed on a route table associated with GatewaySubnet`,
      );
    }
    if (route.nextHopType === 'VirtualNetworkGateway') {
      report(
        `${routePath}.nextHopType`,
        'route.no-er-gateway-next-hop',
        'VirtualNetworkGateway never reaches an ExpressRoute gateway; routes over ExpressRoute come from BGP ' +
          '(use VirtualAppliance for an NVA)',
      );
    }
    if (route.nextHopType === 'VirtualAppliance') {
      if (route.nextHopIpAddress === undefined) {
        report(
          `${routePath}.nextHopIpAddress`,
          'route.next-hop-ip',
          'is required when nextHopType is VirtualAppliance',
        );
      } else {
        checkIpAddress(route.nextHopIpAddress, `${routePath}.nextHopIpAddress`, report);
      }
    } else if (route.nextHopIpAddress !== undefined) {
      report(
        `${routePath}.nextHopIpAddress`,
        'route.next-hop-ip',
        `must be left out unless nextHopType is VirtualAppliance (it is ${route.nextHopType})`,
      );
    }
  });
}

function checkIpAddress(text: string, path: string, report: Report): void {
  if (parseIpAddress(text) === undefined) {
    report(path, 'ip.invalid', `${quoteValue(text)} is not an IP address such as 10.10.1.4`);
  }
}

function checkNetworkSecurityGroups(spec: CustomerSpec, report: Report): void {
  spec.networkSecurityGroups.forEach((nsg, index) => {
    const path = `networkSecurityGroups[${index}]`;
    checkTargetVnet(spec, nsg.vnetId, `${path}.vnetId`, report);
    nsg.subnets.forEach((subnet, subnetIndex) => {
      const subnetPath = `${path}.subnets[${subnetIndex}]`;
      if (isGatewaySubnet(subnet)) {
        report(
          subnetPath,
          'gateway-subnet.no-nsg',
          'an NSG must never be associated with GatewaySubnet: it is unsupported and the gateway stops working',
        );
      }
    });
    nsg.baseline.onPremisesPrefixes.forEach((text, prefixIndex) => {
      parseCidrField(text, `${path}.baseline.onPremisesPrefixes[${prefixIndex}]`, '172.16.0.0/16', report);
    });
    checkSecurityRules(nsg, path, report);
  });
}

/**
 * The planner gives each on-premises prefix its own inbound baseline rule, from priority 4000 up to 4096, skipping
 * the priorities custom inbound rules hold; they must all fit.
 */
function checkBaselineInboundPriorities(nsg: NsgSpec, path: string, report: Report): void {
  const first = BASELINE_SECURITY_RULES.allowOnPremisesInbound.priority;
  const takenByCustomRules = new Set(
    nsg.rules
      .filter((rule) => rule.direction === 'Inbound' && rule.priority > first && rule.priority <= NSG_PRIORITY.max)
      .map((rule) => rule.priority),
  );
  const free = NSG_PRIORITY.max - first + 1 - takenByCustomRules.size;
  const needed = nsg.baseline.onPremisesPrefixes.length;
  if (needed > free) {
    report(
      `${path}.baseline.onPremisesPrefixes`,
      'nsg.baseline-priorities',
      `${needed} on-premises prefixes need ${needed} inbound baseline rules at priorities ${first}-${NSG_PRIORITY.max}, ` +
        `but only ${free} are free; summarise the prefixes or move custom inbound rules below ${first}`,
    );
  }
}

function checkSecurityRules(nsg: NsgSpec, path: string, report: Report): void {
  checkBaselineInboundPriorities(nsg, path, report);
  const baseline = activeBaselineSecurityRules(nsg.baseline);
  nsg.rules.forEach((rule, index) => {
    const rulePath = `${path}.rules[${index}]`;
    const earlierRules = nsg.rules.slice(0, index);

    if (isBaselineSecurityRuleName(rule.name)) {
      report(`${rulePath}.name`, 'nsg.rule-name-unique', `${mention(rule.name)} is reserved for the baseline rules`);
    } else if (earlierRules.some((other) => sameName(other.name, rule.name))) {
      report(`${rulePath}.name`, 'nsg.rule-name-unique', `rule name ${mention(rule.name)} is already used in this NSG`);
    }

    if (rule.priority < NSG_PRIORITY.min || rule.priority > NSG_PRIORITY.max) {
      report(
        `${rulePath}.priority`,
        'nsg.priority-range',
        `priority ${rule.priority} is out of range: use ${NSG_PRIORITY.min}-${NSG_PRIORITY.max}`,
      );
      return;
    }
    const samePriority = (other: { priority: number; direction: string }) =>
      other.priority === rule.priority && other.direction === rule.direction;
    const baselineClash = baseline.find(samePriority);
    const earlierClash = earlierRules.find(samePriority);
    if (baselineClash) {
      report(
        `${rulePath}.priority`,
        'nsg.priority-unique',
        `priority ${rule.priority} (${rule.direction}) is taken by the baseline rule ${baselineClash.name}`,
      );
    } else if (earlierClash) {
      report(
        `${rulePath}.priority`,
        'nsg.priority-unique',
        `priority ${rule.priority} (${rule.direction}) is already used by rule ${mention(earlierClash.name)}`,
      );
    }
  });
}

/** Azure resource names compare case-insensitively. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
