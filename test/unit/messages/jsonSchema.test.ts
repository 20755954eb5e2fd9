import { BANDWIDTH_LADDER_MBPS } from '../../../shared/domain/rules';
import {
  BANDWIDTH_CHANGE_REQUESTED,
  DECOMMISSION_REQUESTED,
  ONBOARDING_REQUESTED,
  OUTBOUND_EVENT_TYPES,
  REQUEST_EVENT_TYPES,
  outboundEventJsonSchemas,
  requestEventJsonSchemas,
  type JsonSchema,
} from '../../../shared/messages';

const ENVELOPE_REQUIRED = ['specversion', 'id', 'source', 'type', 'subject', 'time', 'data'];

function at(schema: JsonSchema, ...path: string[]): JsonSchema {
  let current: unknown = schema;
  for (const key of path) current = (current as Record<string, unknown>)[key];
  if (typeof current !== 'object' || current === null) throw new Error(`nothing at ${path.join('.')}`);
  return current as JsonSchema;
}

/** Every `pattern` in a schema, with where it is. */
function patterns(value: unknown, path = ''): [string, string][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]): [string, string][] =>
    key === 'pattern' && typeof child === 'string' ? [[path, child]] : patterns(child, `${path}/${key}`),
  );
}

describe('requestEventJsonSchemas', () => {
  const schemas = requestEventJsonSchemas();

  it('has one draft-07 schema per request type, with the whole CloudEvents envelope', () => {
    expect(Object.keys(schemas).sort()).toEqual([...REQUEST_EVENT_TYPES].sort());
    for (const type of REQUEST_EVENT_TYPES) {
      const schema = schemas[type];
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(schema.required).toEqual(expect.arrayContaining(ENVELOPE_REQUIRED));
      expect(schema.additionalProperties).toBe(false);
      expect(at(schema, 'properties', 'type').const).toBe(type);
      expect(at(schema, 'properties', 'specversion').const).toBe('1.0');
      expect(at(schema, 'properties', 'source').format).toBe('uri-reference');
      expect(at(schema, 'properties', 'time').format).toBe('date-time');
    }
  });

  it('describes the onboarding data as the customer spec, as a producer writes it (defaults optional)', () => {
    const data = at(schemas[ONBOARDING_REQUESTED], 'properties', 'data');
    expect(data.required).toEqual(['customer']);
    // Either shape: one pair (`circuits`) or named pairs (`circuitPairs`), exactly one of them.
    expect(data.oneOf).toEqual([{ required: ['circuits'] }, { required: ['circuitPairs'] }]);
    expect(Object.keys(at(data, 'properties'))).toEqual(
      expect.arrayContaining([
        'customer',
        'circuits',
        'circuitPairs',
        'vnetLinks',
        'routeTables',
        'networkSecurityGroups',
      ]),
    );
    const pair = at(data, 'properties', 'circuitPairs', 'items');
    expect(pair.required).toEqual(expect.arrayContaining(['name', 'provider', 'peeringLocations', 'bandwidthMbps']));
    expect(pair.required).not.toContain('subscriptionId');
    expect(pair.required).not.toContain('privatePeering');
  });

  it('lists the bandwidth ladder and pins deleteSharedResources to false', () => {
    const bandwidth = at(schemas[BANDWIDTH_CHANGE_REQUESTED], 'properties', 'data', 'properties', 'bandwidthMbps');
    expect(bandwidth.enum).toEqual([...BANDWIDTH_LADDER_MBPS]);
    const decommission = at(schemas[DECOMMISSION_REQUESTED], 'properties', 'data');
    expect(decommission.required).toEqual(['customerId', 'confirmCustomerId', 'reason', 'approvedBy']);
    expect(at(decommission, 'properties', 'deleteSharedResources').const).toBe(false);
    expect(at(decommission, 'properties', 'reason').minLength).toBe(10);
  });

  it('uses patterns that a JavaScript (ECMA-262) validator can compile, and that agree with the parser', () => {
    for (const type of REQUEST_EVENT_TYPES) {
      for (const [path, pattern] of patterns(schemas[type])) {
        expect(() => new RegExp(pattern, 'u')).not.toThrow(`${type}${path}`);
      }
    }
    const id = new RegExp(String(at(schemas[ONBOARDING_REQUESTED], 'properties', 'id').pattern), 'u');
    expect(id.test('crm-req-20260302-0001')).toBe(true);
    expect(id.test('has space')).toBe(false);
    const source = new RegExp(String(at(schemas[ONBOARDING_REQUESTED], 'properties', 'source').pattern), 'u');
    expect(['https://crm.csp.example/er', '/crm/er', 'urn:csp:crm'].every((s) => source.test(s))).toBe(true);
    expect(['not a uri', '1http://x'].some((s) => source.test(s))).toBe(false);
  });
});

describe('outboundEventJsonSchemas', () => {
  it('has one envelope schema per outbound event type, with data any object', () => {
    const schemas = outboundEventJsonSchemas();
    expect(Object.keys(schemas)).toEqual(OUTBOUND_EVENT_TYPES);
    for (const type of OUTBOUND_EVENT_TYPES) {
      const schema = schemas[type];
      expect(at(schema, 'properties', 'type').const).toBe(type);
      expect(at(schema, 'properties', 'data').type).toBe('object');
      expect(schema.required).toEqual(expect.arrayContaining(ENVELOPE_REQUIRED));
    }
  });
});
