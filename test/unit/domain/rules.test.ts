import {
  BANDWIDTH_LADDER_MBPS,
  BASELINE_SECURITY_RULES,
  NSG_PRIORITY,
  activeBaselineSecurityRules,
  classifyAsn,
  gatewayMaxCircuitConnections,
  gatewaySupportsFastPath,
  isBaselineSecurityRuleName,
  isGatewaySubnet,
  isLadderBandwidth,
  isMicrosoftCommunity,
  normalizePeeringLocation,
  sameId,
  subscriptionOfArmId,
  vnetLinksPerCircuit,
} from '../../../shared/domain/rules';

describe('bandwidth ladder', () => {
  it('is 50 Mbps to 10 Gbps', () => {
    expect(BANDWIDTH_LADDER_MBPS).toEqual([50, 100, 200, 500, 1000, 2000, 5000, 10000]);
    expect(isLadderBandwidth(1000)).toBe(true);
    expect(isLadderBandwidth(1024)).toBe(false);
    expect(isLadderBandwidth(40000)).toBe(false);
  });
});

describe('classifyAsn', () => {
  it.each([
    [0, 'out-of-range'],
    [-1, 'out-of-range'],
    [4_294_967_296, 'out-of-range'],
    [65010.5, 'out-of-range'],
    [12076, 'microsoft'],
    [65515, 'microsoft'],
    [65520, 'microsoft'],
    [65514, 'private'],
    [64512, 'private'],
    [65521, 'private'],
    [65534, 'private'],
    [4_200_000_000, 'private'],
    [4_294_967_294, 'private'],
    [64496, 'documentation'],
    [64511, 'documentation'],
    [65536, 'documentation'],
    [65551, 'documentation'],
    [23456, 'reserved'],
    [65535, 'reserved'],
    [4_294_967_295, 'reserved'],
    [1, 'public'],
    [8075, 'public'],
    [64495, 'public'],
    [65552, 'public'],
    [4_199_999_999, 'public'],
  ])('ASN %d is %s', (asn, kind) => {
    expect(classifyAsn(asn)).toBe(kind);
  });
});

describe('vnetLinksPerCircuit (§2.8)', () => {
  it.each([
    [50, 10, 20],
    [100, 10, 25],
    [200, 10, 25],
    [500, 10, 40],
    [1000, 10, 50],
    [2000, 10, 60],
    [5000, 10, 75],
    [10000, 10, 100],
  ] as const)('%d Mbps: Local/Standard %d, Premium %d', (mbps, standard, premium) => {
    expect(vnetLinksPerCircuit('Local', mbps)).toBe(standard);
    expect(vnetLinksPerCircuit('Standard', mbps)).toBe(standard);
    expect(vnetLinksPerCircuit('Premium', mbps)).toBe(premium);
  });
});

describe('ExpressRoute gateway capacity', () => {
  it.each([
    ['Standard', 4],
    ['ErGw1AZ', 4],
    ['HighPerformance', 8],
    ['ErGw2AZ', 8],
    ['UltraPerformance', 16],
    ['ErGw3AZ', 16],
  ] as const)('%s connects %d circuits', (sku, circuits) => {
    expect(gatewayMaxCircuitConnections(sku)).toBe(circuits);
  });

  it.each([
    [1, 4],
    [2, 8],
    [9, 8],
    [10, 16],
    [40, 16],
  ])('ErGwScale at %d units connects %d circuits', (units, circuits) => {
    expect(gatewayMaxCircuitConnections('ErGwScale', units)).toBe(circuits);
  });

  it('FastPath needs ErGw3AZ, UltraPerformance or ErGwScale with 10+ units', () => {
    expect(gatewaySupportsFastPath('ErGw3AZ')).toBe(true);
    expect(gatewaySupportsFastPath('UltraPerformance')).toBe(true);
    expect(gatewaySupportsFastPath('ErGwScale', 10)).toBe(true);
    expect(gatewaySupportsFastPath('ErGwScale', 9)).toBe(false);
    expect(gatewaySupportsFastPath('ErGwScale')).toBe(false);
    for (const sku of ['Standard', 'ErGw1AZ', 'HighPerformance', 'ErGw2AZ'] as const) {
      expect(gatewaySupportsFastPath(sku)).toBe(false);
    }
  });
});

describe('Microsoft communities', () => {
  it.each([
    ['12076:5010', true],
    ['12076:51002', true],
    ['12076:65535', true],
    ['12076:65536', false],
    ['12076:123456', false],
    ['65010:5010', false],
    ['12076:', false],
    ['12076:5010,12076:5020', false],
  ])('%s is a Microsoft community: %s', (community, expected) => {
    expect(isMicrosoftCommunity(community)).toBe(expected);
  });
});

describe('NSG baseline rules', () => {
  it('sit inside the NSG priority range, at the priorities the planner uses', () => {
    expect(BASELINE_SECURITY_RULES.allowOnPremisesInbound).toEqual({
      name: 'AllowOnPremisesInbound',
      priority: 4000,
      direction: 'Inbound',
    });
    expect(BASELINE_SECURITY_RULES.denyInternetOutbound).toEqual({
      name: 'DenyInternetOutbound',
      priority: 4096,
      direction: 'Outbound',
    });
    for (const rule of Object.values(BASELINE_SECURITY_RULES)) {
      expect(rule.priority).toBeGreaterThanOrEqual(NSG_PRIORITY.min);
      expect(rule.priority).toBeLessThanOrEqual(NSG_PRIORITY.max);
    }
  });

  it('reserve their names and the numbered names of further on-premises rules', () => {
    for (const name of [
      'AllowOnPremisesInbound',
      'allowonpremisesinbound-2',
      'AllowOnPremisesInbound-40',
      'DenyInternetOutbound',
    ]) {
      expect([name, isBaselineSecurityRuleName(name)]).toEqual([name, true]);
    }
    for (const name of [
      'AllowOnPremisesInbound-x',
      'AllowOnPremisesInbound2',
      'allow-https',
      'DenyInternetOutbound-ish',
    ]) {
      expect([name, isBaselineSecurityRuleName(name)]).toEqual([name, false]);
    }
  });

  it('are present only when the NSG baseline asks for them', () => {
    const names = (onPremisesPrefixes: string[], denyInternetOutbound: boolean) =>
      activeBaselineSecurityRules({ onPremisesPrefixes, denyInternetOutbound }).map((rule) => rule.name);
    expect(names(['172.16.0.0/16'], true)).toEqual(['AllowOnPremisesInbound', 'DenyInternetOutbound']);
    expect(names([], true)).toEqual(['DenyInternetOutbound']);
    expect(names(['172.16.0.0/16'], false)).toEqual(['AllowOnPremisesInbound']);
    expect(names([], false)).toEqual([]);
  });
});

describe('identifiers', () => {
  it('reads the subscription of an ARM id', () => {
    expect(
      subscriptionOfArmId('/subscriptions/AbC/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v'),
    ).toBe('AbC');
    expect(subscriptionOfArmId('/resourceGroups/rg')).toBeUndefined();
  });

  it('compares ids case-insensitively and peering locations trimmed', () => {
    expect(sameId('5C1E6B4E-2F0A-4D3B-9A61-0C7D8E9F1A2B', '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b')).toBe(true);
    expect(normalizePeeringLocation('  Amsterdam2 ')).toBe('amsterdam2');
    expect(isGatewaySubnet('gatewaySubnet')).toBe(true);
    expect(isGatewaySubnet('GatewaySubnet2')).toBe(false);
  });
});
