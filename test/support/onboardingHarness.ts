/**
 * Runs the real app (orchestrations and activities as registered) through the Durable host simulator, against the
 * ARM simulator over HTTPS and Azurite, all on one virtual clock. Configuration is the only thing that points the
 * app at the stand-ins.
 */
import { randomUUID } from 'node:crypto';
import { VirtualClock } from '../../local/clock';
import { DurableHostSimulator, type DurableHostSimulatorOptions } from '../../local/durable';
import { captureRegistrations } from '../../local/functionsHost/captureRegistrations';
import type { ArmSimulatorOptions } from '../../local/arm';
import { standInEnvironment } from '../../local/rehearsal/environment';
import { registerWorkflows } from '../../orchestrations/register';
import type { WorkflowTiming } from '../../shared/config';
import { loadConfig } from '../../shared/config';
import { createComposition, type Composition } from '../../shared/composition';
import type { OutboundEvent } from '../../shared/ports/outbound';
import { startTestArmSimulator, type TestArmSimulator } from './armSimulator';
import { CSP_SUBSCRIPTION_ID } from './specs';

export const CSP_TENANT_ID = '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b';

export interface OnboardingHarness {
  readonly clock: VirtualClock;
  readonly arm: TestArmSimulator;
  readonly composition: Composition;
  /** The current Durable host simulator (a new one after each `restartDurable`). */
  readonly durable: DurableHostSimulator;
  /** Simulates a host restart: the running simulator is dropped, a new one resumes from the stored history. */
  restartDurable(): Promise<DurableHostSimulator>;
  readonly timing: WorkflowTiming;
  readonly logs: string[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly arm?: ArmSimulatorOptions;
  readonly env?: Record<string, string>;
  /** Durable host settings; the history recorder runs one work item at a time and keeps every generation. */
  readonly durable?: Pick<DurableHostSimulatorOptions, 'sequential' | 'keepPreviousGenerations'>;
  /** Sees every outbound event the app publishes, after it is recorded (e.g. the provider desk of local/arm). */
  readonly outboundTap?: (event: OutboundEvent) => void;
}

/** Seeds a spec's resource groups and VNets; lives with the rehearsal, which seeds the same world. */
export { seedCustomerNetworks } from '../../local/rehearsal/customerNetworks';

export async function startOnboardingHarness(options: HarnessOptions = {}): Promise<OnboardingHarness> {
  const clock = new VirtualClock(Date.UTC(2026, 10, 2, 8, 0, 0));
  const arm = await startTestArmSimulator({ ...options.arm, clock });
  const tablesConnection = process.env.ERCSP_TEST_TABLES_CONNECTION ?? '';
  const hub = `t${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const config = loadConfig({
    ...standInEnvironment({
      cspTenantId: CSP_TENANT_ID,
      cspSubscriptionIds: [CSP_SUBSCRIPTION_ID],
      arm,
      tables: { connectionString: tablesConnection, prefix: hub },
    }),
    ...options.env,
  });
  const composition = createComposition(config);
  const registry = await captureRegistrations(() => {
    registerWorkflows(() => {
      const tap = options.outboundTap;
      if (tap === undefined) return composition.activities;
      const { outbound } = composition.activities;
      return {
        ...composition.activities,
        outbound: {
          publish: async (event) => {
            await outbound.publish(event);
            tap(event);
          },
        },
      };
    });
  });
  const logs: string[] = [];
  const newSimulator = async () => {
    const simulator = new DurableHostSimulator({
      registry,
      clock,
      tables: { connectionString: tablesConnection, taskHub: hub },
      autoAdvance: true,
      ...options.durable,
      logHandler: (_level, ...args) => logs.push(args.map(String).join(' ')),
    });
    await simulator.start();
    // Activities that raise events on other instances get the durableClient binding, as the extension gives it.
    await simulator.listenHttp();
    return simulator;
  };
  let durable = await newSimulator();
  return {
    clock,
    arm,
    composition,
    get durable() {
      return durable;
    },
    restartDurable: async () => {
      await durable.stop();
      durable = await newSimulator();
      return durable;
    },
    timing: config.timing,
    logs,
    stop: async () => {
      await durable.stop();
      await composition.close();
      await arm.stop();
    },
  };
}
