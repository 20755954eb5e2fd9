/**
 * The three requests this app accepts, each a CloudEvent whose `data` is typed here. Shapes only: the rules that
 * relate fields to each other or to the CSP's configuration are applied by `parseRequestEvent`.
 */
import { z } from 'zod';
import { BANDWIDTH_LADDER_MBPS } from '../domain/rules';
import {
  CircuitSkuSchema,
  CustomerIdSchema,
  CustomerSpecSchema,
  PeeringLegSchema,
  PairNameSchema,
} from '../domain/spec';
import { cloudEventSchema, Rfc3339TimeSchema } from './envelope';
import {
  BANDWIDTH_CHANGE_REQUESTED,
  DECOMMISSION_REQUESTED,
  ONBOARDING_REQUESTED,
  type RequestEventType,
} from './eventTypes';

/**
 * A provider circuit bandwidth, in Mbps. The JSON Schema lists the ladder (50 Mbps to 10 Gbps); `parseRequestEvent`
 * enforces it with the same rule id as the onboarding validation (`bandwidth.ladder`). What a provider actually
 * offers is a subset of the ladder, known only to Azure.
 */
export const BandwidthMbpsSchema = z
  .number()
  .int()
  .meta({ enum: [...BANDWIDTH_LADDER_MBPS], description: 'Mbps, one of the ExpressRoute provider bandwidths.' });

/** Who decided, as their Entra user principal name (or e-mail address). */
export const PrincipalNameSchema = z
  .email({ error: 'must be a user principal name or e-mail address, e.g. jane.doe@csp.example' })
  .max(254);

/** An explicit, recorded human decision: who, under which change ticket, when. */
export const ApprovalSchema = z
  .strictObject({
    approvedBy: PrincipalNameSchema,
    ticket: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,63}$/,
        'must be a change-ticket reference: 1-64 characters of letters, digits, ".", "_", ":", "/", "#" and "-", e.g. CHG0012345',
      ),
    approvedAt: Rfc3339TimeSchema,
  })
  .meta({ description: 'A recorded approval: needed for a decrease or any change that means building a new pair.' });
export type Approval = z.infer<typeof ApprovalSchema>;

/** The two circuits' addresses and VLAN of one peering of a new pair: leg A (first peering location), then leg B. */
const NewPairLegsSchema = z.tuple([PeeringLegSchema, PeeringLegSchema]);

export const NewPairSchema = z
  .strictObject({
    provider: z.string().min(1).max(80).optional(),
    peeringLocations: z.tuple([z.string().min(1).max(80), z.string().min(1).max(80)]).optional(),
    privatePeering: NewPairLegsSchema.optional(),
    microsoftPeering: NewPairLegsSchema.optional(),
  })
  .meta({
    description:
      'The new pair of a migration: new /30s and VLANs for each peering the old pair has (validated as onboarding validates, and distinct from the old pair), and optionally another provider or peering locations.',
  });
export type NewPair = z.infer<typeof NewPairSchema>;

export const BandwidthChangeDataSchema = z
  .strictObject({
    customerId: CustomerIdSchema,
    /** The new bandwidth of both circuits of the pair. */
    bandwidthMbps: BandwidthMbpsSchema,
    /** The new SKU of both circuits, when it changes too. */
    sku: CircuitSkuSchema.optional(),
    /**
     * The circuit pair to change, by its name in the customer's spec. May be left out when the customer has one pair;
     * a customer with several pairs must name one (a request that leaves it out is refused, never applied to all).
     */
    pair: PairNameSchema.optional().meta({
      description:
        'The circuit pair to change (its name in the spec). Required when the customer has several pairs; otherwise its one pair.',
    }),
    /**
     * Required when the change cannot be made in place (a decrease, UnlimitedData → MeteredData): the automation then
     * builds a new pair, moves the links and decommissions the old pair, which needs a new order with the provider.
     */
    approval: ApprovalSchema.optional(),
    /**
     * The new pair of a change that needs one: its own addresses and VLANs (both legs) for each peering the old pair
     * has, and optionally another provider or peering locations (which always need a new pair).
     */
    newPair: NewPairSchema.optional(),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .meta({
    description:
      'An increase is made in place, one leg at a time. A decrease is not supported in place: it needs `approval` and runs as a migration to a new pair.',
  });
export type BandwidthChangeData = z.infer<typeof BandwidthChangeDataSchema>;

export const DecommissionDataSchema = z
  .strictObject({
    customerId: CustomerIdSchema,
    /** The customer id typed a second time: deleting circuits is a deliberate, recorded decision. */
    confirmCustomerId: z.string().meta({ description: 'Must equal `customerId`: the decision, typed out twice.' }),
    reason: z
      .string()
      .trim()
      .min(10, 'must explain the decision in at least 10 characters')
      .max(1000, 'must be at most 1000 characters'),
    /** Who asks for the decommission (the requester); the decision itself is `approval`. */
    approvedBy: PrincipalNameSchema,
    /**
     * The recorded decision (who approved, under which change ticket, when; `reason` says why). With it, the teardown
     * starts at once; without it, the workflow publishes the teardown plan and waits for an `Approval` event naming
     * the plan's digest (or a `Rejection`) until `ERCSP_APPROVAL_TIMEOUT`.
     */
    approval: ApprovalSchema.optional(),
    /**
     * Also delete the ExpressRoute gateways the automation created, once no other connection uses them. Default
     * false: a gateway may carry VPN or other circuits' traffic too.
     */
    deleteGateways: z.boolean().optional(),
    /**
     * Resources the automation did not create (an existing gateway, the customer's subnets) are never deleted. The
     * field exists so that a request asking for it is refused loudly rather than ignored.
     */
    deleteSharedResources: z
      .literal(false, { error: 'must be false or absent: the automation never deletes shared resources' })
      .optional(),
  })
  .meta({
    description:
      'Tears down everything the automation built for the customer, only on a recorded decision (`approval`, or an Approval event naming the published plan): connections, authorizations, subnet associations, route tables and NSGs, peerings, provider deprovisioning, circuits (the bill stops), the route filter, and gateways only when `deleteGateways` is true. Resources without the automation tag, and existing gateways, are kept.',
  });
export type DecommissionData = z.infer<typeof DecommissionDataSchema>;

export const OnboardingRequestedEventSchema = cloudEventSchema(ONBOARDING_REQUESTED, CustomerSpecSchema, {
  title: 'Onboarding requested',
  description:
    'Build a pair of ExpressRoute circuits and everything around them for one customer. `data` is the customer spec; the ExpressRoute rules that relate its fields (overlaps, allow-lists, limits) are checked on receipt as well.',
});
export const BandwidthChangeRequestedEventSchema = cloudEventSchema(
  BANDWIDTH_CHANGE_REQUESTED,
  BandwidthChangeDataSchema,
  {
    title: 'Bandwidth change requested',
    description: "Change the bandwidth (and optionally the SKU) of both circuits of a customer's pair.",
  },
);
export const DecommissionRequestedEventSchema = cloudEventSchema(DECOMMISSION_REQUESTED, DecommissionDataSchema, {
  title: 'Decommission requested',
  description: 'Tear down the pair and everything the automation built for one customer.',
});

export const REQUEST_EVENT_SCHEMAS = {
  [ONBOARDING_REQUESTED]: OnboardingRequestedEventSchema,
  [BANDWIDTH_CHANGE_REQUESTED]: BandwidthChangeRequestedEventSchema,
  [DECOMMISSION_REQUESTED]: DecommissionRequestedEventSchema,
} as const satisfies Record<RequestEventType, z.ZodType>;

export type OnboardingRequestedEvent = z.output<typeof OnboardingRequestedEventSchema>;
export type BandwidthChangeRequestedEvent = z.output<typeof BandwidthChangeRequestedEventSchema>;
export type DecommissionRequestedEvent = z.output<typeof DecommissionRequestedEventSchema>;

/** A request that passed every check, discriminated by `type`. */
export type RequestEvent = OnboardingRequestedEvent | BandwidthChangeRequestedEvent | DecommissionRequestedEvent;

/** What a producer writes (defaults not yet applied). */
export type RequestEventInput =
  | z.input<typeof OnboardingRequestedEventSchema>
  | z.input<typeof BandwidthChangeRequestedEventSchema>
  | z.input<typeof DecommissionRequestedEventSchema>;

/** The customer a request is about, whatever its type. */
export function requestCustomerId(event: RequestEvent): string {
  return event.type === ONBOARDING_REQUESTED ? event.data.customer.id : event.data.customerId;
}
