/**
 * The zod schemas of the HTTP API's queries and answers: the handlers parse their queries with them, the OpenAPI
 * document (`functions/http/openapi.ts`, `docs/openapi.yaml`) is generated from them, and tests check that the
 * services' answer types fit them and that live answers parse. Request bodies are the message contract's own schemas
 * (shared/messages). Answers are documented open (a client must ignore fields it does not know: the API may add
 * some); request bodies and queries are closed. No registration here: importing this module starts nothing.
 */
import { z } from 'zod';
import { CHECKPOINT_STATUSES } from '../../shared/ports/checkpoints';
import { CUSTOMER_STATUSES } from '../../shared/ports/customers';
import { ExternalEvents } from '../../shared/ports/requestWorkflows';
import { REQUEST_STATUSES } from '../../shared/ports/requests';
import { WORKFLOW_RUNTIME_STATUSES } from '../../shared/ports/workflows';
import { LEGS } from '../../shared/services/requestEvents';
import { REQUEST_EVENT_TYPES } from '../../shared/messages';
import { PrincipalNameSchema } from '../../shared/messages/requests';

export const DEFAULT_CUSTOMERS_PAGE_SIZE = 100;
export const MAX_CUSTOMERS_PAGE_SIZE = 1000;

const Timestamp = z.string().meta({ description: 'ISO 8601 date and time (UTC).', format: 'date-time' });
const ArmIdSchema = z.string().meta({ description: 'An Azure Resource Manager resource id.' });

// --- problems -------------------------------------------------------------------------------------------------------

export const FieldErrorSchema = z
  .object({
    path: z
      .string()
      .meta({ description: 'The field at fault (`data.circuits.bandwidthMbps`); empty: the whole body.' }),
    rule: z.string().meta({ description: 'The rule it broke (`bandwidth.ladder`, `schema.required`…).' }),
    message: z.string(),
  })
  .meta({ id: 'FieldError' });

export const ProblemSchema = z
  .object({
    type: z.string().meta({ description: "`urn:ercsp:problem:<code>` for the app's error codes, else `about:blank`." }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional().meta({ description: 'The request path (never its query).' }),
    code: z.string().optional().meta({ description: "The app's stable error code (`ValidationFailed`…)." }),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (`application/problem+json`).' });

// --- requests -------------------------------------------------------------------------------------------------------

export const RequestReceiptSchema = z
  .object({
    id: z.string().meta({ description: 'The request id (the CloudEvent id).' }),
    instanceId: z.string().meta({ description: "The request's workflow instance." }),
    statusQueryGetUri: z.string().meta({ description: 'GET /api/requests/{id} for this request.', format: 'uri' }),
    eventsUri: z.string().meta({ description: 'POST /api/requests/{id}/events/{name}, with `{name}` left in.' }),
  })
  .meta({ id: 'RequestReceipt' });

export const CheckpointSchema = z
  .object({
    customerId: z.string(),
    requestId: z.string(),
    stepKey: z.string().meta({ description: 'The plan step (`circuit:a`, `gateway:<vnet>`…).' }),
    status: z.enum(CHECKPOINT_STATUSES),
    attempt: z.number().int(),
    startedAt: Timestamp,
    updatedAt: Timestamp,
    endedAt: Timestamp.optional(),
    armIds: z.array(ArmIdSchema),
    outcome: z.enum(['created', 'updated', 'unchanged']).optional(),
    errorCode: z.string().optional(),
    errorMessage: z.string().optional(),
    detail: z.unknown().optional().meta({ description: 'Step-specific progress (JSON), e.g. what a wait last read.' }),
  })
  .meta({ id: 'Checkpoint' });

/** Which circuit a lane's workflow instance serves, the instance, and its runtime status. */
const laneInstanceFields = {
  leg: z.enum(LEGS),
  pair: z.string().optional().meta({ description: "The circuit's pair; absent for the default pair." }),
  instanceId: z.string(),
  runtimeStatus: z.enum(WORKFLOW_RUNTIME_STATUSES),
};

export const CircuitLegSchema = z
  .object({
    ...laneInstanceFields,
    phase: z
      .string()
      .nullable()
      .meta({ description: '`provisioning`, `awaiting-provider`, `configuring-peerings` or `connecting`.' }),
  })
  .meta({ id: 'CircuitLeg' });

export const ProviderWaitSchema = z
  .object({
    ...laneInstanceFields,
    serviceProviderProvisioningState: z
      .string()
      .nullable()
      .meta({ description: 'As Azure last reported it; null before the first read.' }),
    polls: z.number().int().nullable(),
  })
  .meta({ id: 'ProviderWait' });

export const RequestStatusSchema = z
  .object({
    id: z.string(),
    instanceId: z.string(),
    type: z.string().nullable(),
    customerId: z.string().nullable(),
    status: z.enum(REQUEST_STATUSES).nullable().meta({ description: "The ledger's status; null when it has none." }),
    receivedAt: Timestamp.nullable(),
    deliveries: z.number().int().nullable(),
    issues: z.array(FieldErrorSchema).optional().meta({ description: 'Why the request was refused.' }),
    runtimeStatus: z
      .enum(WORKFLOW_RUNTIME_STATUSES)
      .nullable()
      .meta({ description: "The workflow's runtime status; null when none was started." }),
    phase: z.string().nullable().meta({
      description:
        "What the request waits for now (`awaiting-provider`…): the workflow's phase, or, once every circuit leg is past its provider, the least advanced running leg's.",
    }),
    createdTime: Timestamp.nullable(),
    lastUpdatedTime: Timestamp.nullable(),
    output: z.unknown().optional().meta({ description: "The workflow's result, once it completed." }),
    error: z.object({ message: z.string() }).optional(),
    checkpoints: z.array(CheckpointSchema),
    circuitLegs: z.array(CircuitLegSchema),
    providerWaits: z.array(ProviderWaitSchema),
  })
  .meta({ id: 'RequestStatus' });

export const EVENT_NAMES = Object.values(ExternalEvents);

export const EventBodySchema = z
  .looseObject({
    leg: z
      .enum(LEGS)
      .optional()
      .meta({ description: '`ProviderProvisioned` and `ProviderDeprovisioned`: signal this leg alone.' }),
    approvedBy: PrincipalNameSchema.optional().meta({
      description: '`Approval` (required): the user principal name of the person approving.',
    }),
    planDigest: z
      .string()
      .regex(/^td-[0-9a-f]{16}$/)
      .optional()
      .meta({
        description: '`Approval` (required): the digest of the plan approved, as `decommission.planned` published it.',
      }),
    reference: z.string().min(1).max(64).optional().meta({ description: '`Approval`: a change ticket or reference.' }),
    rejectedBy: PrincipalNameSchema.optional().meta({
      description: '`Rejection` (required): the user principal name of the person rejecting.',
    }),
    reason: z.string().min(1).max(1000).optional().meta({ description: '`Approval` or `Rejection`: why.' }),
  })
  .meta({
    id: 'EventBody',
    description:
      "Optional; a JSON object, passed to the workflow as the event's data. A decision also records who sent it " +
      '(`sentBy`, from App Service authentication).',
  });

export const SignalTargetSchema = z
  .object({
    instanceId: z.string(),
    leg: z.enum(LEGS).optional(),
    signalled: z.boolean(),
    runtimeStatus: z.enum(WORKFLOW_RUNTIME_STATUSES).nullable(),
    notWaiting: z.enum(['not-found', 'ended']).optional(),
  })
  .meta({ id: 'SignalTarget' });

export const SignalResultSchema = z
  .object({
    id: z.string(),
    event: z.enum(EVENT_NAMES),
    effect: z.string().optional(),
    targets: z.array(SignalTargetSchema),
  })
  .meta({ id: 'SignalResult' });

// --- plan -----------------------------------------------------------------------------------------------------------

const ChangeActionSchema = z.enum(['create', 'update', 'delete', 'unchanged']);

export const WhatIfResultSchema = z
  .object({
    customerId: z.string(),
    requestType: z.enum(REQUEST_EVENT_TYPES),
    summary: z.record(ChangeActionSchema, z.number().int()),
    changes: z.array(
      z.object({
        action: ChangeActionSchema,
        kind: z.string().meta({ description: 'circuit, peering, gateway, connection, routeTable, nsg…' }),
        id: ArmIdSchema,
        fields: z.array(z.object({ path: z.string(), actual: z.unknown(), desired: z.unknown() })),
      }),
    ),
    plan: z.object({
      kind: z.enum(['build', 'resize-in-place', 'teardown']),
      stages: z.array(z.array(z.string())).meta({ description: 'Step keys by stage; one stage may run in parallel.' }),
      steps: z.number().int(),
    }),
    notes: z.array(z.string()),
  })
  .meta({ id: 'WhatIfResult' });

// --- customers ------------------------------------------------------------------------------------------------------

const customerFields = {
  id: z.string(),
  tenantId: z.string(),
  displayName: z.string().optional(),
  subscriptions: z.array(z.string()),
  model: z.enum(['connect-to', 'connect-through']),
  circuitSubscriptionId: z.string(),
  vnetIds: z.array(ArmIdSchema),
  status: z.enum(CUSTOMER_STATUSES),
  statusReason: z.string().optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  lastRequestId: z.string(),
  placements: z.record(z.string(), z.string()).optional().meta({ description: 'Circuit pair → subscription.' }),
};

/** One customer in `GET /api/customers`: the registry entry, without its stored spec or version. */
export const CustomerListItemSchema = z.object(customerFields).meta({ id: 'CustomerListItem' });
export type CustomerListItem = z.infer<typeof CustomerListItemSchema>;

export const CustomersPageSchema = z
  .object({
    items: z.array(CustomerListItemSchema),
    continuationToken: z
      .string()
      .optional()
      .meta({ description: 'Present when more customers follow: pass it back as `continuationToken`.' }),
  })
  .meta({ id: 'CustomersPage' });
export type CustomersPage = z.infer<typeof CustomersPageSchema>;

/** The query of `GET /api/customers`. */
export const CustomersQuerySchema = z.strictObject({
  status: z.enum(CUSTOMER_STATUSES).optional().meta({ description: 'Only the customers with this status.' }),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_CUSTOMERS_PAGE_SIZE)
    .default(DEFAULT_CUSTOMERS_PAGE_SIZE)
    .meta({ description: `Customers per page (1-${String(MAX_CUSTOMERS_PAGE_SIZE)}).` }),
  continuationToken: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .meta({ description: 'From the previous page (with the same `status`); omit for the first page.' }),
});

export const TopologyResourceSchema = z
  .object({
    kind: z.string(),
    id: ArmIdSchema,
    name: z.string(),
    managed: z.boolean().meta({ description: 'False only for a gateway the customer brought.' }),
    state: z.object({
      provisioningState: z.string(),
      serviceProviderProvisioningState: z.string().optional(),
      circuitProvisioningState: z.string().optional(),
      connectionStatus: z.string().optional(),
      peeringState: z.string().optional(),
      authorizationUseStatus: z.string().optional(),
    }),
    leg: z.enum(LEGS).optional(),
    pair: z.string().optional(),
    location: z.string().optional(),
    serviceProviderName: z.string().optional(),
    peeringLocation: z.string().optional(),
    bandwidthMbps: z.number().optional(),
    sku: z.unknown().optional(),
    peeringType: z.string().optional(),
    circuitId: ArmIdSchema.optional(),
    gatewayId: ArmIdSchema.optional(),
    vnetId: ArmIdSchema.optional(),
    connectionId: ArmIdSchema.optional(),
    routeTableId: ArmIdSchema.optional(),
    nsgId: ArmIdSchema.optional(),
  })
  .meta({ id: 'TopologyResource', description: 'One resource as Azure holds it: identity, state, links. No keys.' });

export const CustomerViewSchema = z
  .object({
    customer: z.object(customerFields).meta({ description: 'The registry entry (without its version).' }),
    resources: z.array(TopologyResourceSchema),
    mermaid: z.string().meta({ description: 'A Mermaid diagram of the topology.' }),
  })
  .meta({ id: 'CustomerView' });
