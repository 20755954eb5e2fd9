/**
 * The workflow port over the real durable-functions client, talking to the extension's HTTP API (served by the
 * Durable host simulator): statuses, the refused second start, and events on absent or ended instances.
 */
import * as df from 'durable-functions';
import { durableWorkflowClient } from '../../shared/adapters/durable/workflowClient';
import type { DurableHostSimulator } from '../../local/durable';
import {
  InstanceAlreadyExistsError,
  InstanceNotFoundError,
  WorkflowUnavailableError,
} from '../../shared/ports/workflows';
import type { WorkflowClient } from '../../shared/ports/workflows';
import { DAY_MS, fixtureRegistry, startSimulator } from '../local/durable/simulatorSupport';

describe('durableWorkflowClient', () => {
  let simulator: DurableHostSimulator;
  let workflows: WorkflowClient;

  beforeEach(async () => {
    ({ simulator } = await startSimulator({ autoAdvance: true }));
    await simulator.listenHttp();
    const context = simulator.createInvocationContext((await fixtureRegistry()).get('GetStatus', 'http'));
    workflows = durableWorkflowClient(df.getClient(context));
  });
  afterEach(async () => {
    await simulator.stop();
  });

  it('reads no status for an instance that does not exist', async () => {
    expect(await workflows.status('nobody')).toBeUndefined();
  });

  it('starts an instance, reads its status, and refuses a second start while it runs', async () => {
    await workflows.start('Race', 'race-1', { timeoutMs: DAY_MS });
    await simulator.runUntilIdle({ maxVirtualMs: 1000 });
    expect(await workflows.status('race-1')).toMatchObject({
      instanceId: 'race-1',
      runtimeStatus: 'Running',
      createdTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const second = workflows.start('Race', 'race-1', { timeoutMs: DAY_MS });
    await expect(second).rejects.toBeInstanceOf(InstanceAlreadyExistsError);
    await expect(second).rejects.toMatchObject({ code: 'InstanceAlreadyExists', retryable: false });
  });

  it('raises an event on a running instance, and reports an instance that never existed', async () => {
    await workflows.start('Race', 'race-2', { timeoutMs: DAY_MS });
    await simulator.runUntilIdle({ maxVirtualMs: 1000 });
    await workflows.raiseEvent('race-2', 'Approval', { approvedBy: 'test' });
    await simulator.runUntilIdle({ maxVirtualMs: 1000 });
    expect(await workflows.status('race-2')).toMatchObject({
      runtimeStatus: 'Completed',
      output: { winner: 'event', data: { approvedBy: 'test' } },
    });
    // The engine drops an event raised on an ended instance; it is not an error.
    await expect(workflows.raiseEvent('race-2', 'Approval', {})).resolves.toBeUndefined();
    await expect(workflows.raiseEvent('nobody', 'Approval', {})).rejects.toBeInstanceOf(InstanceNotFoundError);
  });

  it('reports an unknown orchestration and an unreachable engine as retryable unavailability', async () => {
    await expect(workflows.start('NoSuchOrchestration', 'x-1', {})).rejects.toBeInstanceOf(WorkflowUnavailableError);
    await simulator.stop();
    await expect(workflows.status('race-1')).rejects.toMatchObject({
      code: 'WorkflowEngineUnavailable',
      retryable: true,
    });
    ({ simulator } = await startSimulator());
  });
});
