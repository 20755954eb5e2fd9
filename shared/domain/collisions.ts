/**
 * Specs that would give two resources the same id, name or plan key. One source for these rules: validation reports
 * them with the rest, and `deriveTopology` refuses a spec that breaks them (it may be called on an unvalidated spec),
 * so that `validate`, the intake and `plan` always agree. Pure: no I/O, no Azure SDKs.
 */
import type { ValidationIssue } from '../errors';
import { armIdKey, resourceNameOf } from './armIds';
import { mention } from './issueWording';
import type { CustomerSpec } from './spec';

/** Every collision in a spec whose shape is valid; empty when there is none. */
export function collisionIssues(spec: CustomerSpec): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const firstSeen = new Map<string, string>();
  /** The path that first used `key`, or undefined (and `key` is now taken by `path`). */
  const claim = (key: string, path: string): string | undefined => {
    const earlier = firstSeen.get(key);
    if (earlier === undefined) firstSeen.set(key, path);
    return earlier;
  };

  spec.vnetLinks.forEach((link, index) => {
    const path = `vnetLinks[${index}].vnetId`;
    const vnetName = resourceNameOf(link.vnetId);
    const sameId = claim(`vnet-id:${armIdKey(link.vnetId)}`, path);
    if (sameId !== undefined) {
      issues.push({
        path,
        rule: 'vnet.duplicate',
        message: `VNet ${mention(vnetName)} is already listed at ${sameId}`,
      });
      return;
    }
    // Gateways, connections and authorizations are named after the VNet, and plan steps are keyed by its name.
    const sameName = claim(`vnet-name:${vnetName.toLowerCase()}`, path);
    if (sameName !== undefined) {
      issues.push({
        path,
        rule: 'vnet.name-unique',
        message:
          `VNet name ${mention(vnetName)} is already linked at ${sameName}: the gateway, connections and ` +
          'authorizations of a VNet are named after it, so two linked VNets need different names',
      });
    }
  });

  spec.routeTables.forEach((table, index) => {
    const path = `routeTables[${index}]`;
    const sameRole = claim(`route-table-role:${table.role.toLowerCase()}`, `${path}.role`);
    if (sameRole !== undefined) {
      issues.push({
        path: `${path}.role`,
        rule: 'route-table.role-unique',
        message: `route table role ${mention(table.role)} is already used at ${sameRole}: the role names the table`,
      });
    }
    table.subnets.forEach((subnet, subnetIndex) => {
      const subnetPath = `${path}.subnets[${subnetIndex}]`;
      const earlier = claim(`route-table-subnet:${subnetKey(table.vnetId, subnet)}`, subnetPath);
      if (earlier !== undefined) {
        issues.push({
          path: subnetPath,
          rule: 'subnet.single-route-table',
          message: `subnet ${mention(subnet)} is already given a route table at ${earlier}; a subnet can be associated with only one`,
        });
      }
    });
  });

  spec.networkSecurityGroups.forEach((nsg, index) => {
    const path = `networkSecurityGroups[${index}]`;
    const sameRole = claim(`nsg-role:${nsg.role.toLowerCase()}`, `${path}.role`);
    if (sameRole !== undefined) {
      issues.push({
        path: `${path}.role`,
        rule: 'nsg.role-unique',
        message: `NSG role ${mention(nsg.role)} is already used at ${sameRole}: the role names the NSG`,
      });
    }
    nsg.subnets.forEach((subnet, subnetIndex) => {
      const subnetPath = `${path}.subnets[${subnetIndex}]`;
      const earlier = claim(`nsg-subnet:${subnetKey(nsg.vnetId, subnet)}`, subnetPath);
      if (earlier !== undefined) {
        issues.push({
          path: subnetPath,
          rule: 'subnet.single-nsg',
          message: `subnet ${mention(subnet)} is already given an NSG at ${earlier}; a subnet can be associated with only one`,
        });
      }
    });
  });
  return issues;
}

/** One subnet of one VNet, compared as Azure compares names: case-insensitively. */
function subnetKey(vnetId: string, subnet: string): string {
  return `${armIdKey(vnetId)}/subnets/${subnet.toLowerCase()}`;
}
