/**
 * Azure's naming rules for every resource type whose name comes from a request or is derived from one: length,
 * allowed characters, first and last character. Each broken rule is reported with its own rule id.
 *
 * Source: Microsoft Learn, "Naming rules and restrictions for Azure resources"
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules), sections
 * Microsoft.Network and Microsoft.Resources, as published in MicrosoftDocs/azure-docs
 * (articles/azure-resource-manager/management/resource-name-rules.md):
 * - virtualNetworks: 2-64; every other Microsoft.Network type used here (virtualNetworks/subnets,
 *   expressRouteCircuits, connections, routeTables, routeTables/routes, networkSecurityGroups,
 *   networkSecurityGroups/securityRules, virtualNetworkGateways, routeFilters, routeFilters/routeFilterRules): 1-80;
 *   all of them "alphanumerics, underscores, periods, and hyphens; start with alphanumeric; end alphanumeric or
 *   underscore". Circuit authorizations are not listed; they get the same rule as the circuit's other children.
 * - resourcegroups: 1-90; underscores, hyphens, periods, parentheses, and letters or digits as .NET's
 *   Char.IsLetterOrDigit defines them (Unicode Lu, Ll, Lt, Lm, Lo, Nd); can't end with a period.
 * The page also warns that "#" interferes with URL parsing in ARM requests. This module refuses ".." in any name as
 * well: the name is a URL path segment in every ARM request, and a dot-dot sequence is what path normalisation and
 * request filtering between here and ARM act upon. Pure: no I/O, no Azure SDKs.
 */
import { resourceTypeOf, tryParseArmId } from './armIds';
import { mention } from './issueWording';

export type AzureNamedType =
  | 'resourceGroup'
  | 'virtualNetwork'
  | 'subnet'
  | 'expressRouteCircuit'
  | 'authorization'
  | 'connection'
  | 'routeTable'
  | 'route'
  | 'networkSecurityGroup'
  | 'securityRule'
  | 'virtualNetworkGateway'
  | 'routeFilter'
  | 'routeFilterRule';

export interface AzureNameRule {
  /** How a message names the resource type, e.g. "VNet". */
  readonly label: string;
  readonly minLength: number;
  readonly maxLength: number;
  /** One allowed character (tested per code point, `u` flag). */
  readonly character: RegExp;
  readonly charactersText: string;
  readonly first: RegExp;
  readonly firstText: string;
  readonly last: RegExp;
  readonly lastText: string;
  /** The whole rule as an ECMA-262 pattern, for JSON Schema. */
  readonly pattern: string;
}

const NETWORK_CHARACTERS = /^[A-Za-z0-9_.-]$/u;

function networkRule(label: string, minLength: number, maxLength: number): AzureNameRule {
  return {
    label,
    minLength,
    maxLength,
    character: NETWORK_CHARACTERS,
    charactersText: 'letters a-z and A-Z, digits, "_", "." and "-"',
    first: /^[A-Za-z0-9]$/u,
    firstText: 'a letter or a digit',
    last: /^[A-Za-z0-9_]$/u,
    lastText: 'a letter, a digit or "_"',
    pattern:
      minLength === 1
        ? `^(?!.*\\.\\.)[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,${maxLength - 2}}[A-Za-z0-9_])?$`
        : `^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9_.-]{${minLength - 2},${maxLength - 2}}[A-Za-z0-9_]$`,
  };
}

const RESOURCE_GROUP_CHARACTER = /^[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nd}_().-]$/u;

export const AZURE_NAME_RULES: Readonly<Record<AzureNamedType, AzureNameRule>> = {
  resourceGroup: {
    label: 'resource group',
    minLength: 1,
    maxLength: 90,
    character: RESOURCE_GROUP_CHARACTER,
    charactersText: 'letters, digits, "_", "-", ".", "(" and ")"',
    first: RESOURCE_GROUP_CHARACTER,
    firstText: 'a letter, a digit, "_", "-", "." "(" or ")"',
    last: /^[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nd}_()-]$/u,
    lastText: 'anything but "."',
    pattern:
      '^(?!.*\\.\\.)[\\p{Lu}\\p{Ll}\\p{Lt}\\p{Lm}\\p{Lo}\\p{Nd}_().-]{0,89}[\\p{Lu}\\p{Ll}\\p{Lt}\\p{Lm}\\p{Lo}\\p{Nd}_()-]$',
  },
  virtualNetwork: networkRule('VNet', 2, 64),
  subnet: networkRule('subnet', 1, 80),
  expressRouteCircuit: networkRule('ExpressRoute circuit', 1, 80),
  authorization: networkRule('circuit authorization', 1, 80),
  connection: networkRule('connection', 1, 80),
  routeTable: networkRule('route table', 1, 80),
  route: networkRule('route', 1, 80),
  networkSecurityGroup: networkRule('NSG', 1, 80),
  securityRule: networkRule('security rule', 1, 80),
  virtualNetworkGateway: networkRule('virtual network gateway', 1, 80),
  routeFilter: networkRule('route filter', 1, 80),
  routeFilterRule: networkRule('route filter rule', 1, 80),
};

/** Stable rule ids of the naming checks. */
export const NAME_RULES = {
  length: 'name.length',
  characters: 'name.characters',
  firstCharacter: 'name.first-character',
  lastCharacter: 'name.last-character',
  dotDot: 'name.dot-dot',
} as const;

export interface NameProblem {
  readonly rule: (typeof NAME_RULES)[keyof typeof NAME_RULES];
  /** Says what is wrong without repeating the name (the caller says which field, and may quote it). */
  readonly message: string;
}

const MAX_LISTED_CHARACTERS = 5;

function showCharacter(character: string): string {
  if (character === ' ') return 'space';
  const code = character.codePointAt(0) ?? 0;
  if (/[\p{Cc}\p{Cf}\p{Z}]/u.test(character)) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return JSON.stringify(character);
}

/** Every way `name` breaks Azure's rule for `type`; empty when Azure takes it. */
export function azureNameProblems(name: string, type: AzureNamedType): NameProblem[] {
  const rule = AZURE_NAME_RULES[type];
  const problems: NameProblem[] = [];
  if (name.length < rule.minLength || name.length > rule.maxLength) {
    const range = rule.minLength === rule.maxLength ? `${rule.minLength}` : `${rule.minLength}-${rule.maxLength}`;
    problems.push({
      rule: NAME_RULES.length,
      message: `is ${name.length} characters long; a ${rule.label} name takes ${range}`,
    });
  }
  if (name === '') return problems;
  // Per code point: a character outside the Basic Multilingual Plane is one character, not two halves.
  const characters = Array.from(name);
  const refused = [...new Set(characters.filter((character) => !rule.character.test(character)))];
  if (refused.length > 0) {
    const listed = refused.slice(0, MAX_LISTED_CHARACTERS).map(showCharacter).join(', ');
    const more = refused.length > MAX_LISTED_CHARACTERS ? ` and ${refused.length - MAX_LISTED_CHARACTERS} more` : '';
    problems.push({
      rule: NAME_RULES.characters,
      message: `holds ${listed}${more}, which a ${rule.label} name cannot; use ${rule.charactersText}`,
    });
  }
  const first = characters[0] ?? '';
  if (rule.character.test(first) && !rule.first.test(first)) {
    problems.push({
      rule: NAME_RULES.firstCharacter,
      message: `starts with ${showCharacter(first)}; a ${rule.label} name starts with ${rule.firstText}`,
    });
  }
  const last = characters[characters.length - 1] ?? '';
  if (rule.character.test(last) && !rule.last.test(last)) {
    problems.push({
      rule: NAME_RULES.lastCharacter,
      message: `ends with ${showCharacter(last)}; a ${rule.label} name ends with ${rule.lastText}`,
    });
  }
  if (name.includes('..')) {
    problems.push({
      rule: NAME_RULES.dotDot,
      message: `holds "..", which this service refuses in a ${rule.label} name (it is a path step in a URL)`,
    });
  }
  return problems;
}

export function isLegalAzureName(name: string, type: AzureNamedType): boolean {
  return azureNameProblems(name, type).length === 0;
}

// ---- ARM ids of existing resources -----------------------------------------------------------------------------

/** Stable rule ids of the ARM id checks (names inside an id are checked with `NAME_RULES`). */
export const ARM_ID_RULES = {
  whitespace: 'arm-id.whitespace',
  format: 'arm-id.format',
  type: 'arm-id.type',
  subscription: 'arm-id.subscription',
} as const;

export interface ArmIdProblem {
  readonly rule: string;
  readonly message: string;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Every way `text` fails to be the id of one resource of `providerAndType` (e.g. `Microsoft.Network/virtualNetworks`)
 * whose name Azure takes as a `nameType`. Literal segments and the type compare case-insensitively.
 */
export function armIdProblems(text: string, providerAndType: string, nameType: AzureNamedType): ArmIdProblem[] {
  if (text !== text.trim()) {
    return [{ rule: ARM_ID_RULES.whitespace, message: 'must not begin or end with whitespace' }];
  }
  const example = `/subscriptions/{subscription id}/resourceGroups/{group}/providers/${providerAndType}/{name}`;
  const parsed = tryParseArmId(text);
  if (parsed === undefined) {
    return [{ rule: ARM_ID_RULES.format, message: `must be an ARM resource id: ${example}` }];
  }
  const type = resourceTypeOf(parsed);
  if (type.toLowerCase() !== providerAndType.toLowerCase()) {
    return [
      {
        rule: ARM_ID_RULES.type,
        message: `must be the id of a ${providerAndType} resource (${example}), not of a ${mention(type)}`,
      },
    ];
  }
  const problems: ArmIdProblem[] = [];
  if (!GUID.test(parsed.subscriptionId)) {
    problems.push({
      rule: ARM_ID_RULES.subscription,
      message: 'must name its subscription by GUID (8-4-4-4-12 hexadecimal digits)',
    });
  }
  for (const problem of azureNameProblems(parsed.resourceGroup, 'resourceGroup')) {
    problems.push({ rule: problem.rule, message: `names a resource group that ${problem.message}` });
  }
  const name = parsed.names[0] ?? '';
  for (const problem of azureNameProblems(name, nameType)) {
    problems.push({
      rule: problem.rule,
      message: `names a ${AZURE_NAME_RULES[nameType].label} that ${problem.message}`,
    });
  }
  return problems;
}

/** A JSON Schema pattern for such an id, matching literal segments in any case (JSON Schema has no `i` flag). */
export function armIdPattern(providerAndType: string, nameType: AzureNamedType): string {
  const anyCase = (literal: string) =>
    Array.from(literal)
      .map((character) => {
        const lower = character.toLowerCase();
        const upper = character.toUpperCase();
        if (lower !== upper) return `[${lower}${upper}]`;
        return character === '.' ? '\\.' : character;
      })
      .join('');
  const name = AZURE_NAME_RULES[nameType].pattern.replace(/^\^|\$$/g, '');
  const group = AZURE_NAME_RULES.resourceGroup.pattern.replace(/^\^|\$$/g, '');
  const [provider = '', type = ''] = providerAndType.split('/');
  return (
    `^/${anyCase('subscriptions')}/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}` +
    `/${anyCase('resourceGroups')}/${group}/${anyCase('providers')}/${anyCase(provider)}/${anyCase(type)}/${name}$`
  );
}
