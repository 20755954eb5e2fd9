/**
 * The connectivity provider's side of each circuit: `serviceProviderProvisioningState`
 * NotProvisioned → Provisioning → Provisioned, and Provisioned → Deprovisioning → NotProvisioned.
 *
 * Driven two ways: automatically (`provider.provisionAfterMs` after creation the circuit is Provisioned, having
 * turned Provisioning part-way; `'never'` for a provider that never acts), and through the control API, which plays
 * the provider-facing workflow: `provision` (the provider finished now), `deprovision` (the CSP asked the provider to
 * tear down; NotProvisioned after `provider.deprovisionAfterMs`), `setProviderState` (force any state). A manual step
 * cancels pending automatic ones. Provider changes are not ARM operations: provisioningState stays as it is.
 */
import { ControlError } from './controlError';
import type { Simulation } from './simulation';
import type { StoredResource } from './store';

/** The four states of api 2025-03-01, plus `DeProvisioned`, which api 2026-01-01 adds (only ever set by force). */
export const SERVICE_PROVIDER_STATES = [
  'NotProvisioned',
  'Provisioning',
  'Provisioned',
  'Deprovisioning',
  'DeProvisioned',
] as const;
export type ServiceProviderProvisioningState = (typeof SERVICE_PROVIDER_STATES)[number];

const STATE_FIELD = 'serviceProviderProvisioningState';

export function providerStateOf(circuit: StoredResource): string {
  const state = circuit.properties[STATE_FIELD];
  return typeof state === 'string' ? state : 'NotProvisioned';
}

export class ProviderStateMachine {
  constructor(private readonly sim: Simulation) {}

  /** A provider-model circuit was created: plan the provider's automatic progress. */
  circuitCreated(circuit: StoredResource): void {
    const { provisionAfterMs, provisioningStartsAfterMs } = this.sim.config.provider;
    if (provisionAfterMs === 'never') return;
    const generation = this.newPlan(circuit);
    const startsAfter = Math.min(provisionAfterMs, provisioningStartsAfterMs ?? provisionAfterMs / 2);
    this.transitionAt(circuit.createdAt + startsAfter, circuit, generation, ['NotProvisioned'], 'Provisioning');
    this.transitionAt(
      circuit.createdAt + provisionAfterMs,
      circuit,
      generation,
      ['NotProvisioned', 'Provisioning'],
      'Provisioned',
    );
  }

  /** The provider finished its work now. */
  provision(circuitId: string): StoredResource {
    const circuit = this.circuit(circuitId);
    this.newPlan(circuit);
    this.setState(circuit, 'Provisioned');
    return circuit;
  }

  /**
   * The CSP asked the provider to deprovision. Like a real provider, it refuses while Azure peerings still exist
   * (they must be removed first) and when the circuit is not Provisioned.
   */
  deprovision(circuitId: string): StoredResource {
    const circuit = this.circuit(circuitId);
    const state = providerStateOf(circuit);
    if (state !== 'Provisioned') {
      throw new ControlError(409, `the provider can only deprovision a Provisioned circuit; ${circuit.id} is ${state}`);
    }
    const peerings = this.sim.store.children(circuit.key, 'peering');
    if (peerings.length > 0) {
      throw new ControlError(
        409,
        `the provider refuses to deprovision ${circuit.id} while Azure peerings exist: ${peerings.map((p) => p.name).join(', ')}`,
      );
    }
    const generation = this.newPlan(circuit);
    this.setState(circuit, 'Deprovisioning');
    const { deprovisionAfterMs } = this.sim.config.provider;
    if (deprovisionAfterMs !== 'never') {
      this.transitionAt(this.sim.now() + deprovisionAfterMs, circuit, generation, ['Deprovisioning'], 'NotProvisioned');
      this.sim.settle();
    }
    return circuit;
  }

  /** Forces a state (no checks), cancelling pending automatic steps. */
  forceState(circuitId: string, state: string): StoredResource {
    const circuit = this.circuit(circuitId);
    this.newPlan(circuit);
    this.setState(circuit, state);
    return circuit;
  }

  private circuit(circuitId: string): StoredResource {
    this.sim.settle();
    const circuit = this.sim.store.get(circuitId);
    if (circuit?.kind !== 'expressRouteCircuit') throw new ControlError(404, `no ExpressRoute circuit ${circuitId}`);
    return circuit;
  }

  private newPlan(circuit: StoredResource): number {
    const generation = (circuit.internal.providerGeneration ?? 0) + 1;
    circuit.internal.providerGeneration = generation;
    return generation;
  }

  private setState(circuit: StoredResource, state: string): void {
    circuit.properties[STATE_FIELD] = state;
    this.sim.touch(circuit);
  }

  private transitionAt(
    time: number,
    circuit: StoredResource,
    generation: number,
    from: readonly string[],
    to: ServiceProviderProvisioningState,
  ): void {
    this.sim.scheduler.schedule(time, () => {
      const current = this.sim.store.get(circuit.key);
      if (current !== circuit || circuit.internal.providerGeneration !== generation) return;
      if (from.includes(providerStateOf(circuit))) this.setState(circuit, to);
    });
  }
}
