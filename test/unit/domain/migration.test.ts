import { deriveTopology } from '../../../shared/domain/topology';
import {
  intentsOfPair,
  MIGRATION_RULES,
  nextGenerationName,
  planMigration,
  weightedConnections,
  type MigrationTarget,
} from '../../../shared/domain/migration';
import { circuitPairsOf } from '../../../shared/domain/pairs';
import { circuitName } from '../../../shared/domain/naming';
import { planTopology } from '../../../shared/domain/planner';
import { CSP_CONTEXT, CONTOSO_TENANT_ID, validConnectThroughSpec } from '../../support/specs';

const NEW_PRIVATE_ADDRESSING: MigrationTarget['privatePeering'] = [
  { primaryPeerAddressPrefix: '192.168.101.0/30', secondaryPeerAddressPrefix: '192.168.101.4/30', vlanId: 101 },
  { primaryPeerAddressPrefix: '192.168.101.8/30', secondaryPeerAddressPrefix: '192.168.101.12/30', vlanId: 101 },
];

describe('nextGenerationName', () => {
  it('numbers generations and skips names that are taken', () => {
    expect(nextGenerationName('primary', ['primary'])).toBe('primary-g2');
    expect(nextGenerationName('primary-g2', ['primary-g2'])).toBe('primary-g3');
    expect(nextGenerationName('primary', ['primary', 'primary-g2'])).toBe('primary-g3');
  });

  it('keeps the name within the 16 characters of a pair name', () => {
    const name = nextGenerationName('sixteen-chars-ab', []);
    expect(name).toBe('sixteen-chars-g2');
    expect(name?.length).toBeLessThanOrEqual(16);
  });
});

describe('planMigration', () => {
  const spec = validConnectThroughSpec();

  it('builds the new pair beside the old one, then puts it in its place', () => {
    const result = planMigration(spec, { bandwidthMbps: 500, privatePeering: NEW_PRIVATE_ADDRESSING }, CSP_CONTEXT);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.oldPair).toBe('primary');
    expect(result.newPair).toBe('primary-g2');
    expect(circuitPairsOf(result.during).map((p) => [p.name, p.bandwidthMbps])).toEqual([
      ['primary', 1000],
      ['primary-g2', 500],
    ]);
    expect(circuitPairsOf(result.after).map((p) => [p.name, p.bandwidthMbps])).toEqual([['primary-g2', 500]]);
    // The new generation's circuits have names of their own.
    const oldName = circuitName('contoso', 'a');
    const newName = circuitName('contoso', 'a', 'primary-g2');
    expect(newName).not.toBe(oldName);
  });

  it('refuses a new pair without its own private-peering addressing, naming the field', () => {
    const result = planMigration(spec, { bandwidthMbps: 500 }, CSP_CONTEXT);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({ path: 'data.newPair.privatePeering', rule: MIGRATION_RULES.addressingRequired }),
    ]);
  });

  it('refuses addressing that the old pair already uses, at the request field', () => {
    const reused = spec.circuits.privatePeering.legs;
    const result = planMigration(spec, { bandwidthMbps: 500, privatePeering: [reused[0], reused[1]] }, CSP_CONTEXT);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.length).toBeGreaterThan(0);
    expect(result.issues.every((issue) => issue.path.startsWith('data.newPair.privatePeering'))).toBe(true);
  });

  it('refuses an unknown pair', () => {
    const result = planMigration(
      spec,
      { pair: 'secondary', bandwidthMbps: 500, privatePeering: NEW_PRIVATE_ADDRESSING },
      CSP_CONTEXT,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toEqual(expect.objectContaining({ path: 'data.pair', rule: MIGRATION_RULES.pairKnown }));
  });
});

describe('weightedConnections', () => {
  const spec = validConnectThroughSpec();
  const result = planMigration(spec, { bandwidthMbps: 500, privatePeering: NEW_PRIVATE_ADDRESSING }, CSP_CONTEXT);
  if (!result.ok) throw new Error('the migration plan is valid');
  const intents = planTopology(deriveTopology(result.during, { cspTenantId: CONTOSO_TENANT_ID })).steps.flatMap(
    (step) => (step.action === 'ensure' ? [step.intent] : []),
  );

  it('prefers one pair with one step of weight above the link, and the other keeps the link weight', () => {
    const weights = weightedConnections(intents, { preferred: 'primary', other: 'primary-g2' }).map((c) => [
      c.pair ?? 'primary',
      c.routingWeight,
    ]);
    // Two linked VNets (weights 0 and 10), two legs, two pairs.
    expect(
      weights
        .filter(([pair]) => pair === 'primary')
        .map(([, w]) => w)
        .sort(),
    ).toEqual([1, 1, 11, 11]);
    expect(
      weights
        .filter(([pair]) => pair === 'primary-g2')
        .map(([, w]) => w)
        .sort(),
    ).toEqual([0, 0, 10, 10]);
  });

  it('gives both pairs the same weight for the moment of the swap', () => {
    const weights = weightedConnections(intents, { equal: ['primary', 'primary-g2'] }).map((c) => c.routingWeight);
    expect(weights.sort()).toEqual([1, 1, 1, 1, 11, 11, 11, 11]);
  });
});

describe('intentsOfPair', () => {
  it("finds the default pair's resources although their intents leave the pair out", () => {
    const spec = validConnectThroughSpec();
    const intents = planTopology(deriveTopology(spec, { cspTenantId: CONTOSO_TENANT_ID })).steps.flatMap((step) =>
      step.action === 'ensure' ? [step.intent] : [],
    );
    const kinds = intentsOfPair(intents, 'primary').map((intent) => intent.kind);
    expect(kinds.filter((kind) => kind === 'circuit')).toHaveLength(2);
    expect(kinds.filter((kind) => kind === 'connection')).toHaveLength(4);
    expect(kinds).not.toContain('routeTable');
    expect(intentsOfPair(intents, 'primary-g2')).toEqual([]);
  });
});
