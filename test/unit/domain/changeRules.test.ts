import { decideCircuitChange, type CircuitPairSettings, type CircuitUsage } from '../../../shared/domain/changeRules';
import type { SkuFamily, SkuTier } from '../../../shared/domain/spec';

function pair(
  overrides: Partial<CircuitPairSettings> & { tier?: SkuTier; family?: SkuFamily } = {},
): CircuitPairSettings {
  const { tier = 'Standard', family = 'MeteredData', ...rest } = overrides;
  return {
    provider: 'Equinix',
    peeringLocations: ['Amsterdam', 'Amsterdam2'],
    bandwidthMbps: 1000,
    sku: { tier, family },
    ...rest,
  };
}

const LIGHT_USAGE: CircuitUsage = { vnetLinksPerCircuit: 2, crossGeopoliticalLinks: false, privatePeeringRoutes: 150 };

function reasonRules(decision: ReturnType<typeof decideCircuitChange>): string[] {
  return decision.kind === 'new-pair' || decision.kind === 'refused' ? decision.reasons.map((r) => r.rule) : [];
}

function expectReadableReasons(decision: ReturnType<typeof decideCircuitChange>): void {
  if (decision.kind !== 'new-pair' && decision.kind !== 'refused') return;
  for (const reason of decision.reasons) {
    expect(reason.message.length).toBeGreaterThan(15);
    expect(reason.message).not.toMatch(/undefined|\[object|NaN/);
  }
}

describe('decideCircuitChange', () => {
  it('no change when nothing differs (names compare trimmed and case-insensitively)', () => {
    expect(decideCircuitChange(pair(), pair(), LIGHT_USAGE)).toEqual({ kind: 'no-change' });
    expect(
      decideCircuitChange(
        pair(),
        pair({ provider: ' equinix', peeringLocations: ['AMSTERDAM', 'amsterdam2 '] }),
        LIGHT_USAGE,
      ),
    ).toEqual({ kind: 'no-change' });
  });

  describe('bandwidth (§2.3)', () => {
    it('an increase on the ladder is in place', () => {
      expect(decideCircuitChange(pair(), pair({ bandwidthMbps: 2000 }), LIGHT_USAGE)).toEqual({
        kind: 'in-place',
        changes: [{ kind: 'bandwidth', fromMbps: 1000, toMbps: 2000 }],
      });
    });

    it('an increase off the ladder is refused', () => {
      const decision = decideCircuitChange(pair(), pair({ bandwidthMbps: 1500 }), LIGHT_USAGE);
      expect(decision.kind).toBe('refused');
      expect(reasonRules(decision)).toEqual(['bandwidth.ladder']);
      expectReadableReasons(decision);
    });

    it('a decrease needs a new pair', () => {
      const decision = decideCircuitChange(pair(), pair({ bandwidthMbps: 500 }), LIGHT_USAGE);
      expect(decision.kind).toBe('new-pair');
      expect(reasonRules(decision)).toEqual(['change.bandwidth-decrease']);
      expectReadableReasons(decision);
    });
  });

  describe('SKU family (§2.4)', () => {
    it('MeteredData → UnlimitedData is in place', () => {
      expect(decideCircuitChange(pair(), pair({ family: 'UnlimitedData' }), LIGHT_USAGE)).toEqual({
        kind: 'in-place',
        changes: [{ kind: 'sku-family', from: 'MeteredData', to: 'UnlimitedData' }],
      });
    });

    it('UnlimitedData → MeteredData needs a new pair', () => {
      const decision = decideCircuitChange(pair({ family: 'UnlimitedData' }), pair(), LIGHT_USAGE);
      expect(decision.kind).toBe('new-pair');
      expect(reasonRules(decision)).toEqual(['change.unlimited-to-metered']);
      expectReadableReasons(decision);
    });
  });

  describe('provider and peering location (§2.4)', () => {
    it('a provider change needs a new pair', () => {
      const decision = decideCircuitChange(pair(), pair({ provider: 'Megaport' }), LIGHT_USAGE);
      expect(decision.kind).toBe('new-pair');
      expect(reasonRules(decision)).toEqual(['change.provider']);
      expectReadableReasons(decision);
    });

    it('a peering location change needs a new pair, with one reason per leg that moves', () => {
      const oneLeg = decideCircuitChange(pair(), pair({ peeringLocations: ['Amsterdam', 'Frankfurt'] }), LIGHT_USAGE);
      expect(oneLeg.kind).toBe('new-pair');
      expect(oneLeg.kind === 'new-pair' && oneLeg.reasons).toEqual([
        {
          rule: 'change.peering-location',
          message: 'leg B moves from Amsterdam2 to Frankfurt, which needs a new circuit',
        },
      ]);
      const bothLegs = decideCircuitChange(pair(), pair({ peeringLocations: ['London', 'London2'] }), LIGHT_USAGE);
      expect(reasonRules(bothLegs)).toEqual(['change.peering-location', 'change.peering-location']);
    });
  });

  describe('SKU tier (§2.4)', () => {
    it('Standard → Premium is in place', () => {
      expect(decideCircuitChange(pair(), pair({ tier: 'Premium' }), LIGHT_USAGE)).toEqual({
        kind: 'in-place',
        changes: [{ kind: 'sku-tier', from: 'Standard', to: 'Premium' }],
      });
    });

    it('Premium → Standard is in place when the usage fits Standard', () => {
      const fits: CircuitUsage = { vnetLinksPerCircuit: 10, crossGeopoliticalLinks: false, privatePeeringRoutes: 3999 };
      expect(decideCircuitChange(pair({ tier: 'Premium' }), pair(), fits)).toEqual({
        kind: 'in-place',
        changes: [{ kind: 'sku-tier', from: 'Premium', to: 'Standard' }],
      });
    });

    it.each([
      ['more than 10 VNet links', { vnetLinksPerCircuit: 11 }, 'limit.vnet-links-per-circuit'],
      ['links to other geopolitical regions', { crossGeopoliticalLinks: true }, 'change.cross-geopolitical-links'],
      ['4,000 private-peering routes or more', { privatePeeringRoutes: 4000 }, 'limit.private-peering-routes'],
    ])('Premium → Standard is refused with %s', (_name, usage, rule) => {
      const decision = decideCircuitChange(pair({ tier: 'Premium' }), pair(), { ...LIGHT_USAGE, ...usage });
      expect(decision.kind).toBe('refused');
      expect(reasonRules(decision)).toEqual([rule]);
      expectReadableReasons(decision);
    });

    it('Premium → Standard lists every reason it is refused', () => {
      const heavy: CircuitUsage = { vnetLinksPerCircuit: 30, crossGeopoliticalLinks: true, privatePeeringRoutes: 8000 };
      const decision = decideCircuitChange(pair({ tier: 'Premium' }), pair(), heavy);
      expect(reasonRules(decision)).toEqual([
        'limit.vnet-links-per-circuit',
        'change.cross-geopolitical-links',
        'limit.private-peering-routes',
      ]);
    });

    it.each(['Standard', 'Premium'] as const)('Local → %s is in place (family stays UnlimitedData)', (tier) => {
      expect(
        decideCircuitChange(
          pair({ tier: 'Local', family: 'UnlimitedData' }),
          pair({ tier, family: 'UnlimitedData' }),
          LIGHT_USAGE,
        ),
      ).toEqual({ kind: 'in-place', changes: [{ kind: 'sku-tier', from: 'Local', to: tier }] });
    });

    it('Local → Standard MeteredData needs a new pair (UnlimitedData cannot go back to MeteredData)', () => {
      const decision = decideCircuitChange(pair({ tier: 'Local', family: 'UnlimitedData' }), pair(), LIGHT_USAGE);
      expect(decision.kind).toBe('new-pair');
      expect(reasonRules(decision)).toEqual(['change.unlimited-to-metered']);
    });

    it.each(['Standard', 'Premium'] as const)('%s → Local needs a new pair', (tier) => {
      const decision = decideCircuitChange(
        pair({ tier, family: 'UnlimitedData' }),
        pair({ tier: 'Local', family: 'UnlimitedData' }),
        LIGHT_USAGE,
      );
      expect(decision.kind).toBe('new-pair');
      expect(reasonRules(decision)).toEqual(['change.to-local']);
      expectReadableReasons(decision);
    });

    it('Premium → Local is refused when the usage needs Premium', () => {
      const decision = decideCircuitChange(
        pair({ tier: 'Premium', family: 'UnlimitedData' }),
        pair({ tier: 'Local', family: 'UnlimitedData' }),
        { ...LIGHT_USAGE, crossGeopoliticalLinks: true },
      );
      expect(decision.kind).toBe('refused');
      expect(reasonRules(decision)).toEqual(['change.cross-geopolitical-links']);
    });

    it('a Local circuit must be UnlimitedData', () => {
      const decision = decideCircuitChange(
        pair({ tier: 'Standard', family: 'MeteredData' }),
        pair({ tier: 'Local', family: 'MeteredData' }),
        LIGHT_USAGE,
      );
      expect(decision.kind).toBe('refused');
      expect(reasonRules(decision)).toEqual(['sku.local-unlimited-data']);
    });
  });

  describe('several changes at once', () => {
    it('in-place changes come in order: tier, then family, then bandwidth', () => {
      expect(
        decideCircuitChange(
          pair(),
          pair({ tier: 'Premium', family: 'UnlimitedData', bandwidthMbps: 10000 }),
          LIGHT_USAGE,
        ),
      ).toEqual({
        kind: 'in-place',
        changes: [
          { kind: 'sku-tier', from: 'Standard', to: 'Premium' },
          { kind: 'sku-family', from: 'MeteredData', to: 'UnlimitedData' },
          { kind: 'bandwidth', fromMbps: 1000, toMbps: 10000 },
        ],
      });
    });

    it('any new-pair reason wins over in-place changes, and all of them are listed', () => {
      const decision = decideCircuitChange(
        pair(),
        pair({
          tier: 'Premium',
          bandwidthMbps: 200,
          provider: 'Megaport',
          peeringLocations: ['Amsterdam', 'Frankfurt'],
        }),
        LIGHT_USAGE,
      );
      expect(decision.kind).toBe('new-pair');
      expect(reasonRules(decision)).toEqual([
        'change.provider',
        'change.peering-location',
        'change.bandwidth-decrease',
      ]);
    });

    it('refused wins over everything', () => {
      const decision = decideCircuitChange(
        pair({ tier: 'Premium' }),
        pair({ bandwidthMbps: 500, provider: 'Megaport' }),
        {
          ...LIGHT_USAGE,
          vnetLinksPerCircuit: 12,
        },
      );
      expect(decision.kind).toBe('refused');
      expect(reasonRules(decision)).toEqual(['limit.vnet-links-per-circuit']);
    });

    it('a Premium bandwidth decrease is refused when the links no longer fit', () => {
      const current = pair({ tier: 'Premium', bandwidthMbps: 1000 });
      const usage = { ...LIGHT_USAGE, vnetLinksPerCircuit: 30 };
      expect(decideCircuitChange(current, pair({ tier: 'Premium', bandwidthMbps: 500 }), usage).kind).toBe('new-pair'); // 40
      const decision = decideCircuitChange(current, pair({ tier: 'Premium', bandwidthMbps: 100 }), usage); // 25
      expect(decision.kind).toBe('refused');
      expect(reasonRules(decision)).toEqual(['limit.vnet-links-per-circuit']);
    });
  });
});
