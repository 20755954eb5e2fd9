import fc from 'fast-check';
import { AppError } from '../../../shared/errors';
import {
  armIdKey,
  canonicalArmId,
  parseArmId,
  sameArmId,
  subscriptionOfArmId,
  tryParseArmId,
} from '../../../shared/domain/armIds';

const SUBSCRIPTION = 'a1b2c3d4-1111-4e5f-8a9b-0c1d2e3f4a5b';
const CIRCUIT = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-er/providers/Microsoft.Network/expressRouteCircuits/er-contoso-a`;

describe('parseArmId', () => {
  it('splits an id into subscription, group, provider, types and names, keeping their case', () => {
    expect(parseArmId(`${CIRCUIT}/peerings/AzurePrivatePeering`)).toEqual({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg-er',
      provider: 'Microsoft.Network',
      types: ['expressRouteCircuits', 'peerings'],
      names: ['er-contoso-a', 'AzurePrivatePeering'],
    });
  });

  it('reads the literal segments in any case', () => {
    const lower = CIRCUIT.toLowerCase();
    expect(parseArmId(lower)).toMatchObject({ resourceGroup: 'rg-er', names: ['er-contoso-a'] });
    expect(parseArmId(CIRCUIT.replace('resourceGroups', 'RESOURCEGROUPS'))).toMatchObject({ resourceGroup: 'rg-er' });
  });

  it.each([
    ['leading whitespace', ` ${CIRCUIT}`],
    ['trailing whitespace', `${CIRCUIT} `],
    ['a trailing newline', `${CIRCUIT}\n`],
    ['a trailing slash', `${CIRCUIT}/`],
    ['an empty segment', CIRCUIT.replace('/rg-er/', '//')],
    ['a type without a name', `${CIRCUIT}/peerings`],
    ['no providers segment', `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-er`],
    ['plain text', 'er-contoso-a'],
  ])('refuses %s', (_, text) => {
    expect(tryParseArmId(text)).toBeUndefined();
    expect(() => parseArmId(text)).toThrow(AppError);
  });

  it('cuts a huge non-id short in its error message', () => {
    const huge = 'x'.repeat(100_000);
    expect(() => parseArmId(huge)).toThrow(/\(100000 characters\)/);
    try {
      parseArmId(huge);
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(300);
    }
  });
});

describe('canonicalArmId and sameArmId', () => {
  it('gives one form for every spelling of the same id', () => {
    const spellings = [
      CIRCUIT,
      CIRCUIT.toLowerCase(),
      CIRCUIT.toUpperCase(),
      CIRCUIT.replace('resourceGroups', 'resourcegroups').replace('Microsoft.Network', 'microsoft.network'),
    ];
    const canonical = spellings.map(canonicalArmId);
    expect(new Set(canonical)).toEqual(new Set([CIRCUIT.toLowerCase()]));
    for (const spelling of spellings) expect(sameArmId(spelling, CIRCUIT)).toBe(true);
  });

  it('tells different resources apart', () => {
    expect(sameArmId(CIRCUIT, CIRCUIT.replace('er-contoso-a', 'er-contoso-b'))).toBe(false);
    expect(sameArmId(CIRCUIT, `${CIRCUIT}/peerings/AzurePrivatePeering`)).toBe(false);
  });

  it('throws on a non-id, while armIdKey stays total', () => {
    expect(() => canonicalArmId(` ${CIRCUIT}`)).toThrow(AppError);
    expect(armIdKey('Not An Id')).toBe('not an id');
  });

  it('property: re-casing any letters of an id never changes its canonical form', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: CIRCUIT.length, maxLength: CIRCUIT.length }), (upper) => {
        const recased = Array.from(CIRCUIT, (character, index) =>
          upper[index] === true ? character.toUpperCase() : character.toLowerCase(),
        ).join('');
        expect(canonicalArmId(recased)).toBe(canonicalArmId(CIRCUIT));
      }),
      { numRuns: 300 },
    );
  });

  it('subscriptionOfArmId reads the subscription of an id only', () => {
    expect(subscriptionOfArmId(CIRCUIT.replace('subscriptions', 'Subscriptions'))).toBe(SUBSCRIPTION);
    expect(subscriptionOfArmId(` ${CIRCUIT}`)).toBeUndefined();
  });
});
