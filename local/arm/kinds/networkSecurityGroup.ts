/**
 * Network security groups with their rules inline, the six default rules ARM adds, and the subnets using them (an
 * NSG in use cannot be deleted). Rule priorities are 100-4096 and unique per direction.
 */
import { errors } from '../errors';
import type { JsonObject } from '../json';
import { numberAt, stringAt } from '../json';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';
import { requireNumber, requireString, sameName } from '../validation';
import type { PreparedWrite, ResourceKind, WriteContext } from './kind';
import { idList, subnetsReferencing } from './references';

interface DefaultRule {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly destination: string;
  readonly access: 'Allow' | 'Deny';
  readonly priority: number;
  readonly direction: 'Inbound' | 'Outbound';
}

const DEFAULT_RULES: readonly DefaultRule[] = [
  {
    name: 'AllowVnetInBound',
    description: 'Allow inbound traffic from all VMs in VNET',
    source: 'VirtualNetwork',
    destination: 'VirtualNetwork',
    access: 'Allow',
    priority: 65000,
    direction: 'Inbound',
  },
  {
    name: 'AllowAzureLoadBalancerInBound',
    description: 'Allow inbound traffic from azure load balancer',
    source: 'AzureLoadBalancer',
    destination: '*',
    access: 'Allow',
    priority: 65001,
    direction: 'Inbound',
  },
  {
    name: 'DenyAllInBound',
    description: 'Deny all inbound traffic',
    source: '*',
    destination: '*',
    access: 'Deny',
    priority: 65500,
    direction: 'Inbound',
  },
  {
    name: 'AllowVnetOutBound',
    description: 'Allow outbound traffic from all VMs to all VMs in VNET',
    source: 'VirtualNetwork',
    destination: 'VirtualNetwork',
    access: 'Allow',
    priority: 65000,
    direction: 'Outbound',
  },
  {
    name: 'AllowInternetOutBound',
    description: 'Allow outbound traffic from all VMs to Internet',
    source: '*',
    destination: 'Internet',
    access: 'Allow',
    priority: 65001,
    direction: 'Outbound',
  },
  {
    name: 'DenyAllOutBound',
    description: 'Deny all outbound traffic',
    source: '*',
    destination: '*',
    access: 'Deny',
    priority: 65500,
    direction: 'Outbound',
  },
];

function defaultSecurityRules(nsg: StoredResource): JsonObject[] {
  return DEFAULT_RULES.map((rule) => ({
    name: rule.name,
    id: `${nsg.id}/defaultSecurityRules/${rule.name}`,
    etag: nsg.etag,
    type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
    properties: {
      provisioningState: 'Succeeded',
      description: rule.description,
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: rule.source,
      destinationAddressPrefix: rule.destination,
      access: rule.access,
      priority: rule.priority,
      direction: rule.direction,
    },
  }));
}

function prepareRule({ properties, siblings, name }: WriteContext): PreparedWrite {
  requireString(properties, 'protocol');
  requireString(properties, 'access');
  const direction = requireString(properties, 'direction');
  const priority = requireNumber(properties, 'priority');
  if (!Number.isInteger(priority) || priority < 100 || priority > 4096) {
    throw errors.code(
      'SecurityRulePriorityOutOfRange',
      `Security rule ${name} properties.priority ${priority} must be from 100 to 4096.`,
    );
  }
  const clash = siblings.find(
    (sibling) =>
      numberAt(sibling.properties, 'priority') === priority &&
      sameName(stringAt(sibling.properties, 'direction'), direction),
  );
  if (clash) {
    throw errors.code(
      'SecurityRuleConflict',
      `Security rule ${name} conflicts with rule ${clash.name}. Rules cannot have the same Priority and Direction.`,
    );
  }
  return { properties };
}

export const networkSecurityGroupKind: ResourceKind = {
  name: 'networkSecurityGroup',
  type: 'Microsoft.Network/networkSecurityGroups',
  pathTypes: ['networkSecurityGroups'],
  operationNoun: 'NetworkSecurityGroup',
  topLevel: true,
  rendersType: true,
  duration: 'networkSecurityGroup',
  deleteDuration: 'networkSecurityGroupDelete',
  children: [{ property: 'securityRules', kind: 'securityRule' }],
  readOnly: ['defaultSecurityRules', 'subnets', 'networkInterfaces', 'flowLogs', 'resourceGuid'],
  prepare: ({ sim, properties, existing }) => ({
    properties: { ...properties, resourceGuid: stringAt(existing?.properties, 'resourceGuid') ?? sim.newGuid() },
  }),
  present: (sim: Simulation, nsg: StoredResource, properties: JsonObject): JsonObject => {
    const subnets = subnetsReferencing(sim, 'networkSecurityGroup', nsg.id);
    const result: JsonObject = { ...properties, defaultSecurityRules: defaultSecurityRules(nsg) };
    if (subnets.length > 0) result.subnets = idList(subnets);
    return result;
  },
  checkDelete: (sim, nsg) => {
    const subnets = subnetsReferencing(sim, 'networkSecurityGroup', nsg.id);
    if (subnets.length > 0) {
      throw errors.code(
        'InUseNetworkSecurityGroupCannotBeDeleted',
        `Network security group ${nsg.id} cannot be deleted because it is in use by the following resources: ${subnets.map((s) => s.id).join(', ')}. In order to delete the Network security group, remove the association with the resource(s).`,
      );
    }
    return undefined;
  },
};

export const securityRuleKind: ResourceKind = {
  name: 'securityRule',
  type: 'Microsoft.Network/networkSecurityGroups/securityRules',
  pathTypes: ['networkSecurityGroups', 'securityRules'],
  operationNoun: 'SecurityRule',
  topLevel: false,
  rendersType: true,
  duration: 'securityRule',
  deleteDuration: 'securityRuleDelete',
  children: [],
  readOnly: [],
  prepare: prepareRule,
};
