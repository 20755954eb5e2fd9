/**
 * fast-check arbitraries of request messages that must be refused, as the text that arrives on a queue: truncated
 * JSON, wrong types, missing fields, off-ladder bandwidths, wrong CloudEvents versions, unknown attributes, and
 * arbitrary JSON values. Each is built from a valid request (onboarding, bandwidth change, decommission) with a
 * distinct id, so that a refusal is recorded under its own id when the id survives.
 */
import fc from 'fast-check';
import { BANDWIDTH_LADDER_MBPS } from '../../shared/domain/rules';
import { asFabrikam, withNewGateways } from './onboardingScenarios';
import { bandwidthEvent, decommissionEvent, onboardingEvent, type CloudEventJson } from './requestCloudEvents';
import { validConnectThroughSpec, validConnectToSpec } from './specs';

type Json = unknown;

const validRequest: fc.Arbitrary<CloudEventJson> = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.nat({ max: 999_999_999 }))
  .map(([kind, n]) => {
    const id = `fuzz-${n}`;
    switch (kind) {
      case 0:
        return onboardingEvent(id, withNewGateways(validConnectThroughSpec()));
      case 1:
        return onboardingEvent(id, asFabrikam(validConnectToSpec()));
      case 2:
        return bandwidthEvent(id);
      case 3:
        return bandwidthEvent(id, { sku: { tier: 'Premium', family: 'MeteredData' } });
      default:
        return decommissionEvent(id);
    }
  });

/** Paths (dotted, `[n]` for array items) that every request, or every request of one type, requires. */
const REQUIRED_PATHS = [
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'data',
  'data.customer',
  'data.customer.id',
  'data.customer.tenantId',
  'data.customer.subscriptions',
  'data.customer.model',
  'data.circuits',
  'data.circuits.subscriptionId',
  'data.circuits.peeringLocations',
  'data.circuits.bandwidthMbps',
  'data.circuits.sku.tier',
  'data.circuits.privatePeering.peerAsn',
  'data.circuits.privatePeering.legs[1].vlanId',
  'data.vnetLinks[0].vnetId',
  'data.customerId',
  'data.bandwidthMbps',
  'data.confirmCustomerId',
  'data.reason',
  'data.approvedBy',
];

function segments(path: string): (string | number)[] {
  return path.split(/\.|(?=\[)/).map((part) => (part.startsWith('[') ? Number(part.slice(1, -1)) : part));
}

function clone(value: CloudEventJson): Record<string, Json> {
  return JSON.parse(JSON.stringify(value)) as Record<string, Json>;
}

/** The parent object or array of `path`, and the last key, when the path exists in `root`. */
function locate(
  root: Record<string, Json>,
  path: string,
): { parent: Record<string | number, Json>; key: string | number } | undefined {
  const keys = segments(path);
  let current: Json = root;
  for (const key of keys.slice(0, -1)) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, Json>)[key];
  }
  const key = keys[keys.length - 1];
  if (typeof current !== 'object' || current === null || key === undefined) return undefined;
  const parent = current as Record<string | number, Json>;
  return key in parent ? { parent, key } : undefined;
}

function withChange(change: (event: Record<string, Json>) => boolean): fc.Arbitrary<Record<string, Json>> {
  return validRequest.map(clone).filter((event) => change(event));
}

const missingField = fc.constantFrom(...REQUIRED_PATHS).chain((path) =>
  withChange((event) => {
    const found = locate(event, path);
    if (found === undefined) return false;
    if (Array.isArray(found.parent)) found.parent.splice(Number(found.key), 1);
    else Reflect.deleteProperty(found.parent, found.key);
    return true;
  }),
);

/** A value of another JSON type than the one it replaces. */
function otherType(value: Json): fc.Arbitrary<Json> {
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const options: fc.Arbitrary<Json>[] = [
    ...(kind === 'string' ? [] : [fc.string({ maxLength: 12 })]),
    ...(kind === 'number' ? [] : [fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))]),
    ...(kind === 'boolean' ? [] : [fc.boolean()]),
    ...(kind === 'array' ? [] : [fc.array(fc.integer(), { maxLength: 3 })]),
    ...(kind === 'object' ? [] : [fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 })]),
    fc.constant(null),
  ];
  return fc.oneof(...options);
}

const wrongType = fc
  .tuple(validRequest.map(clone), fc.constantFrom(...REQUIRED_PATHS))
  .filter(([event, path]) => locate(event, path) !== undefined)
  .chain(([event, path]) => {
    const found = locate(event, path);
    if (found === undefined) return fc.constant(event);
    return otherType(found.parent[found.key]).map((replacement) => {
      found.parent[found.key] = replacement;
      return event;
    });
  });

const offLadder = fc
  .tuple(
    validRequest.map(clone),
    fc.integer({ min: 1, max: 200_000 }).filter((mbps) => !(BANDWIDTH_LADDER_MBPS as readonly number[]).includes(mbps)),
  )
  .filter(
    ([event]) =>
      locate(event, 'data.circuits.bandwidthMbps') !== undefined || locate(event, 'data.bandwidthMbps') !== undefined,
  )
  .map(([event, mbps]) => {
    const found = locate(event, 'data.circuits.bandwidthMbps') ?? locate(event, 'data.bandwidthMbps');
    if (found !== undefined) found.parent[found.key] = mbps;
    return event;
  });

const wrongSpecVersion = fc
  .tuple(
    validRequest.map(clone),
    fc.oneof(
      fc.constantFrom('0.3', '1', '1.0.0', '2.0', ''),
      fc.string({ maxLength: 6 }).filter((v) => v !== '1.0'),
      fc.integer(),
    ),
  )
  .map(([event, version]) => ({ ...event, specversion: version }));

const unknownAttribute = fc
  .tuple(validRequest.map(clone), fc.constantFrom('subjet', 'datacontentype', 'Id', 'priority', 'data_base64'))
  .map(([event, attribute]) => ({ ...event, [attribute]: 'x' }));

/** A JSON value with no request type this app knows (an arbitrary `type` string would not be one). */
const arbitraryJson = fc.jsonValue({ maxDepth: 3 });

const truncatedText = validRequest
  .map((event) => JSON.stringify(event))
  .chain((text) => fc.integer({ min: 0, max: text.length - 1 }).map((length) => text.slice(0, length)));

const binaryLookingText = fc.string({ maxLength: 40 }).filter((text) => {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
});

/** The text of a message that must be refused. */
export function malformedRequestBodies(): fc.Arbitrary<string> {
  return fc.oneof(
    truncatedText,
    binaryLookingText,
    missingField.map((event) => JSON.stringify(event)),
    wrongType.map((event) => JSON.stringify(event)),
    offLadder.map((event) => JSON.stringify(event)),
    wrongSpecVersion.map((event) => JSON.stringify(event)),
    unknownAttribute.map((event) => JSON.stringify(event)),
    arbitraryJson.map((value) => JSON.stringify(value)),
  );
}
