import type { DurableHostSimulator } from '../../../local/durable';
import { startSimulator } from './simulatorSupport';

describe('DurableHostSimulator: continueAsNew', () => {
  let simulator: DurableHostSimulator;

  afterEach(async () => {
    await simulator.stop();
  });

  it('starts each generation from a fresh history, so history stays bounded over 50 generations', async () => {
    ({ simulator } = await startSimulator());
    const historySizes: number[] = [];
    simulator.onEvent((event) => {
      if (event.type === 'episodeCompleted') historySizes.push(event.historyEvents);
    });
    const instanceId = await simulator.startNew('EternalCounter', { input: { count: 0, limit: 50 } });

    const status = await simulator.waitForCompletion(instanceId);

    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: 50, generations: 50, episodes: 100 });
    expect(status.customStatus).toEqual({ generation: 50 });
    expect(Math.max(...historySizes)).toBeLessThanOrEqual(8);
    expect((await simulator.getHistory(instanceId)).length).toBe(status.historyEvents);
    expect(status.historyEvents).toBeLessThanOrEqual(10);
  }, 30_000);

  it('drops an event buffered but never awaited when the generation continues (JS has no preserveUnprocessedEvents)', async () => {
    ({ simulator } = await startSimulator());
    const instanceId = await simulator.startNew('PingLoopCheckpointed', { input: { generation: 1, last: 3 } });
    await simulator.runUntilIdle();

    await simulator.raiseEvent(instanceId, 'Ping');
    await simulator.raiseEvent(instanceId, 'Ping');
    await simulator.runUntilIdle();

    expect(await simulator.getStatus(instanceId)).toMatchObject({ runtimeStatus: 'Running', generations: 2 });
  });

  it('carries an event that arrives after the result which ends the generation into the next one', async () => {
    const first = await startSimulator();
    simulator = first.simulator;
    const instanceId = await simulator.startNew('PingLoopCheckpointed', { input: { generation: 1, last: 3 } });
    await simulator.runUntilIdle();
    const resultStored = simulator.stopAfter((event) => event.type === 'activityResultStored');
    await simulator.raiseEvent(instanceId, 'Ping');
    await simulator.runUntilIdle();
    await resultStored;
    await simulator.stop();

    ({ simulator } = await startSimulator({ taskHub: first.taskHub, clock: first.clock }));
    const carried: number[] = [];
    simulator.onEvent((event) => {
      if (event.type === 'continuedAsNew') carried.push(event.carriedOverEvents);
    });
    await simulator.raiseEvent(instanceId, 'Ping');
    await simulator.runUntilIdle();

    expect(carried).toEqual([1, 0]);
    expect(await simulator.getStatus(instanceId)).toMatchObject({ runtimeStatus: 'Running', generations: 3 });
  });

  it('carries an event processed after continueAsNew into the next generation, over and over (durable-extension #2606)', async () => {
    // Task.any(timer, event) → event wins → timer.cancel() → continueAsNew in the same episode: replaying the cancelled
    // timer completes the race at once, so the extension reaches ContinueAsNew before it processes the new event, and
    // carries that event over. One Ping therefore drives every generation.
    ({ simulator } = await startSimulator());
    const instanceId = await simulator.startNew('PingLoop', { input: { generation: 1, last: 5 } });
    await simulator.runUntilIdle();

    await simulator.raiseEvent(instanceId, 'Ping');
    await simulator.runUntilIdle();

    expect(await simulator.getStatus(instanceId)).toMatchObject({
      runtimeStatus: 'Completed',
      output: { generation: 5, ended: 'last' },
      generations: 5,
    });
  });

  it('does not carry the event over when an activity runs between the race and continueAsNew', async () => {
    ({ simulator } = await startSimulator());
    const instanceId = await simulator.startNew('PingLoopCheckpointed', { input: { generation: 1, last: 5 } });
    await simulator.runUntilIdle();

    await simulator.raiseEvent(instanceId, 'Ping');
    await simulator.runUntilIdle();

    expect(await simulator.getStatus(instanceId)).toMatchObject({ runtimeStatus: 'Running', generations: 2 });
  });
});
