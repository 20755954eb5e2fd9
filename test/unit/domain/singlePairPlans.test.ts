import { readFileSync } from 'node:fs';
import { SNAPSHOT_FILE, planOf, singlePairSpecs } from './singlePairPlans';

/**
 * Today's single `circuits` shape is shorthand for one pair: every name, ARM id, tag, step key, dependency and stage
 * of its plan is what it was before the model learned several pairs (the fixture was computed by the single-pair
 * code and committed before it changed).
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
    '%s plans exactly as before',
    (name, entry) => {
      expect(JSON.parse(JSON.stringify(planOf(entry)))).toEqual(before[name]);
    },
  );
});
