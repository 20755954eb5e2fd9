/** Shared set-up for the simulator tests: the captured fixture app and simulators on the test run's Azurite. */
import { VirtualClock } from '../../../local/clock';
import { captureRegistrations } from '../../../local/functionsHost';
import type { FunctionRegistry } from '../../../local/functionsHost';
import { DurableHostSimulator } from '../../../local/durable';
import type { DurableHostSimulatorOptions } from '../../../local/durable';

export const DAY_MS = 24 * 60 * 60 * 1000;

let registry: Promise<FunctionRegistry> | undefined;

/** Captures the fixture app once per test file (each test file has its own module registry). */
export function fixtureRegistry(): Promise<FunctionRegistry> {
  registry ??= captureRegistrations(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the entry module must first load inside the capture, as the host loads it
    require('./fixtures/testApp');
  });
  return registry;
}

export function tablesConnectionString(): string {
  const connectionString = process.env.ERCSP_TEST_TABLES_CONNECTION;
  if (connectionString === undefined) throw new Error('ERCSP_TEST_TABLES_CONNECTION is not set: run through jest.');
  return connectionString;
}

let hubs = 0;

/** A task hub name no other test uses (table names derive from it). */
export function uniqueTaskHub(): string {
  hubs += 1;
  return `T${Date.now().toString(36)}${process.pid.toString(36)}${hubs}`;
}

export interface SimulatorSetup {
  readonly simulator: DurableHostSimulator;
  readonly clock: VirtualClock;
  readonly taskHub: string;
}

type Overrides = Partial<Omit<DurableHostSimulatorOptions, 'registry' | 'tables' | 'clock'>> & {
  readonly clock?: VirtualClock;
  readonly taskHub?: string;
};

/** A started simulator over a fresh task hub (or `taskHub`, to resume an earlier one). */
export async function startSimulator(overrides: Overrides = {}): Promise<SimulatorSetup> {
  const { clock = new VirtualClock(), taskHub = uniqueTaskHub(), ...options } = overrides;
  const simulator = new DurableHostSimulator({
    registry: await fixtureRegistry(),
    clock,
    tables: { connectionString: tablesConnectionString(), taskHub },
    ...options,
  });
  await simulator.start();
  return { simulator, clock, taskHub };
}
