/**
 * Events the app publishes on the `er-events` topic, each a CloudEvent (same envelope as the requests, `subject` =
 * the customer id). Their `data` is deliberately loose in the contract (any JSON object), so that adding a field
 * never breaks a subscriber.
 */
import { z } from 'zod';
import { OutboundEventTypes, type OutboundEventType } from '../ports/outbound';
import { cloudEventSchema } from './envelope';

export { OutboundEventTypes, type OutboundEventType };

export interface OutboundEventDescription {
  readonly title: string;
  readonly description: string;
}

/**
 * What each outbound event means, keyed like `OutboundEventTypes` (shared/ports/outbound.ts, where the type names
 * are defined): adding a type there without describing it here fails to compile.
 */
export const OUTBOUND_EVENTS = {
  serviceKeyReady: {
    title: 'Service key ready',
    description:
      'The circuits exist and have service keys: hand them to the connectivity provider. Billing has started.',
  },
  provisioningReminder: {
    title: 'Provisioning reminder',
    description: 'The provider has not provisioned a circuit yet; sent periodically while the automation waits.',
  },
  provisioningEscalated: {
    title: 'Provisioning escalated',
    description: 'The provider has not provisioned within the agreed time: a person must act.',
  },
  onboardingCompleted: {
    title: 'Onboarding completed',
    description: 'Every resource of the customer exists as requested.',
  },
  onboardingFailed: {
    title: 'Onboarding failed',
    description: 'The onboarding stopped; the event says what failed and what was left in place.',
  },
  bandwidthChanged: {
    title: 'Bandwidth changed',
    description:
      'One circuit runs at its new bandwidth or SKU (read back from Azure), sent once per circuit with its service key and old and new bandwidth: the provider must match its throttles.',
  },
  bandwidthChangeFailed: {
    title: 'Bandwidth change failed',
    description:
      'A bandwidth or SKU change stopped: the event names the failed step and code and what each circuit runs at; a person must look.',
  },
  decommissioned: {
    title: 'Customer decommissioned',
    description: 'Everything the automation built for the customer is gone, and billing for its circuits has stopped.',
  },
  driftDetected: {
    title: 'Drift detected',
    description: 'A compliance sweep found Azure differing from the customer spec.',
  },
  decommissionPlanned: {
    title: 'Decommission planned',
    description:
      "A decommission without approval: the teardown plan (each resource and its step, what is kept and why), the circuits' monthly list price, and the digest an Approval event must name (POST /api/requests/{id}/events/Approval).",
  },
  decommissionApprovalReminder: {
    title: 'Decommission approval reminder',
    description:
      'A decommission still waits for an Approval or Rejection; it expires at the deadline with nothing deleted.',
  },
  deprovisionRequested: {
    title: 'Provider deprovisioning requested',
    description:
      'The Azure peerings of these circuits are gone: the connectivity provider must deprovision them (service keys given) so that they can be deleted and billing stops.',
  },
  deprovisioningReminder: {
    title: 'Deprovisioning reminder',
    description: 'The provider has not deprovisioned a circuit yet; sent periodically while the automation waits.',
  },
  deprovisioningEscalated: {
    title: 'Deprovisioning escalated',
    description:
      'The provider has not deprovisioned within the agreed time: the circuit is kept (and billed), nothing more is deleted, and a person must act.',
  },
  decommissionCompleted: {
    title: 'Decommission completed',
    description:
      'Everything the automation made for the customer is gone; each circuit with the time its billing stopped.',
  },
  decommissionFailed: {
    title: 'Decommission failed',
    description:
      'The decommission stopped at a step: the event names it and what is left in place (circuits are billed until deleted).',
  },
  migrationTrafficMoved: {
    title: 'Migration traffic moved',
    description:
      "Every VNet's traffic is on the new circuit pair (its connections preferred); the old pair is being retired.",
  },
  migrationCompleted: {
    title: 'Migration completed',
    description:
      "The new circuit pair is in the old one's place; the old circuits are deleted (each with its billing stop time).",
  },
  migrationFailed: {
    title: 'Migration failed',
    description:
      'The migration stopped at a step: the event names it, whether the traffic had moved, and what exists of both pairs (circuits are billed until deleted).',
  },
} as const satisfies Record<keyof typeof OutboundEventTypes, OutboundEventDescription>;

export type OutboundEventName = keyof typeof OUTBOUND_EVENTS;
export const OUTBOUND_EVENT_NAMES = Object.keys(OUTBOUND_EVENTS) as OutboundEventName[];
export const OUTBOUND_EVENT_TYPES: readonly OutboundEventType[] = OUTBOUND_EVENT_NAMES.map(
  (name) => OutboundEventTypes[name],
);

/** The envelope schema of one outbound event (`data`: any JSON object). */
export function outboundEventSchema(name: OutboundEventName) {
  const { title, description } = OUTBOUND_EVENTS[name];
  return cloudEventSchema(OutboundEventTypes[name], z.looseObject({}), { title, description });
}
