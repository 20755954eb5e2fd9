import fc from 'fast-check';
import { AppError } from '../../../shared/errors';
import { CUSTOMER_TAG, LEG_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, PAIR_TAG } from '../../../shared/domain/intents';
import type { Leg } from '../../../shared/domain/intents';
import {
  MAX_RESOURCE_NAME_LENGTH,
  armId,
  authorizationName,
  circuitName,
  connectionName,
  fitName,
  fnv1a32,
  gatewayName,
  isValidResourceName,
  managedTags,
  nsgName,
  pairId,
  parseArmId,
  resourceNameOf,
  roleFromName,
  routeFilterName,
  routeTableName,
  sameArmId,
  shortHash,
} from '../../../shared/domain/naming';

const SUBSCRIPTION = '44444444-4444-4444-8444-444444444444';
const customerIdArb = fc.stringMatching(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/);
/** Azure VNet names: 2-64 characters, same character rules as the names built from them. */
const vnetNameArb = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$/);
const roleArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,19}$/);
const legArb = fc.constantFrom<Leg>('a', 'b');

describe('resource names', () => {
  it('follows the documented patterns for a short customer id and VNet name', () => {
    expect(circuitName('contoso', 'a')).toBe('er-contoso-a');
    expect(circuitName('contoso', 'b')).toBe('er-contoso-b');
    expect(routeFilterName('contoso')).toBe('rf-contoso');
    expect(authorizationName('contoso', 'vnet-hub', 'a')).toBe('auth-contoso-vnet-hub-a');
    expect(connectionName('contoso', 'vnet-hub', 'b')).toBe('cn-vnet-hub-er-contoso-b');
    expect(gatewayName('vnet-hub')).toBe('ergw-vnet-hub');
    expect(routeTableName('contoso', 'workload')).toBe('rt-contoso-workload');
    expect(nsgName('contoso', 'workload')).toBe('nsg-contoso-workload');
    expect(pairId('contoso')).toBe('er-contoso');
  });

  it('shortens a name that would pass 80 characters with a hash, keeping the leg at the end', () => {
    const longVnet = `vnet-${'x'.repeat(59)}`; // 64 characters, the longest VNet name Azure allows
    const a = authorizationName('customer-with-long-name1', longVnet, 'a');
    const b = authorizationName('customer-with-long-name1', longVnet, 'b');
    for (const name of [a, b]) {
      expect(name.length).toBeLessThanOrEqual(MAX_RESOURCE_NAME_LENGTH);
      expect(isValidResourceName(name)).toBe(true);
      expect(name.startsWith('auth-customer-with-long-name1-vnet-xxx')).toBe(true);
    }
    expect(a.endsWith('-a')).toBe(true);
    expect(b.endsWith('-b')).toBe(true);
    expect(a).not.toBe(b);
    expect(authorizationName('customer-with-long-name1', longVnet, 'a')).toBe(a);
  });

  it('tells apart long names that share their first 80 characters', () => {
    const first = connectionName('contoso', `${'v'.repeat(63)}1`, 'a');
    const second = connectionName('contoso', `${'v'.repeat(63)}2`, 'a');
    expect(first).not.toBe(second);
    expect(first.endsWith('-er-contoso-a')).toBe(true);
  });

  it('keeps every generated name within Azure rules, and the same for the same input', () => {
    fc.assert(
      fc.property(customerIdArb, vnetNameArb, roleArb, legArb, (customerId, vnetName, role, leg) => {
        const names = [
          circuitName(customerId, leg),
          routeFilterName(customerId),
          authorizationName(customerId, vnetName, leg),
          connectionName(customerId, vnetName, leg),
          gatewayName(vnetName),
          routeTableName(customerId, role),
          nsgName(customerId, role),
          pairId(customerId),
        ];
        for (const name of names) expect(isValidResourceName(name)).toBe(true);
        expect(authorizationName(customerId, vnetName, leg)).toBe(authorizationName(customerId, vnetName, leg));
        expect(connectionName(customerId, vnetName, leg)).toBe(connectionName(customerId, vnetName, leg));
      }),
      { numRuns: 500 },
    );
  });

  it('gives different VNets (or legs) different authorization and connection names', () => {
    fc.assert(
      fc.property(customerIdArb, vnetNameArb, vnetNameArb, legArb, legArb, (customerId, vnet1, vnet2, leg1, leg2) => {
        fc.pre(vnet1 !== vnet2 || leg1 !== leg2);
        expect(authorizationName(customerId, vnet1, leg1)).not.toBe(authorizationName(customerId, vnet2, leg2));
        expect(connectionName(customerId, vnet1, leg1)).not.toBe(connectionName(customerId, vnet2, leg2));
      }),
      { numRuns: 500 },
    );
  });

  it('turns any text into a valid name and marks cleaned-up names with a hash so they do not collide', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('', '-a', '-er-contoso-b'), (head, tail) => {
        const name = fitName(head, tail);
        expect(isValidResourceName(name)).toBe(true);
        expect(name.endsWith(tail)).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(fitName('ergw-my vnet')).not.toBe(fitName('ergw-my-vnet'));
    expect(fitName('ergw-my-vnet')).toBe('ergw-my-vnet');
  });

  it('recovers the role from route table and NSG names it built, and nothing from others', () => {
    expect(roleFromName('contoso', 'routeTable', 'rt-contoso-workload')).toBe('workload');
    expect(roleFromName('contoso', 'nsg', 'nsg-contoso-db-tier')).toBe('db-tier');
    expect(roleFromName('contoso', 'nsg', 'rt-contoso-workload')).toBeUndefined();
    expect(roleFromName('contoso', 'routeTable', 'rt-fabrikam-workload')).toBeUndefined();
  });
});

describe('FNV-1a', () => {
  it('matches the published 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(shortHash('a')).toBe('e40c292c');
  });
});

describe('managed tags', () => {
  it('marks the resource as managed, names the customer and the pair, and the leg when given', () => {
    expect(managedTags('contoso')).toEqual({
      [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
      [CUSTOMER_TAG]: 'contoso',
      [PAIR_TAG]: 'er-contoso',
    });
    expect(managedTags('contoso', { leg: 'b' })).toEqual({
      [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
      [CUSTOMER_TAG]: 'contoso',
      [PAIR_TAG]: 'er-contoso',
      [LEG_TAG]: 'b',
    });
  });
});

function errorCodeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return 'no error';
}

describe('ARM ids', () => {
  const scope = { subscriptionId: SUBSCRIPTION, resourceGroup: 'RG-Network' };

  it('builds top-level and child resource ids', () => {
    expect(armId(scope, 'Microsoft.Network/expressRouteCircuits', 'er-contoso-a')).toBe(
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/RG-Network/providers/Microsoft.Network/expressRouteCircuits/er-contoso-a`,
    );
    expect(
      armId(scope, 'Microsoft.Network/expressRouteCircuits', 'er-contoso-a', 'peerings', 'AzurePrivatePeering'),
    ).toBe(
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/RG-Network/providers/Microsoft.Network/expressRouteCircuits/er-contoso-a/peerings/AzurePrivatePeering`,
    );
  });

  it('refuses child segments that do not come in pairs, and names with a slash', () => {
    expect(() => armId(scope, 'Microsoft.Network/expressRouteCircuits', 'er-contoso-a', 'peerings')).toThrow(AppError);
    expect(() => armId(scope, 'Microsoft.Network/routeTables', 'a/b')).toThrow(AppError);
  });

  it('parses an id back into its parts, preserving case', () => {
    const id = `/subscriptions/${SUBSCRIPTION}/resourcegroups/RG-Network/providers/Microsoft.Network/virtualNetworks/Hub/subnets/Workload`;
    expect(parseArmId(id)).toEqual({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'RG-Network',
      provider: 'Microsoft.Network',
      types: ['virtualNetworks', 'subnets'],
      names: ['Hub', 'Workload'],
    });
    expect(resourceNameOf(id)).toBe('Workload');
  });

  it('round-trips any names through armId and parseArmId', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.()-]{0,30}$/);
    fc.assert(
      fc.property(segment, segment, fc.array(segment, { maxLength: 4 }), (resourceGroup, name, children) => {
        const pairs = children.length % 2 === 0 ? children : children.slice(1);
        const parsed = parseArmId(
          armId({ subscriptionId: SUBSCRIPTION, resourceGroup }, 'Microsoft.Network/x', name, ...pairs),
        );
        expect(parsed.resourceGroup).toBe(resourceGroup);
        expect(parsed.provider).toBe('Microsoft.Network');
        expect(parsed.types).toEqual(['x', ...pairs.filter((_, i) => i % 2 === 0)]);
        expect(parsed.names).toEqual([name, ...pairs.filter((_, i) => i % 2 === 1)]);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects strings that are not resource ids', () => {
    for (const bad of [
      '',
      'subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt',
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg`,
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Network/routeTables`,
      `/subscriptions/${SUBSCRIPTION}/resourceGroups//providers/Microsoft.Network/routeTables/rt`,
    ]) {
      expect(errorCodeOf(() => parseArmId(bad))).toBe('InvalidArmId');
    }
  });

  it('compares ids case-insensitively', () => {
    const id = armId(scope, 'Microsoft.Network/routeTables', 'rt-contoso-workload');
    expect(sameArmId(id, id.toUpperCase())).toBe(true);
    expect(sameArmId(id, `${id}x`)).toBe(false);
  });
});
