/** The intake's ports for one trigger invocation: the app's composition plus the invocation's Durable client. */
import type { InvocationContext } from '@azure/functions';
import { appComposition, type Composition } from '../../shared/composition';
import type { IntakeDependencies } from '../../shared/services/requestIntake';
import { workflowClientFor } from '../../shared/adapters/durable/workflowClient';

export function intakeDependencies(
  context: InvocationContext,
  composition: Composition = appComposition(),
): IntakeDependencies {
  return {
    requests: composition.tables.requests,
    customers: composition.tables.customers,
    workflows: workflowClientFor(context),
    csp: { cspSubscriptionIds: composition.config.csp.subscriptionIds },
    timing: composition.config.timing,
  };
}
