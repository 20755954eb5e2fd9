import type { DurableHostSimulator, SimulatorEvent } from '../../../local/durable';
import { callsOf, fixtureState } from './fixtures/fixtureState';
import { startSimulator } from './simulatorSupport';
import type { SimulatorSetup } from './simulatorSupport';

/** Matches the `nth` RecordStep activity event of a type (steps run one after another). */
function nthStep(type: 'activityCompleted' | 'activityResultStored', nth: number): (event: SimulatorEvent) => boolean {
  let seen = 0;
  return (event) => event.type === type && event.name === 'RecordStep' && ++seen === nth;
}

describe('DurableHostSimulator: resuming from the tables after a stop', () => {
  let crashed: SimulatorSetup;
  let resumed: DurableHostSimulator | undefined;

  beforeEach(async () => {
    fixtureState.calls.length = 0;
    crashed = await startSimulator({ autoAdvance: true });
  });

  afterEach(async () => {
    await crashed.simulator.stop();
    await resumed?.stop();
    resumed = undefined;
  });

  async function resume(): Promise<DurableHostSimulator> {
    await crashed.simulator.stop();
    ({ simulator: resumed } = await startSimulator({
      taskHub: crashed.taskHub,
      clock: crashed.clock,
      autoAdvance: true,
    }));
    return resumed;
  }

  it('does not run again an activity whose result was stored before the crash', async () => {
    const instanceId = await crashed.simulator.startNew('Steps', { input: 4 });
    const crash = crashed.simulator.stopAfter(nthStep('activityResultStored', 1));

    expect((await crashed.simulator.runUntilIdle()).reason).toBe('stopped');
    await crash;
    expect(callsOf('RecordStep')).toEqual([1]);

    const status = await (await resume()).waitForCompletion(instanceId);

    expect(status.output).toEqual([1, 2, 3, 4]);
    expect(callsOf('RecordStep')).toEqual([1, 2, 3, 4]);
  });

  it('runs again an activity that completed but whose result was not stored (at-least-once)', async () => {
    const instanceId = await crashed.simulator.startNew('Steps', { input: 4 });
    const crash = crashed.simulator.stopAfter(nthStep('activityCompleted', 3));

    await crashed.simulator.runUntilIdle();
    await crash;
    expect(callsOf('RecordStep')).toEqual([1, 2, 3]);
    expect(await crashed.simulator.getStatus(instanceId)).toMatchObject({ runtimeStatus: 'Running' });

    const status = await (await resume()).waitForCompletion(instanceId);

    expect(status.output).toEqual([1, 2, 3, 4]);
    expect(callsOf('RecordStep')).toEqual([1, 2, 3, 3, 4]);
  });

  it('re-arms a durable timer that was pending when the simulator stopped', async () => {
    const instanceId = await crashed.simulator.startNew('Steps', { input: 3 });
    const crash = crashed.simulator.stopAfter(
      (event) => event.type === 'episodeCompleted' && event.scheduled.some((scheduled) => scheduled.kind === 'timer'),
    );

    await crashed.simulator.runUntilIdle();
    await crash;

    const status = await (await resume()).waitForCompletion(instanceId);

    expect(status.output).toEqual([1, 2, 3]);
    expect(callsOf('RecordStep')).toEqual([1, 2, 3]);
  });
});
