/**
 * What intake does with a valid bandwidth or SKU change of a registered customer, judged against the customer's
 * recorded spec (the registry's desired state):
 *
 * - in place (bandwidth up, MeteredData → UnlimitedData, Standard ↔ Premium when the usage allows), or nothing to
 *   change: start `changeBandwidth` (it re-reads Azure under the customer's lease and writes only what differs);
 * - needs a new pair (a decrease, UnlimitedData → MeteredData): refused without `approval`; with it, handed to the
 *   make-before-break migration (`migrationStart` in migrationIntake.ts, the one hand-off point), as is a change of
 *   provider or peering locations (`newPair`);
 * - invalid (off the ladder, too many links for the new SKU, an unknown or missing pair): refused with field paths.
 *
 * Owned by the bandwidth workflow (issue 10).
 */
import type { ValidationIssue } from '../errors';
import type { CustomerRecord } from '../ports/customers';
import { assessBandwidthChange, type BandwidthChangeRequestedEvent } from '../messages';
import { Workflows, type ChangeBandwidthInput } from '../ports/requestWorkflows';
import { migrationStart, placementChanges } from './migrationIntake';
import { RejectionCodes, type IntakeDependencies, type WorkflowStart } from './requestIntake';

export const BANDWIDTH_INTAKE_RULES = {
  /** A change is assessed against the customer's recorded spec: a customer registered without one cannot be changed. */
  specRecorded: 'bandwidth.spec-recorded',
} as const;

/** `record` is the customer's registry entry, read once by intake. */
export function bandwidthChangeStart(
  event: BandwidthChangeRequestedEvent,
  record: CustomerRecord,
  deps: IntakeDependencies,
): WorkflowStart {
  if (record.spec === undefined) {
    return refused([
      {
        path: 'data.customerId',
        rule: BANDWIDTH_INTAKE_RULES.specRecorded,
        message:
          `customer ${event.data.customerId} has no recorded spec to change (it was registered before specs were ` +
          'recorded, or its onboarding has not registered it yet); send its onboarding request again, which writes ' +
          'nothing that exists and records the spec, then this request',
      },
    ]);
  }
  // A circuit's provider and peering location are fixed when it is created: another one needs a new pair.
  const moves = placementChanges(record.spec, event.data);
  if (moves.length > 0) return migrationStart(event, record.spec, moves, deps);
  const assessment = assessBandwidthChange(record.spec, event.data);
  if (assessment.issues.length > 0 || assessment.pair === undefined) return refused(assessment.issues);
  switch (assessment.mode) {
    case 'refused':
      return refused(assessment.issues);
    case 'migration':
      return migrationStart(event, record.spec, assessment.migrationReasons, deps);
    case 'unchanged':
    case 'in-place': {
      const input: ChangeBandwidthInput = {
        requestId: event.id,
        customerId: event.data.customerId,
        change: event.data,
        pair: assessment.pair,
        timing: deps.timing,
      };
      return { start: true, workflow: Workflows.changeBandwidth, input };
    }
  }
}

function refused(issues: readonly ValidationIssue[]): WorkflowStart {
  return { start: false, code: RejectionCodes.validationFailed, issues };
}
