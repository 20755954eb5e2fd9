/**
 * Subnet association. The subnet is the customer's: only its `routeTable` and `networkSecurityGroup` references
 * change, and a PUT always carries the whole subnet as read (address prefixes, delegations, service endpoints,
 * policies...), because a subnet PUT replaces the subnet.
 */
import type { Subnet } from '@azure/arm-network';
import type { Scope, SubnetAssociationIntent } from '../../../domain/intents';
import { Drift, sameOptionalId } from '../compare';

export function vnetIdOfSubnet(subnetId: string): string {
  const index = subnetId.toLowerCase().lastIndexOf('/subnets/');
  return index < 0 ? '' : subnetId.slice(0, index);
}

/** What the intent sets on a subnet (its `fromIntent`): the references, nothing else. */
export function subnetAssociationBody(intent: SubnetAssociationIntent): Subnet {
  return {
    id: intent.id,
    name: intent.name,
    ...(intent.routeTableId === undefined ? {} : { routeTable: { id: intent.routeTableId } }),
    ...(intent.nsgId === undefined ? {} : { networkSecurityGroup: { id: intent.nsgId } }),
  };
}

/** The subnet as read, with only the references the intent names replaced. */
export function mergeSubnetAssociation(current: Subnet, intent: SubnetAssociationIntent): Subnet {
  return {
    ...current,
    ...(intent.routeTableId === undefined ? {} : { routeTable: { id: intent.routeTableId } }),
    ...(intent.nsgId === undefined ? {} : { networkSecurityGroup: { id: intent.nsgId } }),
  };
}

/** Only the references the intent names are compared; a reference the intent leaves out is not its business. */
export function subnetAssociationDrift(intent: SubnetAssociationIntent, current: Subnet): string[] {
  const drift = new Drift();
  if (intent.routeTableId !== undefined)
    drift.check('routeTable', sameOptionalId(current.routeTable?.id, intent.routeTableId));
  if (intent.nsgId !== undefined)
    drift.check('networkSecurityGroup', sameOptionalId(current.networkSecurityGroup?.id, intent.nsgId));
  return drift.fields;
}

export function subnetAssociationToIntent(subnet: Subnet, scope: Scope): SubnetAssociationIntent {
  const id = subnet.id ?? '';
  const routeTableId = subnet.routeTable?.id;
  const nsgId = subnet.networkSecurityGroup?.id;
  return {
    kind: 'subnetAssociation',
    id,
    scope,
    name: subnet.name ?? '',
    vnetId: vnetIdOfSubnet(id),
    ...(routeTableId === undefined ? {} : { routeTableId }),
    ...(nsgId === undefined ? {} : { nsgId }),
  };
}
