/** Request CloudEvents as producers write them (JSON, defaults not applied), for intake and trigger tests. */
import type { CustomerSpec } from '../../shared/domain/spec';
import { BANDWIDTH_CHANGE_REQUESTED, DECOMMISSION_REQUESTED, ONBOARDING_REQUESTED } from '../../shared/messages';
import { validConnectThroughSpec } from './specs';

export type CloudEventJson = Record<string, unknown>;

export function requestEnvelope(type: string, id: string, subject: string, data: unknown): CloudEventJson {
  return {
    specversion: '1.0',
    id,
    source: 'https://crm.csp.example/expressroute',
    type,
    subject,
    time: '2026-11-02T08:00:00Z',
    datacontenttype: 'application/json',
    data,
  };
}

export function onboardingEvent(id: string, spec: CustomerSpec = validConnectThroughSpec()): CloudEventJson {
  return requestEnvelope(ONBOARDING_REQUESTED, id, spec.customer.id, spec);
}

export function bandwidthEvent(id: string, data: Record<string, unknown> = {}): CloudEventJson {
  return requestEnvelope(BANDWIDTH_CHANGE_REQUESTED, id, 'contoso', {
    customerId: 'contoso',
    bandwidthMbps: 2000,
    ...data,
  });
}

export function decommissionEvent(id: string, data: Record<string, unknown> = {}): CloudEventJson {
  return requestEnvelope(DECOMMISSION_REQUESTED, id, 'contoso', {
    customerId: 'contoso',
    confirmCustomerId: 'contoso',
    reason: 'Customer contract ends on 2026-12-31',
    approvedBy: 'maria.lopez@csp.example',
    ...data,
  });
}
