/**
 * What intake does with a valid decommission request of a registered customer: start the decommission workflow. The
 * request's own rules (the customer id typed twice, a reason, the approval's shape) were checked by
 * `parseRequestEvent`; what exists in Azure and the decision are the workflow's to check, under the customer's lease.
 */
import type { DecommissionRequestedEvent } from '../messages';
import { Workflows, type DecommissionCustomerInput } from '../ports/requestWorkflows';
import type { IntakeDependencies, WorkflowStart } from './requestIntake';

export function decommissionStart(event: DecommissionRequestedEvent, deps: IntakeDependencies): WorkflowStart {
  const input: DecommissionCustomerInput = {
    requestId: event.id,
    customerId: event.data.customerId,
    request: event.data,
    timing: deps.timing,
  };
  return { start: true, workflow: Workflows.decommissionCustomer, input };
}
