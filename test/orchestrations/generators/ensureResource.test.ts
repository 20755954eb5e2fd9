/**
 * The ensure step (orchestrations/steps/ensureResource.ts): a resource the activity found mid-operation is waited for
 * on durable timers and ensured again; a refusal fails the step at once.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { ensureResource } from '../../../orchestrations/steps/ensureResource';
import type { ResourceIntent } from '../../../shared/domain/intents';
import type { ResourceSummary } from '../../../orchestrations/contracts';
import { DRIVER_START, OrchestrationDriver } from '../../support/generatorDriver';

const ROUTE_TABLE_ID =
  '/subscriptions/a1b2c3d4-1111-4e5f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-contoso-network-weu/providers/Microsoft.Network/routeTables/rt-contoso-hub';
const intent = {
  kind: 'routeTable',
  id: ROUTE_TABLE_ID,
  name: 'rt-contoso-hub',
  scope: {
    tenantId: 't',
    subscriptionId: 'a1b2c3d4-1111-4e5f-8a9b-0c1d2e3f4a5b',
    resourceGroup: 'rg-contoso-network-weu',
  },
} as unknown as ResourceIntent;

function* ensureOne(context: OrchestrationContext): Generator<Task, ResourceSummary, unknown> {
  return yield* ensureResource(context, { requestId: 'r', customerId: 'contoso', stepKey: 'route-table:hub' }, intent);
}

const at = (offsetMs: number): string => new Date(DRIVER_START.getTime() + offsetMs).toISOString();
const summary = (provisioningState: string): ResourceSummary => ({
  id: ROUTE_TABLE_ID,
  kind: 'routeTable',
  provisioningState,
});
const notSettled = { ok: false, error: { code: 'ResourceNotSettled', message: 'still Updating', retryable: true } };

describe('ensureResource', () => {
  it('waits on a durable timer for a resource that did not settle, then ensures it again', async () => {
    const run = await OrchestrationDriver.start(ensureOne, null);
    await run.respond({ ensureRouteTable: () => notSettled });
    await run.fireTimer();
    await run.respond({ readResource: () => ({ exists: true, resource: summary('Succeeded') }) });
    await run.respond({ ensureRouteTable: () => ({ ok: true, resource: summary('Succeeded') }) });

    expect(run.trace).toEqual([
      'activity ensureRouteTable',
      `timer ${at(30_000)}`,
      'activity readResource',
      'activity ensureRouteTable',
    ]);
    expect(run.output).toEqual(summary('Succeeded'));
  });

  it('fails the step at once on a refusal, naming the step and Azure’s code', async () => {
    const run = await OrchestrationDriver.start(ensureOne, null);
    await run.respond({
      ensureRouteTable: () => ({ ok: false, error: { code: 'InvalidResourceName', message: 'no', retryable: false } }),
    });
    expect(run.trace).toEqual(['activity ensureRouteTable']);
    expect(run.status).toBe('failed');
    expect(run.failure).toMatch(/route-table:hub: InvalidResourceName/);
  });
});
