/** Route filter: exactly one rule, Allow, of type Community. The automation owns the whole rule set. */
import type { RouteFilter } from '@azure/arm-network';
import type { RouteFilterIntent, Scope } from '../../../domain/intents';
import { Drift, sameCaseInsensitive, sameStringSet } from '../compare';
import { DEFAULT_MANAGED_TAG, mergeTags, ownedTags, ownedTagsDiffer } from '../ownership';
import type { ManagedTag } from '../ownership';

function ruleOf(intent: RouteFilterIntent): NonNullable<RouteFilter['rules']>[number] {
  return {
    name: intent.rule.name,
    access: 'Allow',
    routeFilterRuleType: 'Community',
    communities: [...intent.rule.communities],
  };
}

export function routeFilterBody(intent: RouteFilterIntent): RouteFilter {
  return { location: intent.location, tags: { ...intent.tags }, rules: [ruleOf(intent)] };
}

export function mergeRouteFilter(
  current: RouteFilter,
  intent: RouteFilterIntent,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): RouteFilter {
  return { ...current, tags: mergeTags(current.tags, intent.tags, managedTag), rules: [ruleOf(intent)] };
}

export function routeFilterDrift(
  intent: RouteFilterIntent,
  current: RouteFilter,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): string[] {
  const rules = current.rules ?? [];
  const rule = rules[0];
  return new Drift()
    .check('location', sameCaseInsensitive(current.location, intent.location))
    .check('rules.length', rules.length === 1)
    .check('rules[0].name', rule?.name === intent.rule.name)
    .check('rules[0].access', rule?.access === 'Allow')
    .check('rules[0].routeFilterRuleType', rule?.routeFilterRuleType === 'Community')
    .check('rules[0].communities', sameStringSet(rule?.communities, intent.rule.communities))
    .check('tags', !ownedTagsDiffer(current.tags, intent.tags, managedTag)).fields;
}

export function routeFilterToIntent(
  filter: RouteFilter,
  scope: Scope,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): RouteFilterIntent {
  const rule = filter.rules?.[0];
  return {
    kind: 'routeFilter',
    id: filter.id ?? '',
    scope,
    name: filter.name ?? '',
    location: filter.location ?? '',
    tags: ownedTags(filter.tags, managedTag),
    rule: { name: rule?.name ?? '', communities: [...(rule?.communities ?? [])] },
  };
}
