/**
 * GatewaySubnet rules (reference §1.9, §7.10): no NSG; no 0.0.0.0/0 route (gateway creation is blocked); a route
 * table there must keep BGP route propagation enabled. Checked before a subnet association or a route table update
 * would break them.
 */
import type { RouteTable, Subnet } from '@azure/arm-network';
import { isGatewaySubnet } from '../../../domain/rules';
import { ArmOperationError } from '../../../errors';
import { ArmAdapterErrorCodes } from '../armErrorCodes';
import { hasDefaultRoute } from '../mapping/routeTableMapping';

function subnetName(subnetId: string): string {
  return subnetId.slice(subnetId.lastIndexOf('/') + 1);
}

/** Subnets (ids) among a route table's or NSG's associations that are a GatewaySubnet. */
export function gatewaySubnetsOf(associated: readonly Pick<Subnet, 'id'>[] | undefined): string[] {
  return (associated ?? [])
    .map((subnet) => subnet.id ?? '')
    .filter((id) => id !== '' && isGatewaySubnet(subnetName(id)));
}

/** Throws when this route table (as it would be after the write) must not sit on a GatewaySubnet. */
export function assertRouteTableFitsGatewaySubnet(
  table: RouteTable,
  gatewaySubnetId: string,
  resourceId: string,
): void {
  if (hasDefaultRoute(table.routes ?? [])) {
    throw new ArmOperationError(
      ArmAdapterErrorCodes.defaultRouteOnGatewaySubnet,
      `${resourceId}: a route table with a default route (0.0.0.0/0) cannot be on ${gatewaySubnetId}; it blocks the ExpressRoute gateway`,
      { retryable: false, target: resourceId },
    );
  }
  if (table.disableBgpRoutePropagation === true) {
    throw new ArmOperationError(
      ArmAdapterErrorCodes.bgpPropagationDisabledOnGatewaySubnet,
      `${resourceId}: a route table on ${gatewaySubnetId} must keep BGP route propagation enabled, or the gateway stops working`,
      { retryable: false, target: resourceId },
    );
  }
}

export function refuseNsgOnGatewaySubnet(subnetId: string, nsgId: string): never {
  throw new ArmOperationError(
    ArmAdapterErrorCodes.nsgOnGatewaySubnet,
    `${subnetId}: network security groups are not supported on GatewaySubnet (${nsgId} would break the gateway; Azure Policy 35f9c03a denies it)`,
    { retryable: false, target: subnetId },
  );
}
