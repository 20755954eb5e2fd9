import type { ValidationIssue } from '../../../shared/errors';
import {
  AZURE_NAME_RULES,
  armIdProblems,
  azureNameProblems,
  isLegalAzureName,
  type AzureNamedType,
} from '../../../shared/domain/azureNames';
import type { CustomerSpec } from '../../../shared/domain/spec';
import { validateCustomerSpec } from '../../../shared/domain/validation';
import { APP_GATEWAY_ID, CSP_CONTEXT, HUB_VNET_ID, validConnectThroughSpec } from '../../support/specs';

const NETWORK_TYPES: AzureNamedType[] = [
  'subnet',
  'expressRouteCircuit',
  'authorization',
  'connection',
  'routeTable',
  'route',
  'networkSecurityGroup',
  'securityRule',
  'virtualNetworkGateway',
  'routeFilter',
  'routeFilterRule',
];

const rulesOf = (name: string, type: AzureNamedType) => azureNameProblems(name, type).map((problem) => problem.rule);

describe('azureNameProblems: Azure naming rules per resource type', () => {
  it.each(NETWORK_TYPES)(
    '%s: 1-80 of letters, digits, "_", "." and "-"; starts alphanumeric, ends alphanumeric or "_"',
    (type) => {
      for (const name of ['a', 'A1', 'snet_app', 'snet-app.1', 'x_', 'a'.repeat(80), 'GatewaySubnet']) {
        expect([name, rulesOf(name, type)]).toEqual([name, []]);
      }
      expect(rulesOf('', type)).toEqual(['name.length']);
      expect(rulesOf('a'.repeat(81), type)).toEqual(['name.length']);
      expect(rulesOf('-app', type)).toEqual(['name.first-character']);
      expect(rulesOf('_app', type)).toEqual(['name.first-character']);
      expect(rulesOf('app.', type)).toEqual(['name.last-character']);
      expect(rulesOf('app-', type)).toEqual(['name.last-character']);
    },
  );

  it.each([
    ['snet#1', 'name.characters'],
    ['snet?x', 'name.characters'],
    ['a/b', 'name.characters'],
    ['a\\b', 'name.characters'],
    ['my subnet', 'name.characters'],
    ['snet\u0000', 'name.characters'],
    ['snét', 'name.characters'],
    ['a..b', 'name.dot-dot'],
  ])('refuses %j as a subnet name (%s)', (name, rule) => {
    expect(rulesOf(name, 'subnet')).toContain(rule);
    expect(isLegalAzureName(name, 'subnet')).toBe(false);
  });

  it('a VNet name is 2-64 characters', () => {
    expect(rulesOf('v', 'virtualNetwork')).toEqual(['name.length']);
    expect(rulesOf('vn', 'virtualNetwork')).toEqual([]);
    expect(rulesOf('v'.repeat(64), 'virtualNetwork')).toEqual([]);
    expect(rulesOf('v'.repeat(65), 'virtualNetwork')).toEqual(['name.length']);
  });

  it('a resource group name is 1-90 Unicode letters or digits, "_", "-", ".", "(" and ")", not ending with "."', () => {
    for (const name of [
      'r',
      'rg-contoso',
      'rg(prod)',
      'rg_1',
      'Ressourcengruppe-Zürich',
      'グループ',
      '-rg',
      'r'.repeat(90),
    ]) {
      expect([name, rulesOf(name, 'resourceGroup')]).toEqual([name, []]);
    }
    expect(rulesOf('rg.', 'resourceGroup')).toEqual(['name.last-character']);
    expect(rulesOf('r'.repeat(91), 'resourceGroup')).toEqual(['name.length']);
    expect(rulesOf('rg 1', 'resourceGroup')).toEqual(['name.characters']);
    expect(rulesOf('rg#', 'resourceGroup')).toEqual(['name.characters']);
  });

  it('says which characters are refused without repeating the name, and how long an over-long one is', () => {
    const [characters] = azureNameProblems('a#b?c d', 'subnet');
    expect(characters?.message).toBe(
      'holds "#", "?", space, which a subnet name cannot; use letters a-z and A-Z, digits, "_", "." and "-"',
    );
    const [length] = azureNameProblems('s'.repeat(10_240), 'subnet');
    expect(length?.message).toBe('is 10240 characters long; a subnet name takes 1-80');
  });

  it('each rule has a JSON Schema pattern that agrees with the checks', () => {
    const samples = [
      'a',
      'ab',
      'a.',
      'a-',
      '-a',
      'a..b',
      'a_',
      'a#',
      'a b',
      'x'.repeat(64),
      'x'.repeat(65),
      'x'.repeat(81),
    ];
    for (const [type, rule] of Object.entries(AZURE_NAME_RULES) as [
      AzureNamedType,
      (typeof AZURE_NAME_RULES)[AzureNamedType],
    ][]) {
      const pattern = new RegExp(rule.pattern, 'u');
      for (const sample of samples)
        expect([type, sample, pattern.test(sample)]).toEqual([type, sample, isLegalAzureName(sample, type)]);
    }
  });
});

describe('armIdProblems', () => {
  const VNETS = 'Microsoft.Network/virtualNetworks';
  const rules = (text: string) => armIdProblems(text, VNETS, 'virtualNetwork').map((problem) => problem.rule);

  it('accepts literal segments and the type in any case', () => {
    expect(rules(HUB_VNET_ID)).toEqual([]);
    expect(
      rules(HUB_VNET_ID.replace('resourceGroups', 'resourcegroups').replace('Microsoft.Network', 'microsoft.network')),
    ).toEqual([]);
    expect(
      rules(HUB_VNET_ID.replace('/subscriptions/', '/SUBSCRIPTIONS/').replace('virtualNetworks', 'VIRTUALNETWORKS')),
    ).toEqual([]);
  });

  it('refuses surrounding whitespace, a non-id, another type, a non-GUID subscription and illegal names', () => {
    expect(rules(` ${HUB_VNET_ID}`)).toEqual(['arm-id.whitespace']);
    expect(rules(`${HUB_VNET_ID}\n`)).toEqual(['arm-id.whitespace']);
    expect(rules('vnet-contoso-hub-weu')).toEqual(['arm-id.format']);
    expect(rules(`${HUB_VNET_ID}/`)).toEqual(['arm-id.format']);
    expect(rules(APP_GATEWAY_ID)).toEqual(['arm-id.type']);
    expect(rules(`${HUB_VNET_ID}/subnets/snet-app`)).toEqual(['arm-id.type']);
    expect(rules(HUB_VNET_ID.replace(/subscriptions\/[^/]+/, 'subscriptions/not-a-guid'))).toEqual([
      'arm-id.subscription',
    ]);
    expect(rules(HUB_VNET_ID.replace('rg-contoso-network-weu', 'rg.'))).toEqual(['name.last-character']);
    expect(rules(HUB_VNET_ID.replace('vnet-contoso-hub-weu', 'vnet#1'))).toEqual(['name.characters']);
    expect(rules(HUB_VNET_ID.replace('vnet-contoso-hub-weu', 'vnet?x=1'))).toEqual(['name.characters']);
    expect(rules(HUB_VNET_ID.replace('vnet-contoso-hub-weu', 'vnet-'))).toEqual(['name.last-character']);
    expect(rules(HUB_VNET_ID.replace('vnet-contoso-hub-weu', 'v'.repeat(65)))).toEqual(['name.length']);
  });
});

describe('validateCustomerSpec refuses names Azure cannot take, with path and rule', () => {
  function issuesFor(mutate: (spec: CustomerSpec) => void): ValidationIssue[] {
    const spec = validConnectThroughSpec({ microsoftPeering: true });
    mutate(spec);
    const result = validateCustomerSpec(spec, CSP_CONTEXT);
    if (result.ok) throw new Error('accepted');
    return result.issues;
  }
  const pathsAndRules = (issues: ValidationIssue[]) => issues.map(({ path, rule }) => `${path} [${rule}]`);

  it.each([
    [
      'a "#" in a subnet name',
      (s: CustomerSpec) => void (s.routeTables[0]!.subnets[0] = 'snet#1'),
      'routeTables[0].subnets[0] [name.characters]',
    ],
    [
      'a "?" in an NSG subnet',
      (s: CustomerSpec) => void (s.networkSecurityGroups[1]!.subnets[0] = 'snet?a'),
      'networkSecurityGroups[1].subnets[0] [name.characters]',
    ],
    [
      '"/" in a subnet name',
      (s: CustomerSpec) => void (s.routeTables[1]!.subnets[1] = 'snet/data'),
      'routeTables[1].subnets[1] [name.characters]',
    ],
    [
      '".." in a subnet name',
      (s: CustomerSpec) => void (s.routeTables[1]!.subnets[1] = 'snet..data'),
      'routeTables[1].subnets[1] [name.dot-dot]',
    ],
    [
      'a trailing dot on a route name',
      (s: CustomerSpec) => void (s.routeTables[0]!.routes[0]!.name = 'kms.'),
      'routeTables[0].routes[0].name [name.last-character]',
    ],
    [
      'a trailing hyphen on a security rule name',
      (s: CustomerSpec) => void (s.networkSecurityGroups[0]!.rules[0]!.name = 'allow-rdp-'),
      'networkSecurityGroups[0].rules[0].name [name.last-character]',
    ],
    [
      'a space in a security rule name',
      (s: CustomerSpec) => void (s.networkSecurityGroups[0]!.rules[0]!.name = 'allow rdp'),
      'networkSecurityGroups[0].rules[0].name [name.characters]',
    ],
    [
      'a "#" in a VNet name',
      (s: CustomerSpec) => void (s.vnetLinks[0]!.vnetId = HUB_VNET_ID.replace('vnet-contoso-hub-weu', 'vnet#hub')),
      'vnetLinks[0].vnetId [name.characters]',
    ],
    [
      'a trailing dot on a gateway name',
      (s: CustomerSpec) => void (s.vnetLinks[1]!.gateway.id = `${APP_GATEWAY_ID}.`),
      'vnetLinks[1].gateway.id [name.last-character]',
    ],
    [
      'an over-long circuits resource group',
      (s: CustomerSpec) => void (s.circuits.resourceGroup = 'r'.repeat(91)),
      'circuits.resourceGroup [name.length]',
    ],
    [
      'a resource group ending with "."',
      (s: CustomerSpec) => void (s.circuits.resourceGroup = 'rg-er.'),
      'circuits.resourceGroup [name.last-character]',
    ],
    [
      'whitespace around a VNet id',
      (s: CustomerSpec) => void (s.routeTables[0]!.vnetId = ` ${HUB_VNET_ID}`),
      'routeTables[0].vnetId [arm-id.whitespace]',
    ],
  ])('%s', (_, mutate, expected) => {
    expect(pathsAndRules(issuesFor(mutate))).toEqual([expected]);
  });

  it('an over-long name is refused by length, and quoted nowhere in full', () => {
    const long = 's'.repeat(10_240);
    const issues = issuesFor((s) => void (s.routeTables[0]!.subnets[0] = long));
    expect(pathsAndRules(issues)).toEqual(['routeTables[0].subnets[0] [name.length]']);
    expect(JSON.stringify(issues).length).toBeLessThan(400);
  });

  it('treats a VNet id written in other case as the same VNet (ids compare in canonical form)', () => {
    const lowerCased = HUB_VNET_ID.replace('resourceGroups', 'resourcegroups').replace(
      'Microsoft.Network',
      'microsoft.network',
    );
    const spec = validConnectThroughSpec();
    spec.routeTables[0]!.vnetId = lowerCased;
    spec.networkSecurityGroups[0]!.vnetId = lowerCased
      .toUpperCase()
      .replace(/SUBSCRIPTIONS\/[^/]+/i, (s) => s.toLowerCase());
    expect(validateCustomerSpec(spec, CSP_CONTEXT)).toMatchObject({ ok: true });

    const twice = validConnectThroughSpec();
    twice.vnetLinks.push({ ...twice.vnetLinks[0]!, vnetId: lowerCased, addressSpace: ['10.30.0.0/16'] });
    const result = validateCustomerSpec(twice, CSP_CONTEXT);
    expect(result.ok ? [] : pathsAndRules(result.issues)).toEqual(['vnetLinks[2].vnetId [vnet.duplicate]']);
  });
});
