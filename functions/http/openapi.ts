/**
 * The OpenAPI 3.1 description of the app's HTTP API, built from the same zod schemas the handlers use: request bodies
 * are the message contract's CloudEvent schemas (shared/messages), queries and answers are `apiSchemas.ts`, and the
 * problem types are the app's error codes (`problemTypeFor`). `docs/openapi.yaml` is this document serialized
 * (`ercsp openapi --write`); a test fails when the two drift apart, and when a registered HTTP route (function name,
 * route, method) has no entry in `API_OPERATIONS` or an entry has no registered route. Pure: builds an object.
 */
import { z } from 'zod';
import { REQUEST_EVENT_SCHEMAS } from '../../shared/messages/requests';
import { REQUEST_EVENT_TYPES } from '../../shared/messages/eventTypes';
import {
  FindingsQuerySchema,
  FindingsResponseSchema,
  StartSweepRequestSchema,
  SweepAcceptedSchema,
  SweepIdSchema,
  SweepReportSchema,
} from '../../shared/messages/compliance';
import { MAX_BODY_BYTES } from '../../shared/services/jsonText';
import {
  CustomersPageSchema,
  CustomersQuerySchema,
  CustomerViewSchema,
  EVENT_NAMES,
  EventBodySchema,
  ProblemSchema,
  RequestReceiptSchema,
  RequestStatusSchema,
  SignalResultSchema,
  WhatIfResultSchema,
} from './apiSchemas';
import { PROBLEM_CONTENT_TYPE, problemTypeFor } from './problemDetails';

/** Where the document lives, relative to the repository root. */
export const OPENAPI_DOCUMENT_PATH = 'docs/openapi.yaml';
/** Version of the HTTP contract (bump on a breaking change). */
export const HTTP_API_VERSION = '1.0.0';
/** host.json `extensions.http.routePrefix`. */
export const API_ROUTE_PREFIX = 'api';

export type OpenApiDocument = Record<string, unknown>;
type Json = Record<string, unknown>;

type HttpMethod = 'GET' | 'POST';

interface ParameterSpec {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly description: string;
  readonly schema: Json;
  readonly required?: boolean;
}

interface SuccessSpec {
  readonly description: string;
  /** A component schema id, or inline content by media type. */
  readonly schema?: string;
  readonly content?: Readonly<Record<string, Json>>;
  readonly headers?: Json;
}

/** One operation: the function that serves it (as registered), and what it takes and answers. */
export interface ApiOperation {
  /** The registered function's name (`app.http(name, …)`). */
  readonly functionName: string;
  readonly method: HttpMethod;
  /** The route as registered, without the `api/` prefix, e.g. `requests/{id}`. */
  readonly route: string;
  readonly operationId: string;
  readonly tag: 'requests' | 'customers' | 'plan' | 'compliance';
  readonly summary: string;
  readonly description: string;
  readonly parameters?: readonly ParameterSpec[];
  readonly requestBody?: { readonly description: string; readonly required: boolean; readonly content: Json };
  readonly success: Readonly<Record<number, SuccessSpec>>;
  /** The problems each error status can carry, by the app's error code (`about:blank` when none). */
  readonly problems: Readonly<Record<number, readonly string[]>>;
}

const REQUEST_EVENT_REFS = REQUEST_EVENT_TYPES.map((type) => ({ $ref: `#/components/schemas/${type}` }));
const CLOUD_EVENT_BODY = {
  description:
    'A request CloudEvent 1.0 in structured mode (the same contract as the Service Bus queues, docs/asyncapi.yaml). ' +
    `At most ${String(MAX_BODY_BYTES)} bytes.`,
  required: true,
  content: Object.fromEntries(
    ['application/cloudevents+json', 'application/json'].map((type) => [
      type,
      { schema: { oneOf: REQUEST_EVENT_REFS } },
    ]),
  ),
};

const REQUEST_ID: ParameterSpec = {
  name: 'id',
  in: 'path',
  description: 'The request id (the CloudEvent `id`): 1-128 characters of `A-Za-z0-9._:-`.',
  schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' },
};
const CUSTOMER_ID: ParameterSpec = {
  name: 'customerId',
  in: 'path',
  description: 'The customer id: 3-24 characters of a-z, 0-9 and "-".',
  schema: { type: 'string', minLength: 3, maxLength: 24, pattern: '^[a-z0-9-]+$' },
};
/** Every body-reading route can answer these. */
const BODY_PROBLEMS = { 413: ['PayloadTooLarge'], 415: ['UnsupportedMediaType'] } as const;

export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    functionName: 'submitRequest',
    method: 'POST',
    route: 'requests',
    operationId: 'submitRequest',
    tag: 'requests',
    summary: 'Submit a request',
    description:
      'The same intake as the Service Bus queues: validated, checked against the CSP and customer scopes, recorded, ' +
      'and its workflow started once per request id. A retry of the same body answers 200 and starts nothing.',
    requestBody: CLOUD_EVENT_BODY,
    success: {
      202: {
        description: 'Accepted: the workflow was started.',
        schema: 'RequestReceipt',
        headers: { Location: { description: 'GET /api/requests/{id}', schema: { type: 'string' } } },
      },
      200: {
        description: 'Already received under this id with the same body: nothing new started.',
        schema: 'RequestReceipt',
      },
    },
    problems: {
      400: ['ValidationFailed', 'UnsupportedRequestType'],
      403: ['ScopeViolation'],
      404: ['UnknownCustomer'],
      409: ['RequestIdConflict'],
      ...BODY_PROBLEMS,
    },
  },
  {
    functionName: 'requestStatus',
    method: 'GET',
    route: 'requests/{id}',
    operationId: 'getRequestStatus',
    tag: 'requests',
    summary: 'One request as an operator sees it',
    description:
      "The ledger's record, the workflow's runtime status and phase, its result or error, each step's checkpoint, and " +
      "each leg's provider wait with the state it last read from Azure.",
    parameters: [REQUEST_ID],
    success: { 200: { description: 'The request.', schema: 'RequestStatus' } },
    problems: { 404: ['RequestNotFound'] },
  },
  {
    functionName: 'requestEvents',
    method: 'POST',
    route: 'requests/{id}/events/{name}',
    operationId: 'raiseRequestEvent',
    tag: 'requests',
    summary: 'Raise an event on a request',
    description:
      '`ProviderProvisioned` and `ProviderDeprovisioned` go to the provider waits of both legs (or of `leg`): the ' +
      'waits read Azure at once and keep waiting unless Azure agrees. `Approval` (naming `approvedBy` and the ' +
      "`planDigest` approved) and `Rejection` (naming `rejectedBy`) go to the request's own workflow, with the " +
      'authenticated caller recorded as `sentBy`. An instance that is not waiting is reported in `targets`, not as ' +
      'an error.',
    parameters: [
      REQUEST_ID,
      { name: 'name', in: 'path', description: 'The event.', schema: { type: 'string', enum: [...EVENT_NAMES] } },
    ],
    requestBody: {
      description: 'Optional JSON object.',
      required: false,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/EventBody' } } },
    },
    success: { 202: { description: 'What was signalled.', schema: 'SignalResult' } },
    problems: { 400: ['ValidationFailed'], 404: ['RequestNotFound'], ...BODY_PROBLEMS },
  },
  {
    functionName: 'plan',
    method: 'POST',
    route: 'plan',
    operationId: 'planRequest',
    tag: 'plan',
    summary: 'What a request would change (what-if)',
    description:
      'Validates the request and reads what Azure holds (GETs only); nothing is created, changed or deleted.',
    requestBody: CLOUD_EVENT_BODY,
    success: { 200: { description: 'The changes and the plan that would run.', schema: 'WhatIfResult' } },
    problems: {
      400: ['ValidationFailed'],
      403: ['ScopeViolation'],
      422: ['UnknownCustomer', 'ChangeRefused', 'MigrationNotPlanned', 'PairIncomplete'],
      ...BODY_PROBLEMS,
    },
  },
  {
    functionName: 'customers',
    method: 'GET',
    route: 'customers',
    operationId: 'listCustomers',
    tag: 'customers',
    summary: 'The fleet, one page at a time',
    description:
      'Registry entries in customer id order, optionally of one status; follow `continuationToken` for the next page.',
    parameters: queryParameters(CustomersQuerySchema),
    success: { 200: { description: 'One page of customers.', schema: 'CustomersPage' } },
    problems: { 400: ['ValidationFailed'] },
  },
  {
    functionName: 'customer',
    method: 'GET',
    route: 'customers/{customerId}',
    operationId: 'getCustomer',
    tag: 'customers',
    summary: "One customer's registry entry, topology and diagram",
    description: 'Reads Azure: every resource of the customer with its ARM id and state (never a key of any sort).',
    parameters: [
      CUSTOMER_ID,
      {
        name: 'format',
        in: 'query',
        description: '`mermaid`: the diagram alone, as text/plain.',
        schema: { type: 'string', enum: ['json', 'mermaid'], default: 'json' },
        required: false,
      },
    ],
    success: {
      200: {
        description: 'The customer (JSON), or its Mermaid diagram (`?format=mermaid`).',
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/CustomerView' } },
          'text/plain': { schema: { type: 'string' } },
        },
      },
    },
    problems: { 400: ['ValidationFailed'], 404: ['CustomerNotFound'] },
  },
  {
    functionName: 'complianceStartSweep',
    method: 'POST',
    route: 'compliance/sweeps',
    operationId: 'startComplianceSweep',
    tag: 'compliance',
    summary: 'Start a compliance sweep now',
    description:
      'Sweeps every Active customer: findings from Resource Graph (ARM reads only for customers with findings), safe ' +
      "drift repaired under the customer's lease, destructive drift reported (docs/compliance.md).",
    requestBody: {
      description: 'Optional; a JSON object.',
      required: false,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/StartSweepRequest' } } },
    },
    success: {
      202: {
        description: 'Started.',
        schema: 'SweepAccepted',
        headers: { Location: { description: 'GET /api/compliance/sweeps/{sweepId}', schema: { type: 'string' } } },
      },
    },
    problems: { 400: ['ValidationFailed'], 409: ['SweepAlreadyExists', 'SweepAlreadyRunning'] },
  },
  {
    functionName: 'complianceSweepReport',
    method: 'GET',
    route: 'compliance/sweeps/{sweepId}',
    operationId: 'getComplianceSweep',
    tag: 'compliance',
    summary: "A sweep's report",
    description: 'Its status, counts by finding code, repairs and drift events.',
    parameters: [
      { name: 'sweepId', in: 'path', description: 'The sweep id.', schema: toSchema(SweepIdSchema, 'input') },
    ],
    success: { 200: { description: 'The report.', schema: 'SweepReport' } },
    problems: { 400: ['ValidationFailed'], 404: ['SweepNotFound'] },
  },
  {
    functionName: 'complianceFindings',
    method: 'GET',
    route: 'compliance/findings',
    operationId: 'listComplianceFindings',
    tag: 'compliance',
    summary: "A customer's open findings",
    description: 'Most severe first.',
    parameters: queryParameters(FindingsQuerySchema),
    success: { 200: { description: 'The open findings.', schema: 'FindingsResponse' } },
    problems: { 400: ['ValidationFailed'], 404: ['CustomerNotFound'] },
  },
];

/** Statuses every route may answer: no key (the host's 401, without a body), and the app's 500 and 503. */
const COMMON_RESPONSES: Json = {
  401: { description: 'No function key, or a wrong one (`?code=` or `x-functions-key`); no body.' },
  500: problemResponse('An internal error; the detail never carries internals.', []),
  503: problemResponse('A dependency is unavailable; retry after `Retry-After` seconds.', ['Unavailable']),
};

function problemResponse(description: string, codes: readonly string[]): Json {
  const types = codes.length === 0 ? ['about:blank'] : codes.map(problemTypeFor);
  return {
    description: `${description} Problem types: ${types.map((type) => `\`${type}\``).join(', ')}.`,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
    'x-problem-types': types,
  };
}

/** Each field of a query schema as an OpenAPI query parameter (its JSON Schema in input mode). */
function queryParameters(schema: z.ZodObject): ParameterSpec[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const json = toSchema(field as z.ZodType, 'input');
    const { description, ...rest } = json;
    return {
      name,
      in: 'query',
      description: typeof description === 'string' ? description : name,
      schema: rest,
      required: !(field as z.ZodType).safeParse(undefined).success,
    };
  });
}

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return json;
}

/** The compliance contracts (shared/messages/compliance.ts), by component name. */
const COMPLIANCE_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  StartSweepRequest: StartSweepRequestSchema,
  SweepAccepted: SweepAcceptedSchema,
  SweepReport: SweepReportSchema,
  FindingsResponse: FindingsResponseSchema,
};

/** The component schemas the answers name, generated together so that they refer to each other by `$ref`. */
export function openApiComponentSchemas(): Record<string, Json> {
  const answers: readonly z.ZodType[] = [
    ProblemSchema,
    RequestReceiptSchema,
    RequestStatusSchema,
    EventBodySchema,
    SignalResultSchema,
    WhatIfResultSchema,
    CustomersPageSchema,
    CustomerViewSchema,
  ];
  const wanted = new Set<string>();
  const collect = (schema: z.ZodType) => {
    const id = z.globalRegistry.get(schema)?.id;
    if (typeof id === 'string') wanted.add(id);
  };
  answers.forEach(collect);
  // Input mode: an answer's object schemas stay open (no `additionalProperties: false`), so adding a field to an
  // answer is not a breaking change for a client that validates.
  const generated = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas;
  // Only what the API's answers reach (the registry may hold other modules' schemas).
  const reached = new Set<string>();
  const visit = (id: string) => {
    if (reached.has(id) || generated[id] === undefined) return;
    reached.add(id);
    for (const ref of JSON.stringify(generated[id]).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) visit(ref[1] ?? '');
  };
  wanted.forEach(visit);
  const schemas: Record<string, Json> = {};
  for (const id of [...reached].sort()) {
    const { $schema: _dialect, $id: _id, ...json } = generated[id] as Json;
    schemas[id] = json;
  }
  for (const type of REQUEST_EVENT_TYPES) schemas[type] = toSchema(REQUEST_EVENT_SCHEMAS[type], 'input');
  for (const [name, schema] of Object.entries(COMPLIANCE_SCHEMAS)) schemas[name] = toSchema(schema, 'input');
  schemas.ProblemType = {
    type: 'string',
    description: "The problem types the API answers with: `urn:ercsp:problem:<code>` for the app's error codes.",
    enum: problemTypes(),
  };
  return schemas;
}

/** Every problem type any operation documents, sorted. */
export function problemTypes(): string[] {
  const codes = new Set<string>(['Unavailable']);
  for (const operation of API_OPERATIONS) {
    for (const list of Object.values(operation.problems)) list.forEach((code) => codes.add(code));
  }
  return ['about:blank', ...[...codes].map(problemTypeFor).sort()];
}

function operationObject(operation: ApiOperation): Json {
  const responses: Json = {};
  for (const [status, success] of Object.entries(operation.success)) {
    responses[status] = {
      description: success.description,
      ...(success.headers === undefined ? {} : { headers: success.headers }),
      content:
        success.content ??
        (success.schema === undefined
          ? {}
          : { 'application/json': { schema: { $ref: `#/components/schemas/${success.schema}` } } }),
    };
  }
  for (const [status, codes] of Object.entries(operation.problems)) {
    responses[status] = problemResponse(`Refused (${status}).`, codes);
  }
  Object.assign(responses, COMMON_RESPONSES);
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: operation.description,
    'x-function-name': operation.functionName,
    ...(operation.parameters === undefined
      ? {}
      : {
          parameters: operation.parameters.map((parameter) => ({
            name: parameter.name,
            in: parameter.in,
            description: parameter.description,
            required: parameter.in === 'path' ? true : (parameter.required ?? false),
            schema: parameter.schema,
          })),
        }),
    ...(operation.requestBody === undefined ? {} : { requestBody: operation.requestBody }),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
  };
}

/** `/requests/{id}` for `requests/{id}` (the server URL carries `/api`). */
export function openApiPathOf(route: string): string {
  return `/${route.replace(/^\/+/, '')}`;
}

export function buildOpenApiDocument(): OpenApiDocument {
  const paths: Record<string, Json> = {};
  for (const operation of API_OPERATIONS) {
    const path = openApiPathOf(operation.route);
    paths[path] = { ...paths[path], [operation.method.toLowerCase()]: operationObject(operation) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'expressroute-csp HTTP API',
      version: HTTP_API_VERSION,
      description: [
        "The ExpressRoute automation's HTTP API: submit requests (the CloudEvents of docs/asyncapi.yaml), follow and",
        'signal them, preview their changes, see the fleet and each customer, and sweep it for compliance.',
        '',
        'Every route needs a function key (`?code=` or the `x-functions-key` header) or, where the Function App has',
        'Entra authentication, a bearer token. Errors are RFC 9457 problem details (`application/problem+json`) with',
        "`errors[].path` naming each field at fault; their `type` is `urn:ercsp:problem:<code>` for the app's error",
        'codes (see `ProblemType`). `npx ercsp serve` serves this API locally over simulated Azure.',
        '',
        'Generated from functions/http by `npm run ercsp -- openapi --write`; do not edit by hand.',
      ].join('\n'),
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [
      {
        url: `https://{app}.azurewebsites.net/${API_ROUTE_PREFIX}`,
        description: 'The Function App.',
        variables: { app: { default: 'func-ercsp', description: 'The Function App name.' } },
      },
      { url: `http://127.0.0.1:7071/${API_ROUTE_PREFIX}`, description: '`ercsp serve` (or `func start`).' },
    ],
    security: [{ functionKey: [] }, { functionKeyQuery: [] }, { entra: [] }],
    tags: [
      { name: 'requests', description: 'Onboarding, bandwidth and decommission requests.' },
      { name: 'plan', description: 'What-if, reading only.' },
      { name: 'customers', description: 'The fleet and each customer.' },
      { name: 'compliance', description: 'Compliance sweeps and their findings.' },
    ],
    paths,
    components: {
      schemas: openApiComponentSchemas(),
      securitySchemes: {
        functionKey: { type: 'apiKey', in: 'header', name: 'x-functions-key' },
        functionKeyQuery: { type: 'apiKey', in: 'query', name: 'code' },
        entra: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An Entra access token for the Function App (App Service authentication).',
        },
      },
    },
  };
}
