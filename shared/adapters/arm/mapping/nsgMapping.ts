/**
 * Network security group. An NSG the automation creates is wholly its own: the intent's rules are the NSG's rules.
 * Default rules are ARM's (read-only) and never compared.
 */
import type { NetworkSecurityGroup, SecurityRule } from '@azure/arm-network';
import type { NsgIntent, Scope, SecurityRuleIntent } from '../../../domain/intents';
import { Drift, sameCaseInsensitive, sameNamedSet } from '../compare';
import { DEFAULT_MANAGED_TAG, mergeTags, ownedTags, ownedTagsDiffer } from '../ownership';
import type { ManagedTag } from '../ownership';

function ruleBody(rule: SecurityRuleIntent): SecurityRule {
  return {
    name: rule.name,
    priority: rule.priority,
    direction: rule.direction,
    access: rule.access,
    protocol: rule.protocol,
    sourceAddressPrefix: rule.sourceAddressPrefix,
    sourcePortRange: rule.sourcePortRange,
    destinationAddressPrefix: rule.destinationAddressPrefix,
    destinationPortRange: rule.destinationPortRange,
    ...(rule.description === undefined ? {} : { description: rule.description }),
  };
}

/** Plural prefixes / ranges (which the intent cannot express) read back comma-joined, so a diff shows them. */
function singleOrJoined(single: string | undefined, plural: readonly string[] | undefined): string {
  if (single !== undefined && single !== '') return single;
  return (plural ?? []).join(',');
}

function ruleToIntent(rule: SecurityRule): SecurityRuleIntent {
  return {
    name: rule.name ?? '',
    priority: rule.priority ?? 0,
    direction: (rule.direction ?? 'Inbound') as SecurityRuleIntent['direction'],
    access: (rule.access ?? 'Deny') as SecurityRuleIntent['access'],
    protocol: rule.protocol ?? '',
    sourceAddressPrefix: singleOrJoined(rule.sourceAddressPrefix, rule.sourceAddressPrefixes),
    sourcePortRange: singleOrJoined(rule.sourcePortRange, rule.sourcePortRanges),
    destinationAddressPrefix: singleOrJoined(rule.destinationAddressPrefix, rule.destinationAddressPrefixes),
    destinationPortRange: singleOrJoined(rule.destinationPortRange, rule.destinationPortRanges),
    ...(rule.description === undefined || rule.description === '' ? {} : { description: rule.description }),
  };
}

function sameRule(desired: SecurityRuleIntent, current: SecurityRuleIntent): boolean {
  return (
    desired.priority === current.priority &&
    sameCaseInsensitive(desired.direction, current.direction) &&
    sameCaseInsensitive(desired.access, current.access) &&
    sameCaseInsensitive(desired.protocol, current.protocol) &&
    desired.sourceAddressPrefix === current.sourceAddressPrefix &&
    desired.sourcePortRange === current.sourcePortRange &&
    desired.destinationAddressPrefix === current.destinationAddressPrefix &&
    desired.destinationPortRange === current.destinationPortRange &&
    (desired.description ?? '') === (current.description ?? '')
  );
}

export function nsgBody(intent: NsgIntent): NetworkSecurityGroup {
  return { location: intent.location, tags: { ...intent.tags }, securityRules: intent.rules.map(ruleBody) };
}

export function mergeNsg(
  current: NetworkSecurityGroup,
  intent: NsgIntent,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): NetworkSecurityGroup {
  return {
    ...current,
    tags: mergeTags(current.tags, intent.tags, managedTag),
    securityRules: intent.rules.map(ruleBody),
  };
}

export function nsgDrift(
  intent: NsgIntent,
  current: NetworkSecurityGroup,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): string[] {
  return new Drift()
    .check('location', sameCaseInsensitive(current.location, intent.location))
    .check('securityRules', sameNamedSet(intent.rules, (current.securityRules ?? []).map(ruleToIntent), sameRule))
    .check('tags', !ownedTagsDiffer(current.tags, intent.tags, managedTag)).fields;
}

export function nsgToIntent(
  nsg: NetworkSecurityGroup,
  scope: Scope,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): NsgIntent {
  return {
    kind: 'nsg',
    id: nsg.id ?? '',
    scope,
    name: nsg.name ?? '',
    location: nsg.location ?? '',
    tags: ownedTags(nsg.tags, managedTag),
    rules: (nsg.securityRules ?? []).map(ruleToIntent),
  };
}
