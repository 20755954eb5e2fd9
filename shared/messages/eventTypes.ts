/**
 * CloudEvents `type` values: the names of everything this app receives and publishes. Defined once here; every
 * trigger, test, example and the AsyncAPI document use these constants.
 */

/** A CSP asks for a customer to be onboarded onto a pair of circuits. Queue `er-onboarding`. */
export const ONBOARDING_REQUESTED = 'com.csp.expressroute.onboarding.requested';
/** A CSP asks for the bandwidth (and optionally the SKU) of a customer's pair to change. Queue `er-bandwidth`. */
export const BANDWIDTH_CHANGE_REQUESTED = 'com.csp.expressroute.bandwidth.change.requested';
/** A CSP asks for everything the automation built for a customer to be torn down. Queue `er-decommission`. */
export const DECOMMISSION_REQUESTED = 'com.csp.expressroute.decommission.requested';

export const REQUEST_EVENT_TYPES = [ONBOARDING_REQUESTED, BANDWIDTH_CHANGE_REQUESTED, DECOMMISSION_REQUESTED] as const;
export type RequestEventType = (typeof REQUEST_EVENT_TYPES)[number];

export function isRequestEventType(value: unknown): value is RequestEventType {
  return typeof value === 'string' && (REQUEST_EVENT_TYPES as readonly string[]).includes(value);
}

/** The Service Bus entities of the app's messaging contract. */
export const REQUEST_QUEUES: Readonly<Record<RequestEventType, string>> = {
  [ONBOARDING_REQUESTED]: 'er-onboarding',
  [BANDWIDTH_CHANGE_REQUESTED]: 'er-bandwidth',
  [DECOMMISSION_REQUESTED]: 'er-decommission',
};
export const EVENTS_TOPIC = 'er-events';
