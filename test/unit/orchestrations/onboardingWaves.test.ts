import { planTopology } from '../../../shared/domain/planner';
import type { Plan } from '../../../shared/domain/plan';
import { deriveTopology } from '../../../shared/domain/topology';
import { onboardingWaves } from '../../../orchestrations/steps/onboardingWaves';
import { validConnectThroughSpec, validConnectToSpec, validMicrosoftPeering } from '../../support/specs';

const CSP_TENANT = { cspTenantId: '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b' };

function planFor(spec = validConnectThroughSpec()): Plan {
  return planTopology(deriveTopology(spec, CSP_TENANT));
}

describe('onboarding waves', () => {
  it('runs both legs and every gateway side by side, after the quick preparation steps', () => {
    const spec = validConnectThroughSpec();
    spec.circuits.microsoftPeering = validMicrosoftPeering();
    const waves = onboardingWaves(planFor(spec));

    expect(waves.lanes.map((l) => l.leg)).toEqual(['a', 'b']);
    expect(waves.gateways.length).toBe(spec.vnetLinks.length);
    expect(waves.preparation.map((s) => s.intent.kind)).toContain('routeFilter');
    for (const lane of waves.lanes) {
      const kinds = lane.afterProvider.map((s) => s.intent.kind);
      // one write at a time on a circuit, in the plan's order: authorizations, then private and Microsoft peering
      const authorizations = spec.vnetLinks.length;
      expect(kinds.slice(0, authorizations)).toEqual(Array<string>(authorizations).fill('authorization'));
      expect(kinds.slice(authorizations)).toEqual(['peering', 'peering']);
    }
    expect(waves.connections.length).toBe(2 * spec.vnetLinks.length);
  });

  it('needs authorizations for connect-to only where a VNet sits outside the circuits’ subscription', () => {
    const spec = validConnectToSpec();
    const outside = spec.vnetLinks.filter(
      (l) => !l.vnetId.toLowerCase().includes(spec.circuits.subscriptionId.toLowerCase()),
    );
    const waves = onboardingWaves(planFor(spec));
    for (const lane of waves.lanes) {
      expect(lane.afterProvider.filter((s) => s.intent.kind === 'authorization')).toHaveLength(outside.length);
    }
  });

  it('covers every ensure step of the plan exactly once', () => {
    const plan = planFor();
    const waves = onboardingWaves(plan);
    const placed = [
      ...waves.preparation,
      ...waves.lanes.flatMap((l) => [l.circuit, ...l.afterProvider]),
      ...waves.gateways,
      ...waves.connections,
      ...waves.subnetAssociations,
    ].map((s) => s.stepKey);
    const ensureKeys = plan.steps.filter((s) => s.action === 'ensure').map((s) => s.key);
    expect([...placed].sort()).toEqual([...ensureKeys].sort());
  });

  it('refuses a plan whose dependencies the waves would not honour', () => {
    const plan = planFor();
    const gateway = plan.steps.find((s) => s.action === 'ensure' && s.intent.kind === 'gateway');
    const connection = plan.steps.find((s) => s.action === 'ensure' && s.intent.kind === 'connection');
    expect(gateway && connection).toBeTruthy();
    // A gateway that waited for a connection would put the 45-minute build after the provider: refuse it.
    const twisted: Plan = {
      ...plan,
      steps: plan.steps.map((s) => (s === gateway ? { ...s, dependsOn: [connection!.key] } : s)),
    };
    expect(() => onboardingWaves(twisted)).toThrow(/depends on connection/);
  });
});
