import { readFileSync } from 'node:fs';
import { SNAPSHOT_FILE, planOf, singlePairSpecs } from './singlePairPlans';

/**
 * Today's single `circuits` shape is shorthand for one pair: every name, ARM id, tag, step key, dependency and stage
 * of its plan is pinned. The fixture was computed by the single-pair code before the model learned several pairs,
 * and recomputed once since, deliberately, when authorizations moved into the provider wait and subnet associations
 * after their VNet's connections (issue 15): a change to it is a change to every onboarding.
 */
describe('single-pair specs keep their plans', () => {
  const before = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as Record<string, unknown>;

  it('covers every onboarding example and spec fixture', () => {
    expect(Object.keys(before).sort()).toEqual(
      singlePairSpecs()
        .map((entry) => entry.name)
        .sort(),
    );
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(8);
  });

  it.each(singlePairSpecs().map((entry) => [entry.name, entry] as const))(
    '%s plans exactly as pinned',
    (name, entry) => {
      expect(JSON.parse(JSON.stringify(planOf(entry)))).toEqual(before[name]);
    },
  );
});
