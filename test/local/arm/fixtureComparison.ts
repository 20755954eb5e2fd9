/**
 * Compares a simulator response with a spec example (test/fixtures/arm-examples): every property name the example
 * shows must be there at the same level, and every extra property name must be one real ARM also returns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ArmExample {
  readonly parameters: Record<string, unknown>;
  readonly responses: Record<string, { readonly body?: unknown; readonly headers?: Record<string, string> }>;
}

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'arm-examples');

export function loadExample(name: string): ArmExample {
  return JSON.parse(readFileSync(join(FIXTURES, `2024-07-01_${name}.json`), 'utf8')) as ArmExample;
}

/**
 * Property names the simulator may add although an example omits them, because ARM returns them:
 *  - `type`: child resources carry it in the GET examples (AuthorizationGet, PeeringGet); the PUT examples omit it.
 *  - `etag`: every Network resource has one (most examples show it; RouteTable/NSG/rule examples omit it).
 *  - `resourceGuid`: route tables, NSGs, VNets and gateways have one (shown in the gateway and connection examples).
 *  - `gatewayManagerEtag`: on every circuit (shown in ExpressRouteCircuitListBySubscription).
 *  - `tags`: when the request sent tags.
 *  - `allowGlobalReach`, `globalReachEnabled`, `stag` (circuits), `authorizationKey` (an authorization's 201),
 *    `connections`, `peeredConnections` (peerings): recorded from real Azure (test/fixtures/recordings).
 */
export const ARM_EXTRA_KEYS: ReadonlySet<string> = new Set([
  'type',
  'etag',
  'resourceGuid',
  'gatewayManagerEtag',
  'tags',
  'allowGlobalReach',
  'globalReachEnabled',
  'stag',
  'authorizationKey',
  'connections',
  'peeredConnections',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface KeyComparisonOptions {
  /** Extra names allowed anywhere (on top of ARM_EXTRA_KEYS). */
  readonly extraKeys?: readonly string[];
  /** Dotted paths (from the body root, `[]` for array items) the simulator does not produce, with the reason. */
  readonly missingAllowed?: readonly string[];
}

/** Differences as readable lines: `missing properties.serviceKey`, `extra properties.foo`. */
export function compareKeys(
  example: unknown,
  actual: unknown,
  options: KeyComparisonOptions = {},
  path = '',
): string[] {
  const extras = new Set([...ARM_EXTRA_KEYS, ...(options.extraKeys ?? [])]);
  const missingAllowed = new Set(options.missingAllowed ?? []);
  if (Array.isArray(example)) {
    if (!Array.isArray(actual)) return [`${path || '(root)'} is not an array`];
    const [exampleItem] = example;
    const [actualItem] = actual;
    if (exampleItem === undefined || actualItem === undefined) return [];
    return example.flatMap((item, index) => compareKeys(item, actual[index] ?? actualItem, options, `${path}[]`));
  }
  if (!isObject(example)) return [];
  if (!isObject(actual)) return [`${path || '(root)'} is not an object`];
  const problems: string[] = [];
  for (const key of Object.keys(example)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    if (!(key in actual)) {
      if (!missingAllowed.has(childPath)) problems.push(`missing ${childPath}`);
      continue;
    }
    problems.push(...compareKeys(example[key], actual[key], options, childPath));
  }
  for (const key of Object.keys(actual)) {
    if (!(key in example) && !extras.has(key)) problems.push(`extra ${path === '' ? key : `${path}.${key}`}`);
  }
  return [...new Set(problems)];
}
