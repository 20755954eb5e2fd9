/** The small pure pieces of the bandwidth workflow: geopolitical areas, the resized spec, the journal's overlaps. */
import { overlaps, type JournalEntry } from '../../../local/arm/journal';
import { circuitChangeText, circuitChangesOf } from '../../../local/rehearsal/circuitChanges';
import { resizedSpec } from '../../../orchestrations/bandwidth/bandwidth.activity';
import { geopoliticalAreaOf } from '../../../shared/domain/changeRules';
import { validConnectThroughSpec } from '../../support/specs';

const TO = { bandwidthMbps: 2000, sku: { tier: 'Premium', family: 'UnlimitedData' } } as const;

describe('geopoliticalAreaOf', () => {
  it('groups regions as ExpressRoute Standard counts them, whatever their spelling', () => {
    expect(geopoliticalAreaOf('West Europe')).toBe(geopoliticalAreaOf('northeurope'));
    expect(geopoliticalAreaOf('westeurope')).not.toBe(geopoliticalAreaOf('eastus'));
    expect(geopoliticalAreaOf('uksouth')).not.toBe(geopoliticalAreaOf('westeurope'));
    expect(geopoliticalAreaOf('nowhere')).toBeUndefined();
  });
});

describe('resizedSpec', () => {
  it('changes the size of the named pair only', () => {
    const spec = validConnectThroughSpec();
    const resized = resizedSpec(spec, 'primary', TO);
    expect(resized.circuits).toEqual({ ...spec.circuits, bandwidthMbps: 2000, sku: TO.sku });
    expect(resizedSpec(spec, 'dr', TO)).toEqual(spec);
    const twoPairs = {
      ...spec,
      circuitPairs: [
        { name: 'primary', ...spec.circuits },
        { name: 'dr', ...spec.circuits },
      ],
    };
    const [primary, dr] = resizedSpec(twoPairs, 'dr', TO).circuitPairs ?? [];
    expect(primary?.bandwidthMbps).toBe(spec.circuits.bandwidthMbps);
    expect(dr).toMatchObject({ bandwidthMbps: 2000, sku: TO.sku });
  });
});

describe('the write journal', () => {
  const entry = (resourceId: string, startedAt: number, endedAt?: number): JournalEntry => ({
    resourceId,
    operation: 'PutExpressRouteCircuitOperation',
    method: 'PUT',
    startedAt,
    ...(endedAt === undefined ? {} : { endedAt }),
    status: endedAt === undefined ? 'InProgress' : 'Succeeded',
  });

  it('finds writes that ran at the same time, not ones that touch', () => {
    const a = [entry('a', 0, 10), entry('a', 30, 40)];
    expect(overlaps(a, [entry('b', 10, 20)], 100)).toEqual([]);
    expect(overlaps(a, [entry('b', 35, 50)], 100)).toEqual([[a[1], entry('b', 35, 50)]]);
    // A write still running runs until now.
    expect(overlaps([entry('a', 0)], [entry('b', 50, 60)], 100)).toHaveLength(1);
  });
});

describe('circuit changes in the rehearsal summary', () => {
  it('reads them from a bandwidth workflow output and says when nothing was written', () => {
    const from = { bandwidthMbps: 1000, sku: { tier: 'Standard', family: 'MeteredData' } };
    const lines = circuitChangesOf({
      status: 'Completed',
      circuits: [
        { leg: 'b', circuitId: '/x/expressRouteCircuits/er-contoso-b', from, to: TO, written: true },
        { leg: 'a', circuitId: '/x/expressRouteCircuits/er-contoso-a', from: TO, to: TO, written: false },
      ],
    });
    expect(lines.map(circuitChangeText)).toEqual([
      'er-contoso-b: 1000 → 2000 Mbps, Standard/MeteredData → Premium/UnlimitedData',
      'er-contoso-a: already 2000 Mbps, Premium/UnlimitedData (nothing written)',
    ]);
    expect(circuitChangesOf({ status: 'Completed', customerId: 'contoso', resources: 23 })).toEqual([]);
  });
});
