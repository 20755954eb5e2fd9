/**
 * What intake does with a valid bandwidth or SKU change of a registered customer: start the in-place change
 * workflow, hand a change that needs a new pair to the migration workflow, or refuse it with the reason. Owned by
 * the bandwidth workflow (issue 10).
 */
import type { BandwidthChangeRequestedEvent } from '../messages';
import { unsupportedRequest, type IntakeDependencies, type WorkflowStart } from './requestIntake';

export function bandwidthChangeStart(
  _event: BandwidthChangeRequestedEvent,
  _deps: IntakeDependencies,
): Promise<WorkflowStart> {
  return Promise.resolve(unsupportedRequest('bandwidth changes'));
}
