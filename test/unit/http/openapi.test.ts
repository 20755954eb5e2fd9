/**
 * docs/openapi.yaml against what it describes: the generated document (schemas, operations), and the HTTP routes the
 * app really registers (captured from functions/*.ts as the Functions host loads them). A route added, removed or
 * changed without its `API_OPERATIONS` entry and a regenerated document fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import type {
  CustomerViewSchema,
  RequestStatusSchema,
  SignalResultSchema,
  WhatIfResultSchema,
} from '../../../functions/http/apiSchemas';
import {
  API_OPERATIONS,
  buildOpenApiDocument,
  openApiComponentSchemas,
  type ApiOperation,
} from '../../../functions/http/openapi';
import { OPENAPI_DOCUMENT_FILE } from '../../../local/cli/commands/openapi';
import { parseOpenApiYaml, REGENERATE_OPENAPI_COMMAND, renderOpenApiYaml } from '../../../local/cli/openApiYaml';
import { captureRegistrations } from '../../../local/functionsHost';
import type { SignalOutcome } from '../../../shared/services/requestEvents';
import type { RequestStatusView } from '../../../shared/services/requestStatus';
import type { CustomerView } from '../../../shared/services/customerTopology';
import type { WhatIfResult } from '../../../shared/services/whatIf';

type Json = Record<string, unknown>;

const FUNCTIONS_DIR = join(__dirname, '../../../functions');
const documentOnDisk = parseOpenApiYaml(readFileSync(OPENAPI_DOCUMENT_FILE, 'utf8')) as Json;

/** One registered route: `GET customers/{customerId} (customer)`. */
interface RegisteredRoute {
  readonly functionName: string;
  readonly method: string;
  readonly route: string;
}

/** Every HTTP route of functions/*.ts, captured as the host loads them. */
async function registeredRoutes(): Promise<RegisteredRoute[]> {
  const registry = await captureRegistrations(() => {
    for (const file of readdirSync(FUNCTIONS_DIR)
      .filter((name) => name.endsWith('.ts'))
      .sort()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the host loads each trigger module by path, inside the capture
      require(join(FUNCTIONS_DIR, file));
    }
  });
  return registry.list('http').flatMap((registration) => {
    const trigger = registration.trigger as { route?: string; methods?: string[] };
    return (trigger.methods ?? []).map((method) => ({
      functionName: registration.name,
      method: method.toUpperCase(),
      route: trigger.route ?? registration.name,
    }));
  });
}

const label = (route: RegisteredRoute) => `${route.method} /api/${route.route} (${route.functionName})`;

/** Routes registered without an operation, and operations without a registered route. */
function routeDrift(registered: readonly RegisteredRoute[], operations: readonly ApiOperation[]): string[] {
  const documented = operations.map((operation) => label(operation));
  const served = registered.map(label);
  return [
    ...served.filter((line) => !documented.includes(line)).map((line) => `${line} is registered but not documented`),
    ...documented.filter((line) => !served.includes(line)).map((line) => `${line} is documented but not registered`),
  ];
}

function sectionDrift(documentGiven: Json, generatedGiven: Json): string[] {
  // As plain JSON: what a YAML file can hold (no prototypes, no undefined).
  const document = JSON.parse(JSON.stringify(documentGiven)) as Json;
  const generated = JSON.parse(JSON.stringify(generatedGiven)) as Json;
  const drift: string[] = [];
  const paths = { ...(document.paths as Json | undefined), ...(generated.paths as Json) };
  for (const path of Object.keys(paths)) {
    if (!isDeepStrictEqual((document.paths as Json | undefined)?.[path], (generated.paths as Json)[path])) {
      drift.push(`paths["${path}"] differs`);
    }
  }
  const schemas = (document.components as { schemas?: Json } | undefined)?.schemas ?? {};
  const wanted = (generated.components as { schemas: Json }).schemas;
  for (const name of new Set([...Object.keys(schemas), ...Object.keys(wanted)])) {
    if (!isDeepStrictEqual(schemas[name], wanted[name])) drift.push(`components.schemas["${name}"] differs`);
  }
  for (const section of new Set([...Object.keys(document), ...Object.keys(generated)])) {
    if (section === 'paths' || section === 'components') continue;
    if (!isDeepStrictEqual(document[section], generated[section])) drift.push(`${section} differs`);
  }
  return drift;
}

function assertInSync(drift: readonly string[]): void {
  if (drift.length === 0) return;
  throw new Error(
    `docs/openapi.yaml has drifted from the HTTP API:\n  ${drift.join('\n  ')}\n` +
      `Add the route to API_OPERATIONS (functions/http/openapi.ts) and regenerate: ${REGENERATE_OPENAPI_COMMAND}`,
  );
}

function resolvePointer(document: Json, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, segment) => (node as Json | undefined)?.[segment], document);
}

function refsIn(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(refsIn);
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [child] : refsIn(child),
  );
}

/** Compile-time: what the services answer fits the documented schema (arrays read-only on our side). */
type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
type Fits<Actual, Schema extends z.ZodType> = (value: Actual) => DeepReadonly<z.input<Schema>>;
type SignalledBody = Omit<Extract<SignalOutcome, { kind: 'signalled' }>, 'kind'> & { readonly id: string };
const answersFitTheirSchemas: [
  Fits<RequestStatusView, typeof RequestStatusSchema>,
  Fits<SignalledBody, typeof SignalResultSchema>,
  Fits<WhatIfResult, typeof WhatIfResultSchema>,
  Fits<CustomerView, typeof CustomerViewSchema>,
] = [(value) => value, (value) => value, (value) => value, (value) => value];

describe('docs/openapi.yaml', () => {
  let registered: RegisteredRoute[];
  beforeAll(async () => {
    registered = await registeredRoutes();
  });

  it('documents exactly the HTTP routes the app registers (function, method, route)', () => {
    expect(registered.length).toBeGreaterThanOrEqual(6);
    assertInSync(routeDrift(registered, API_OPERATIONS));
  });

  it('is exactly the generated document (paths, schemas, info)', () => {
    assertInSync(sectionDrift(documentOnDisk, buildOpenApiDocument()));
  });

  it('the drift checks fail, naming the route or schema and the fix, when a route or a schema changes', () => {
    const newRoute = { functionName: 'compliance', method: 'GET', route: 'customers/{customerId}/compliance' };
    expect(() => {
      assertInSync(routeDrift([...registered, newRoute], API_OPERATIONS));
    }).toThrow(
      /GET \/api\/customers\/\{customerId\}\/compliance \(compliance\) is registered but not documented[\s\S]*openapi --write/,
    );
    const [first] = API_OPERATIONS;
    if (first === undefined) throw new Error('no operations');
    const moved = API_OPERATIONS.map((operation) =>
      operation === first ? { ...first, route: `${first.route}/v2` } : operation,
    );
    expect(routeDrift(registered, moved)).toEqual([
      `${label(first)} is registered but not documented`,
      `${label({ ...first, route: `${first.route}/v2` })} is documented but not registered`,
    ]);

    const generated = buildOpenApiDocument();
    const stale = structuredClone(generated);
    const schemas = (stale.components as { schemas: Record<string, Json> }).schemas;
    const status = schemas.RequestStatus;
    if (status === undefined) throw new Error('no RequestStatus schema');
    (status.properties as Json).phase = { type: 'integer' };
    expect(sectionDrift(stale, generated)).toEqual(['components.schemas["RequestStatus"] differs']);
  });

  it('is OpenAPI 3.1 whose references all resolve, with a problem+json answer for every documented error', () => {
    expect(documentOnDisk.openapi).toBe('3.1.0');
    const refs = refsIn(documentOnDisk);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect([ref, resolvePointer(documentOnDisk, ref) !== undefined]).toEqual([ref, true]);
    for (const operation of API_OPERATIONS) {
      const path = (documentOnDisk.paths as Record<string, Record<string, Json>>)[`/${operation.route}`];
      const responses = path?.[operation.method.toLowerCase()]?.responses as Record<string, Json>;
      for (const status of [...Object.keys(operation.problems), '500']) {
        expect([operation.operationId, status, Object.keys(responses[status]?.content as Json)]).toEqual([
          operation.operationId,
          status,
          ['application/problem+json'],
        ]);
      }
    }
    expect(Object.keys(openApiComponentSchemas())).toEqual(
      expect.arrayContaining(['Problem', 'FieldError', 'RequestStatus', 'CustomersPage', 'ProblemType']),
    );
    expect(answersFitTheirSchemas).toHaveLength(4);
  });

  it('round-trips through the YAML rendering unchanged', () => {
    const document = buildOpenApiDocument();
    expect(parseOpenApiYaml(renderOpenApiYaml(document))).toEqual(document);
  });
});
