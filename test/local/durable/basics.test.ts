import { TableClient, odata } from '@azure/data-tables';
import { HistoryEventType, InstanceAlreadyExistsError } from '../../../local/durable';
import type { DurableHostSimulator } from '../../../local/durable';
import { callsOf, fixtureState } from './fixtures/fixtureState';
import { startSimulator, tablesConnectionString } from './simulatorSupport';

describe('DurableHostSimulator: activities, fan-out, custom status, failures', () => {
  let simulator: DurableHostSimulator;

  beforeEach(async () => {
    fixtureState.calls.length = 0;
    ({ simulator } = await startSimulator());
  });

  afterEach(async () => {
    await simulator.stop();
  });

  it('chains activities through the real orchestrator and records the history in wire format', async () => {
    const instanceId = await simulator.startNew('Chain', { instanceId: 'chain-1' });
    const progress: unknown[] = [];
    await simulator.runUntilIdle({
      until: (episode) => {
        progress.push(episode.customStatus);
        return false;
      },
    });

    const status = await simulator.waitForCompletion(instanceId);

    expect(progress).toEqual([{ step: 'Tokyo' }, { step: 'Seattle' }, { step: 'London' }, { step: 'done' }]);

    expect(status).toMatchObject({
      runtimeStatus: 'Completed',
      output: ['Hello Tokyo', 'Hello Seattle', 'Hello London'],
      customStatus: { step: 'done' },
      episodes: 4,
      generations: 1,
    });
    expect(callsOf('Greet')).toEqual(['Tokyo', 'Seattle', 'London']);
    const history = await simulator.getHistory(instanceId);
    const scheduled = history.filter((event) => event.EventType === HistoryEventType.TaskScheduled);
    expect(scheduled.map((event) => [event.EventId, 'Name' in event ? event.Name : ''])).toEqual([
      [0, 'Greet'],
      [1, 'Greet'],
      [2, 'Greet'],
    ]);
    expect(history[0]).toMatchObject({ EventType: HistoryEventType.OrchestratorStarted, EventId: -1 });
    expect(history.at(-1)).toMatchObject({
      EventType: HistoryEventType.ExecutionCompleted,
      OrchestrationStatus: 'Completed',
    });
    expect(status.historyEvents).toBe(history.length);
  });

  it('runs a Task.all fan-out with concurrent activities and sequence ids in scheduling order', async () => {
    let running = 0;
    let mostAtOnce = 0;
    simulator.onEvent((event) => {
      if (event.type === 'activityStarted') mostAtOnce = Math.max(mostAtOnce, ++running);
      if (event.type === 'activityCompleted') running--;
    });
    const instanceId = await simulator.startNew('FanOut', { input: 5 });

    const status = await simulator.waitForCompletion(instanceId);

    expect(mostAtOnce).toBe(4);

    expect(status.output).toBe(30);
    expect(status.episodes).toBeLessThanOrEqual(6);
    const scheduled = (await simulator.getHistory(instanceId)).filter(
      (event) => event.EventType === HistoryEventType.TaskScheduled,
    );
    expect(scheduled.map((event) => event.EventId)).toEqual([0, 1, 2, 3, 4]);
    expect(scheduled.map((event) => ('Input' in event ? event.Input : undefined))).toEqual(['1', '2', '3', '4', '5']);
  });

  it('fails the instance with the orchestrator error, as the extension reports it', async () => {
    const instanceId = await simulator.startNew('Failing');

    const status = await simulator.waitForCompletion(instanceId);

    expect(status.runtimeStatus).toBe('Failed');
    expect(status.output).toBe("Orchestrator function 'Failing' failed: the orchestrator gave up");
  });

  it('refuses a second start of a running instance id and reuses the id once it has ended', async () => {
    await simulator.startNew('Chain', { instanceId: 'reused' });

    await expect(simulator.startNew('Chain', { instanceId: 'reused' })).rejects.toBeInstanceOf(
      InstanceAlreadyExistsError,
    );

    await simulator.waitForCompletion('reused');
    await simulator.startNew('FanOut', { instanceId: 'reused', input: 1 });
    expect(await simulator.waitForCompletion('reused')).toMatchObject({ name: 'FanOut', output: 2, episodes: 2 });
  });

  it('stores payloads far larger than a table property across several rows', async () => {
    const large = 'ExpressRoute '.repeat(20_000);
    const instanceId = await simulator.startNew('EchoOnce', { input: large });

    const status = await simulator.waitForCompletion(instanceId);

    expect(status.output).toBe(large);
    expect(status.input).toBe(large);
    const completed = (await simulator.getHistory(instanceId)).find(
      (event) => event.EventType === HistoryEventType.TaskCompleted,
    );
    expect(completed && 'Result' in completed ? completed.Result.length : 0).toBeGreaterThan(200_000);
    const historyTable = TableClient.fromConnectionString(tablesConnectionString(), simulator.tables.history, {
      allowInsecureConnection: true,
    });
    const rowSizes: number[] = [];
    for await (const row of historyTable.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${instanceId}` },
    })) {
      rowSizes.push(JSON.stringify(row).length);
    }
    expect(rowSizes.length).toBeGreaterThan(20);
    expect(Math.max(...rowSizes)).toBeLessThan(32 * 1024);
  });
});
