/**
 * planBandwidthChange against what Azure reports (a fake network port stating it): Premium → Standard is refused when
 * the VNet links Azure has reach another geopolitical area, even though the spec alone would allow it; the
 * circuits come leg b first with only their size changed; nothing is written either way (the port has no writer).
 */
import { createPlanBandwidthChangeActivity } from '../../orchestrations/bandwidth/bandwidth.activity';
import type { CircuitIntent, ConnectionIntent, ResourceIntent } from '../../shared/domain/intents';
import type { CustomerSpec } from '../../shared/domain/spec';
import { deriveTopology } from '../../shared/domain/topology';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import type { CheckpointEntry } from '../../shared/ports/checkpoints';
import type { Observed, ResourceRef } from '../../shared/ports/network';
import { customerRecord } from '../support/readOnlyFakes';
import { CONTOSO_TENANT_ID, validConnectThroughSpec } from '../support/specs';

const CSP_TENANT_ID = '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b';

function premiumSpec(): CustomerSpec {
  const spec = validConnectThroughSpec();
  return { ...spec, circuits: { ...spec.circuits, sku: { tier: 'Premium', family: 'MeteredData' } } };
}

/** Azure as the fake reports it: every resource of the topology, connections in `linkRegion`. */
function dependencies(spec: CustomerSpec, linkRegion: string) {
  const resources = deriveTopology(spec, { cspTenantId: CSP_TENANT_ID }).resources;
  const byId = new Map<string, ResourceIntent>(resources.map((intent) => [intent.id.toLowerCase(), intent]));
  const checkpoints: CheckpointEntry[] = [];
  const observe = (intent: ResourceIntent): Observed => ({
    intent: intent.kind === 'connection' ? ({ ...intent, location: linkRegion } satisfies ConnectionIntent) : intent,
    state: {
      provisioningState: 'Succeeded',
      managed: true,
      serviceKey: 'f8c18450-48df-4518-ba6b-89108adc0335',
      serviceProviderProvisioningState: 'Provisioned',
      circuitProvisioningState: 'Enabled',
      peeringNames: [],
      authorizationNames: [],
    } as Observed['state'],
  });
  const network = {
    getCircuit: (id: string) => {
      const intent = byId.get(id.toLowerCase());
      return Promise.resolve(intent === undefined ? undefined : observe(intent));
    },
    read: (ref: ResourceRef) => {
      const intent = byId.get(ref.id.toLowerCase());
      return Promise.resolve(intent === undefined ? undefined : observe(intent));
    },
  };
  const deps = {
    network,
    checkpoints: {
      record: (entry: CheckpointEntry) => {
        checkpoints.push(entry);
        return Promise.resolve({ written: true });
      },
    },
    customers: {
      get: () => Promise.resolve(customerRecord({ id: 'contoso', tenantId: CONTOSO_TENANT_ID, spec })),
    },
    providerOffers: {
      list: () =>
        Promise.resolve([{ name: 'Equinix', peeringLocations: ['Amsterdam', 'Amsterdam2'], bandwidthsMbps: [] }]),
    },
    csp: { tenantId: CSP_TENANT_ID, subscriptionIds: [] },
  } as unknown as ActivityDependencies;
  return { deps, checkpoints };
}

const step = { requestId: 'bw-1', customerId: 'contoso', stepKey: 'plan-bandwidth' };
const toStandard = {
  customerId: 'contoso',
  bandwidthMbps: 1000,
  sku: { tier: 'Standard', family: 'MeteredData' },
} as const;

describe('planBandwidthChange', () => {
  it('refuses Premium → Standard when Azure shows links in another geopolitical area', async () => {
    const { deps, checkpoints } = dependencies(premiumSpec(), 'eastus');
    const plan = await createPlanBandwidthChangeActivity(deps)({ ...step, change: toStandard });
    expect(plan).toMatchObject({
      ok: false,
      issues: expect.arrayContaining([
        expect.objectContaining({ path: 'data.sku.tier', rule: 'change.cross-geopolitical-links' }),
      ]),
    });
    expect(checkpoints.at(-1)).toMatchObject({
      stepKey: 'plan-bandwidth',
      status: 'Failed',
      errorCode: 'ValidationFailed',
    });
  });

  it('plans Premium → Standard in place when the links stay in the area: leg b first, only the size changed', async () => {
    const spec = premiumSpec();
    const { deps } = dependencies(spec, 'northeurope');
    const plan = await createPlanBandwidthChangeActivity(deps)({ ...step, change: toStandard });
    if (!plan.ok) throw new Error(JSON.stringify(plan.issues));
    expect(plan.circuits.map((resize) => resize.leg)).toEqual(['b', 'a']);
    const circuits = deriveTopology(spec, { cspTenantId: CSP_TENANT_ID }).resources.filter(
      (intent): intent is CircuitIntent => intent.kind === 'circuit',
    );
    const legB = circuits.find((circuit) => circuit.leg === 'b');
    expect(plan.circuits[0]?.circuit).toEqual({ ...legB, sku: toStandard.sku });
    expect(plan.circuits[0]?.dependents.map((dependent) => dependent.kind).sort()).toEqual([
      'connection',
      'connection',
      'peering',
    ]);
  });
});
