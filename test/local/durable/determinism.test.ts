import { NON_DETERMINISTIC_PREFIX } from '../../../local/durable';
import type { DurableHostSimulator } from '../../../local/durable';
import { callsOf, fixtureState } from './fixtures/fixtureState';
import { startSimulator } from './simulatorSupport';

describe('DurableHostSimulator: determinism check', () => {
  let simulator: DurableHostSimulator;

  beforeEach(async () => {
    fixtureState.calls.length = 0;
    fixtureState.nonDeterministicRuns = 0;
    ({ simulator } = await startSimulator());
  });

  afterEach(async () => {
    await simulator.stop();
  });

  it('fails an instance whose replay schedules a different activity than history records, as the host does', async () => {
    const instanceId = await simulator.startNew('NonDeterministic');

    const status = await simulator.waitForCompletion(instanceId);

    expect(status.runtimeStatus).toBe('Failed');
    expect(status.output).toBe(
      `${NON_DETERMINISTIC_PREFIX}A previous execution of this orchestration scheduled an activity task with sequence ` +
        "number 0 named 'Greet', but the current orchestration replay instead scheduled an activity task named 'Echo' " +
        'with this sequence number.  Was a change made to the orchestrator code after this instance had already ' +
        'started running?',
    );
    // durable-functions alone would have carried on: the host stops before the next activity runs.
    expect(callsOf('Echo')).toEqual([]);
  });
});
