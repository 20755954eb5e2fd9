/**
 * The provider-catalogue rules: provider known, both peering locations among the provider's, bandwidth sold. Each
 * finding names the field path and a stable rule id; the shipped catalogue answers through the same port.
 */
import { ShippedProviderOffers } from '../../../shared/adapters/catalogue/shippedProviderOffers';
import { SHIPPED_PROVIDER_CATALOGUE } from '../../../shared/domain/providerCatalogue';
import { providerOfferIssues, type OfferedByProvider } from '../../../shared/domain/providerOffers';
import type { CustomerSpec } from '../../../shared/domain/spec';
import { validConnectThroughSpec } from '../../support/specs';

const OFFERS: readonly OfferedByProvider[] = [
  { name: 'Equinix', peeringLocations: ['Amsterdam', 'Amsterdam2', 'London'], bandwidthsMbps: [1000, 10000] },
  { name: 'Colt', peeringLocations: ['Amsterdam'], bandwidthsMbps: [] },
];

function withCircuits(change: Partial<CustomerSpec['circuits']>): CustomerSpec {
  const spec = validConnectThroughSpec();
  return { ...spec, circuits: { ...spec.circuits, ...change } };
}

describe('providerOfferIssues', () => {
  it('accepts a provider, locations and bandwidth the provider sells, matching names as Azure does', () => {
    expect(
      providerOfferIssues(
        withCircuits({ provider: 'equinix', peeringLocations: [' amsterdam', 'LONDON'] }),
        OFFERS,
        'x',
      ),
    ).toEqual([]);
  });

  it('names an unknown provider at its path, with the known ones', () => {
    const issues = providerOfferIssues(withCircuits({ provider: 'Acme Fibre' }), OFFERS, 'the test list');
    expect(issues).toEqual([
      {
        path: 'circuits.provider',
        rule: 'provider.known',
        message: '"Acme Fibre" is not a connectivity provider in the test list; known: Equinix, Colt',
      },
    ]);
  });

  it('names each peering location and the bandwidth the provider does not offer', () => {
    const issues = providerOfferIssues(
      withCircuits({ peeringLocations: ['Amsterdam', 'Dublin2'], bandwidthMbps: 2000 }),
      OFFERS,
      'x',
    );
    expect(issues.map((issue) => [issue.path, issue.rule])).toEqual([
      ['circuits.peeringLocations[1]', 'provider.peering-location-offered'],
      ['circuits.bandwidthMbps', 'provider.bandwidth-offered'],
    ]);
    expect(issues[1]?.message).toBe('Equinix does not sell 2000 Mbps in x; offered: 1000, 10000 Mbps');
  });

  it('leaves the bandwidth alone when the provider lists none', () => {
    expect(
      providerOfferIssues(
        withCircuits({ provider: 'Colt', peeringLocations: ['Amsterdam', 'Amsterdam'] }),
        OFFERS,
        'x',
      ),
    ).toEqual([]);
  });

  it('checks every named pair at its own path', () => {
    const { circuits, ...rest } = validConnectThroughSpec();
    const spec: CustomerSpec = {
      ...rest,
      circuits,
      circuitPairs: [
        { ...circuits, name: 'primary' },
        { ...circuits, name: 'dr', provider: 'Nobody' },
      ],
    };
    expect(providerOfferIssues(spec, OFFERS, 'x').map((issue) => issue.path)).toEqual(['circuitPairs[1].provider']);
  });

  it('ships a dated catalogue, served through the ProviderOffers port, that the sample requests pass', async () => {
    expect(SHIPPED_PROVIDER_CATALOGUE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const offers = await new ShippedProviderOffers().list();
    expect(offers.map((offer) => offer.name)).toContain('Equinix');
    expect(providerOfferIssues(validConnectThroughSpec(), offers, 'x')).toEqual([]);
  });
});
