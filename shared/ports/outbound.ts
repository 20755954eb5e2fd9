/**
 * Events the automation sends out (to the CSP's systems, the connectivity provider, operators). Implemented by a
 * Service Bus adapter in production and, until or alongside it, by `TableOutboundEventRecorder`
 * (`shared/adapters/tables/outboundEvents.ts`), which keeps each event once.
 */

/** Every outbound event type: `com.csp.expressroute.<area>.<event>`. */
export const OutboundEventTypes = {
  /** The circuits exist; here are their service keys for the connectivity provider. */
  serviceKeyReady: 'com.csp.expressroute.provider.servicekey.ready',
  /** Still waiting for the provider to provision; sent periodically while waiting. */
  provisioningReminder: 'com.csp.expressroute.provider.provisioning.reminder',
  /** The provider has not provisioned within the agreed time: a person must act. */
  provisioningEscalated: 'com.csp.expressroute.provider.provisioning.escalated',
  onboardingCompleted: 'com.csp.expressroute.onboarding.completed',
  onboardingFailed: 'com.csp.expressroute.onboarding.failed',
  bandwidthChanged: 'com.csp.expressroute.circuit.bandwidth.changed',
  /** A bandwidth or SKU change stopped at a step: a person must look (the event names the step and the circuits). */
  bandwidthChangeFailed: 'com.csp.expressroute.circuit.bandwidth.failed',
  decommissioned: 'com.csp.expressroute.customer.decommissioned',
  driftDetected: 'com.csp.expressroute.drift.detected',
  /** The teardown plan of a decommission waiting for a decision: resources, monthly cost, digest to approve. */
  decommissionPlanned: 'com.csp.expressroute.decommission.planned',
  /** A decommission still waits for its decision; sent periodically until the approval deadline. */
  decommissionApprovalReminder: 'com.csp.expressroute.decommission.approval.reminder',
  /** The provider must deprovision these circuits (service keys) so that they can be deleted. */
  deprovisionRequested: 'com.csp.expressroute.provider.deprovision.requested',
  /** Still waiting for the provider to deprovision; sent periodically while waiting. */
  deprovisioningReminder: 'com.csp.expressroute.provider.deprovisioning.reminder',
  /** The provider has not deprovisioned within the agreed time: nothing more is deleted; a person must act. */
  deprovisioningEscalated: 'com.csp.expressroute.provider.deprovisioning.escalated',
  /** The decommission finished: each circuit's billing stop time. */
  decommissionCompleted: 'com.csp.expressroute.decommission.completed',
  /** The decommission stopped at a step (or ended Expired or Rejected): what was left in place. */
  decommissionFailed: 'com.csp.expressroute.decommission.failed',
  /** A migration's new pair carries every VNet's traffic; the old pair is being retired. */
  migrationTrafficMoved: 'com.csp.expressroute.migration.traffic.moved',
  /** A migration finished: the new pair in the old one's place, each old circuit's billing stop time. */
  migrationCompleted: 'com.csp.expressroute.migration.completed',
  /** A migration stopped at a step: what exists of both pairs, and whether the traffic had moved. */
  migrationFailed: 'com.csp.expressroute.migration.failed',
} as const;
export type OutboundEventType = (typeof OutboundEventTypes)[keyof typeof OutboundEventTypes];

export interface OutboundEvent {
  /** Deterministic (derived from the request and the step), so that a retried publish is recognised as a duplicate: the Service Bus messageId. */
  readonly id: string;
  /** One of `OutboundEventTypes` (open string so that consumers can add their own). */
  readonly type: string;
  /** The customer id. */
  readonly subject: string;
  /** ISO 8601. */
  readonly time: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** The W3C `traceparent` of the request that caused the event (a CloudEvents distributed-tracing extension). */
  readonly traceparent?: string;
}

export interface OutboundEvents {
  /** At-least-once delivery; a duplicate id is dropped by the receiving side. */
  publish(event: OutboundEvent): Promise<void>;
}
