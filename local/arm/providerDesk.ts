/**
 * The connectivity provider's desk, as the rehearsal and the tests play it: it reads the app's outbound events and,
 * for each `provider.deprovision.requested`, asks the simulated provider to deprovision that circuit, which then
 * reaches NotProvisioned after the simulator's `provider.deprovisionAfterMs`, as a real provider does days later.
 * In `never` mode the provider acknowledges (Deprovisioning) and never finishes: the app's wait escalates.
 *
 * Provisioning needs no desk (the simulated provider provisions on its own after `provisionAfterMs`); deprovisioning
 * follows the request, because the provider refuses it while Azure peerings exist.
 */
import { OutboundEventTypes, type OutboundEvent } from '../../shared/ports/outbound';
import type { ArmSimulatorControl } from './control';

export type ProviderDeskMode = 'deprovision' | 'never';

export interface ProviderDesk {
  /** Switchable between scenarios. */
  mode: ProviderDeskMode;
  /** Each request received: the circuit, and what the provider answered (`refused: …` when it refused). */
  readonly received: { readonly circuitId: string; readonly answer: string }[];
  receive(event: OutboundEvent): void;
}

export function createProviderDesk(
  control: Pick<ArmSimulatorControl, 'deprovision' | 'setProviderState'>,
  mode: ProviderDeskMode = 'deprovision',
): ProviderDesk {
  const received: ProviderDesk['received'] = [];
  const desk: ProviderDesk = {
    mode,
    received,
    receive(event) {
      if (event.type !== OutboundEventTypes.deprovisionRequested) return;
      const circuitId = event.data.circuitId;
      if (typeof circuitId !== 'string') return;
      try {
        if (desk.mode === 'never') {
          control.setProviderState(circuitId, 'Deprovisioning');
          received.push({ circuitId, answer: 'acknowledged, never finishes' });
        } else {
          control.deprovision(circuitId);
          received.push({ circuitId, answer: 'deprovisioning' });
        }
      } catch (error) {
        // A real provider refuses too (peerings still there, circuit not provisioned): the app's wait sees no change.
        received.push({ circuitId, answer: `refused: ${error instanceof Error ? error.message : String(error)}` });
      }
    },
  };
  return desk;
}
