/**
 * What intake does with a valid decommission request of a registered customer: start the decommission workflow, or
 * refuse it with the reason. Owned by the decommission workflow (issue 9).
 */
import type { DecommissionRequestedEvent } from '../messages';
import { unsupportedRequest, type IntakeDependencies, type WorkflowStart } from './requestIntake';

export function decommissionStart(
  _event: DecommissionRequestedEvent,
  _deps: IntakeDependencies,
): Promise<WorkflowStart> {
  return Promise.resolve(unsupportedRequest('decommissioning'));
}
