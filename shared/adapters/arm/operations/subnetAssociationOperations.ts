/**
 * Subnet associations. The subnet is the customer's: GET it, set only `routeTable` / `networkSecurityGroup`, PUT the
 * whole subnet as read (address prefixes, delegations, service endpoints, policies...). GatewaySubnet rules are
 * checked first. Removing an association removes only references to resources the automation owns.
 */
import type { NetworkManagementClient, RouteTable, Subnet } from '@azure/arm-network';
import type { Scope, SubnetAssociationIntent } from '../../../domain/intents';
import { parseArmId } from '../../../domain/naming';
import { isGatewaySubnet } from '../../../domain/rules';
import { ArmOperationError } from '../../../errors';
import type { DeleteOutcome, EnsureOptions, Ensured, Observed } from '../../../ports/network';
import { getOrUndefined, putResource, readAfterWrite } from '../armCalls';
import type { ArmContext } from '../armContext';
import { ArmAdapterErrorCodes } from '../armErrorCodes';
import {
  mergeSubnetAssociation,
  subnetAssociationDrift,
  subnetAssociationToIntent,
} from '../mapping/subnetAssociationMapping';
import { isManaged } from '../ownership';
import { assertRouteTableFitsGatewaySubnet, refuseNsgOnGatewaySubnet } from './gatewaySubnetRules';

interface SubnetRef {
  readonly id: string;
  readonly resourceGroup: string;
  readonly vnetName: string;
  readonly name: string;
}

function subnetRefOf(subnetId: string): SubnetRef {
  const parsed = parseArmId(subnetId);
  return {
    id: subnetId,
    resourceGroup: parsed.resourceGroup,
    vnetName: parsed.names[0] ?? '',
    name: parsed.names[1] ?? '',
  };
}

function getSubnet(client: NetworkManagementClient, subnet: SubnetRef): Promise<Subnet | undefined> {
  return getOrUndefined(subnet.id, () => client.subnets.get(subnet.resourceGroup, subnet.vnetName, subnet.name));
}

function getRouteTable(client: NetworkManagementClient, id: string): Promise<RouteTable | undefined> {
  const parsed = parseArmId(id);
  return getOrUndefined(id, () => client.routeTables.get(parsed.resourceGroup, parsed.names[0] ?? ''));
}

async function isManagedReference(
  context: ArmContext,
  client: NetworkManagementClient,
  id: string,
  kind: 'routeTable' | 'nsg',
): Promise<boolean> {
  const parsed = parseArmId(id);
  const name = parsed.names[0] ?? '';
  const resource =
    kind === 'routeTable'
      ? await getRouteTable(client, id)
      : await getOrUndefined(id, () => client.networkSecurityGroups.get(parsed.resourceGroup, name));
  return resource !== undefined && isManaged(resource.tags, context.managedTag);
}

async function assertGatewaySubnetRules(
  client: NetworkManagementClient,
  intent: SubnetAssociationIntent,
): Promise<void> {
  if (!isGatewaySubnet(intent.name)) return;
  if (intent.nsgId !== undefined) refuseNsgOnGatewaySubnet(intent.id, intent.nsgId);
  if (intent.routeTableId !== undefined) {
    const table = await getRouteTable(client, intent.routeTableId);
    if (table !== undefined) assertRouteTableFitsGatewaySubnet(table, intent.id, intent.routeTableId);
  }
}

export async function ensureSubnetAssociation(
  context: ArmContext,
  intent: SubnetAssociationIntent,
  options: EnsureOptions = {},
): Promise<Ensured<SubnetAssociationIntent>> {
  const client = await context.clientFor(intent.scope);
  const subnet = subnetRefOf(intent.id);
  const current = await getSubnet(client, subnet);
  if (current === undefined) {
    throw new ArmOperationError(
      ArmAdapterErrorCodes.parentNotFound,
      `${intent.id}: the subnet does not exist (subnets are the customer's; the automation never creates them)`,
      { retryable: false, statusCode: 404, target: intent.id },
    );
  }
  const state = (subnetBody: Subnet) => ({
    provisioningState: subnetBody.provisioningState ?? 'Unknown',
    managed: true,
  });
  if (subnetAssociationDrift(intent, current).length === 0) {
    return { outcome: 'unchanged', intent: subnetAssociationToIntent(current, intent.scope), state: state(current) };
  }
  await assertGatewaySubnetRules(client, intent);
  const hadAny =
    (intent.routeTableId !== undefined && current.routeTable?.id !== undefined) ||
    (intent.nsgId !== undefined && current.networkSecurityGroup?.id !== undefined);
  const body = mergeSubnetAssociation(current, intent);
  await putResource(context, intent.id, options.waitForCompletion ?? true, (lro) =>
    client.subnets.beginCreateOrUpdate(subnet.resourceGroup, subnet.vnetName, subnet.name, body, lro),
  );
  const after = await readAfterWrite(
    context,
    intent.id,
    () => getSubnet(client, subnet),
    (read) => {
      const drift = subnetAssociationDrift(intent, read);
      return drift.length === 0 ? { ok: true } : { ok: false, reason: `still differing in ${drift.join(', ')}` };
    },
  );
  return {
    outcome: hadAny ? 'updated' : 'created',
    intent: subnetAssociationToIntent(after, intent.scope),
    state: state(after),
  };
}

/** `managed` when the subnet references at least one route table or NSG the automation owns. */
export async function readSubnetAssociation(
  context: ArmContext,
  id: string,
  scope: Scope,
): Promise<Observed<SubnetAssociationIntent> | undefined> {
  const client = await context.clientFor(scope);
  const subnet = await getSubnet(client, subnetRefOf(id));
  if (subnet === undefined) return undefined;
  const routeTableId = subnet.routeTable?.id;
  const nsgId = subnet.networkSecurityGroup?.id;
  const managed =
    (routeTableId !== undefined && (await isManagedReference(context, client, routeTableId, 'routeTable'))) ||
    (nsgId !== undefined && (await isManagedReference(context, client, nsgId, 'nsg')));
  return {
    intent: subnetAssociationToIntent(subnet, scope),
    state: { provisioningState: subnet.provisioningState ?? 'Unknown', managed },
  };
}

/** Removes the subnet's references to the automation's route table / NSG (others stay); `absent` if there were none. */
export async function deleteSubnetAssociation(context: ArmContext, id: string, scope: Scope): Promise<DeleteOutcome> {
  const client = await context.clientFor(scope);
  const ref = subnetRefOf(id);
  const subnet = await getSubnet(client, ref);
  if (subnet === undefined) return 'absent';
  const routeTableId = subnet.routeTable?.id;
  const nsgId = subnet.networkSecurityGroup?.id;
  const dropRouteTable =
    routeTableId !== undefined && (await isManagedReference(context, client, routeTableId, 'routeTable'));
  const dropNsg = nsgId !== undefined && (await isManagedReference(context, client, nsgId, 'nsg'));
  if (!dropRouteTable && !dropNsg) return 'absent';
  const body: Subnet = { ...subnet };
  if (dropRouteTable) delete body.routeTable;
  if (dropNsg) delete body.networkSecurityGroup;
  await putResource(context, id, true, (lro) =>
    client.subnets.beginCreateOrUpdate(ref.resourceGroup, ref.vnetName, ref.name, body, lro),
  );
  return 'deleted';
}
