/**
 * Runs the real app (orchestrations and activities as registered) through the Durable host simulator, against the
 * ARM simulator over HTTPS and Azurite, all on one virtual clock. Configuration is the only thing that points the
 * app at the stand-ins.
 */
import { randomUUID } from 'node:crypto';
import { VirtualClock } from '../../local/clock';
import { DurableHostSimulator } from '../../local/durable';
import { captureRegistrations } from '../../local/functionsHost/captureRegistrations';
import type { ArmSimulatorOptions } from '../../local/arm';
import { registerWorkflows } from '../../orchestrations/register';
import type { WorkflowTiming } from '../../shared/config';
import { loadConfig } from '../../shared/config';
import { createComposition, type Composition } from '../../shared/composition';
import { parseArmId } from '../../shared/domain/naming';
import type { CustomerSpec } from '../../shared/domain/spec';
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
}

/**
 * Seeds the resource groups and VNets (with the subnets the spec names, and a GatewaySubnet) a spec expects.
 * Idempotent: what a previous scenario seeded is left as it is.
 */
export function seedCustomerNetworks(arm: TestArmSimulator, spec: CustomerSpec): void {
  const exists = (id: string) => arm.control.resources().some((r) => r.id.toLowerCase() === id.toLowerCase());
  const location = spec.circuits.location;
  const groups = new Set<string>();
  const seedGroup = (subscriptionId: string, resourceGroup: string) => {
    const key = `${subscriptionId}/${resourceGroup}`.toLowerCase();
    if (groups.has(key)) return;
    groups.add(key);
    if (!exists(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`)) {
      arm.control.seedResourceGroup(subscriptionId, resourceGroup, location);
    }
  };
  seedGroup(spec.circuits.subscriptionId, spec.circuits.resourceGroup);
  for (const link of spec.vnetLinks) {
    const { subscriptionId, resourceGroup, names } = parseArmId(link.vnetId);
    seedGroup(subscriptionId, resourceGroup);
    if (exists(link.vnetId)) continue;
    const subnetNames = new Set<string>();
    for (const table of [...spec.routeTables, ...spec.networkSecurityGroups]) {
      if (table.vnetId.toLowerCase() === link.vnetId.toLowerCase()) table.subnets.forEach((s) => subnetNames.add(s));
    }
    const [firstSpace] = link.addressSpace;
    const base = (firstSpace ?? '10.0.0.0/16').split('.').slice(0, 2).join('.');
    const subnets = [...subnetNames].map((name, index) => ({ name, addressPrefix: `${base}.${index + 1}.0/24` }));
    subnets.push({ name: 'GatewaySubnet', addressPrefix: `${base}.255.0/27` });
    arm.control.seedVirtualNetwork(subscriptionId, resourceGroup, names[0] ?? 'vnet', {
      location,
      addressSpace: [...link.addressSpace],
      subnets,
    });
  }
}

export async function startOnboardingHarness(options: HarnessOptions = {}): Promise<OnboardingHarness> {
  const clock = new VirtualClock(Date.UTC(2026, 10, 2, 8, 0, 0));
  const arm = await startTestArmSimulator({ ...options.arm, clock });
  const tablesConnection = process.env.ERCSP_TEST_TABLES_CONNECTION ?? '';
  const hub = `t${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const config = loadConfig({
    ERCSP_CSP_TENANT_ID: CSP_TENANT_ID,
    ERCSP_CSP_SUBSCRIPTION_IDS: CSP_SUBSCRIPTION_ID,
    ERCSP_ARM_ENDPOINT: arm.endpoint,
    ERCSP_ARM_CA_FILE: arm.caFile,
    ERCSP_ARM_POLL_INTERVAL: '5ms',
    ERCSP_ARM_RETRY_DELAY: '5ms',
    ERCSP_ARM_MAX_RETRY_DELAY: '50ms',
    ERCSP_CREDENTIAL_MODE: 'fake',
    ERCSP_TABLES_CONNECTION: tablesConnection,
    ERCSP_TABLES_PREFIX: hub,
    ERCSP_SECRETS_SOURCE: 'environment',
    ...options.env,
  });
  const composition = createComposition(config);
  const registry = await captureRegistrations(() => {
    registerWorkflows(() => composition.activities);
  });
  const logs: string[] = [];
  const newSimulator = async () => {
    const simulator = new DurableHostSimulator({
      registry,
      clock,
      tables: { connectionString: tablesConnection, taskHub: hub },
      autoAdvance: true,
      logHandler: (_level, ...args) => logs.push(args.map(String).join(' ')),
    });
    await simulator.start();
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
