/**
 * The customer's side of the world as it stands before onboarding, seeded into the ARM simulator: resource groups,
 * the VNets a spec links (with the subnets it names, and a GatewaySubnet), the ExpressRoute gateways it names as
 * existing (the customer built them, so they carry no automation tag), and which tenant owns which subscription.
 */
import { encryptionRouteTables } from '../../shared/domain/encryptionTopology';
import { circuitPairsOf } from '../../shared/domain/pairs';
import { request as httpsRequest } from 'node:https';
import type { ArmSimulator } from '../arm';
import { parseArmId, resourceNameOf } from '../../shared/domain/naming';
import type { CustomerSpec } from '../../shared/domain/spec';
import { subscriptionsNamedBy } from '../../shared/services/requestScope';

/** The API version the seeding requests use (any version the simulator knows would do). */
const SEED_API_VERSION = '2024-07-01';
/** Polls of the gateway build before giving up (on a virtual clock the second poll completes it). */
const MAX_SEED_POLLS = 10;

/**
 * Seeds the resource groups and VNets (with the subnets the spec names, and a GatewaySubnet) a spec expects.
 * Idempotent: what a previous scenario seeded is left as it is.
 */
export function seedCustomerNetworks(arm: Pick<ArmSimulator, 'control'>, spec: CustomerSpec): void {
  const exists = (id: string) => arm.control.resources().some((r) => r.id.toLowerCase() === id.toLowerCase());
  const location = circuitPairsOf(spec)[0]?.location ?? 'westeurope';
  const groups = new Set<string>();
  const seedGroup = (subscriptionId: string, resourceGroup: string) => {
    const key = `${subscriptionId}/${resourceGroup}`.toLowerCase();
    if (groups.has(key)) return;
    groups.add(key);
    if (!exists(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`)) {
      arm.control.seedResourceGroup(subscriptionId, resourceGroup, location);
    }
  };
  for (const pair of circuitPairsOf(spec)) {
    if (pair.subscriptionId !== undefined) seedGroup(pair.subscriptionId, pair.resourceGroup);
  }
  for (const link of spec.vnetLinks) {
    const { subscriptionId, resourceGroup, names } = parseArmId(link.vnetId);
    seedGroup(subscriptionId, resourceGroup);
    if (link.gateway.id !== undefined) {
      const gateway = parseArmId(link.gateway.id);
      seedGroup(gateway.subscriptionId, gateway.resourceGroup);
    }
    if (exists(link.vnetId)) continue;
    const subnetNames = new Set<string>();
    for (const table of [...spec.routeTables, ...spec.networkSecurityGroups, ...encryptionRouteTables(spec)]) {
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

/**
 * Builds, through the ARM API as the customer would have, each ExpressRoute gateway the spec names as existing, in
 * its VNet's GatewaySubnet, and waits until it has Succeeded. Call after `seedCustomerNetworks`. Idempotent.
 */
export async function seedExistingGateways(
  arm: Pick<ArmSimulator, 'endpoint' | 'caPem' | 'control'>,
  spec: CustomerSpec,
): Promise<void> {
  for (const link of spec.vnetLinks) {
    const gatewayId = link.gateway.id;
    if (gatewayId === undefined || arm.control.get(gatewayId) !== undefined) continue;
    const started = await armCall(arm, 'PUT', gatewayId, {
      location: link.location ?? circuitPairsOf(spec)[0]?.location ?? 'westeurope',
      tags: { owner: `${spec.customer.id}-netops` },
      properties: {
        gatewayType: 'ExpressRoute',
        sku: { name: link.gateway.sku, tier: link.gateway.sku },
        ipConfigurations: [{ name: 'default', properties: { subnet: { id: `${link.vnetId}/subnets/GatewaySubnet` } } }],
      },
    });
    if (started.status >= 300) {
      throw new Error(`seeding gateway ${resourceNameOf(gatewayId)} failed: ${started.status} ${started.text}`);
    }
    const operation = started.asyncOperation;
    for (let poll = 0; operation !== undefined && poll < MAX_SEED_POLLS; poll++) {
      const status = await armCall(arm, 'GET', operation);
      if (!/"status"\s*:\s*"(InProgress|Accepted|Running)"/.test(status.text)) break;
    }
    const state = arm.control.get(gatewayId)?.properties.provisioningState;
    if (state !== 'Succeeded')
      throw new Error(
        `seeded gateway ${resourceNameOf(gatewayId)} is ${typeof state === 'string' ? state : 'missing'}`,
      );
  }
}

/**
 * Which tenant owns which subscription, as Azure knows it, so that the simulator refuses a token from the wrong tenant
 * as Azure does. Built only from requests the intake accepted (a refused request proves nothing about who owns what),
 * and never rewritten: a subscription belongs to one tenant, so the first accepted request that names it binds it.
 * The CSP's own subscriptions always belong to the CSP's tenant.
 */
export class TenantBindings {
  private readonly tenantOf = new Map<string, string>();
  private readonly cspSubscriptions: ReadonlySet<string>;

  constructor(
    private readonly arm: Pick<ArmSimulator, 'control'>,
    private readonly csp: { readonly tenantId: string; readonly subscriptionIds: readonly string[] },
  ) {
    this.cspSubscriptions = new Set(csp.subscriptionIds.map((id) => id.toLowerCase()));
  }

  /**
   * Binds each subscription an accepted request's spec uses that is not bound yet. Returns what it left as it was: a
   * subscription already bound to another tenant (the simulator will refuse this request's tokens there).
   */
  bindAccepted(spec: CustomerSpec): string[] {
    const conflicts: string[] = [];
    const subscriptions = new Set(subscriptionsNamedBy(spec).map((named) => named.subscriptionId.toLowerCase()));
    for (const subscriptionId of subscriptions) {
      const tenantId = this.cspSubscriptions.has(subscriptionId) ? this.csp.tenantId : spec.customer.tenantId;
      const bound = this.tenantOf.get(subscriptionId);
      if (bound === undefined) {
        this.tenantOf.set(subscriptionId, tenantId);
        this.arm.control.setSubscriptionTenant(subscriptionId, tenantId);
      } else if (bound.toLowerCase() !== tenantId.toLowerCase()) {
        conflicts.push(
          `subscription ${subscriptionId} stays bound to tenant ${bound}; this request names it for tenant ${tenantId}`,
        );
      }
    }
    return conflicts;
  }

  /** Subscription → tenant, as bound so far. */
  bindings(): ReadonlyMap<string, string> {
    return this.tenantOf;
  }
}

interface ArmCallResult {
  readonly status: number;
  readonly text: string;
  readonly asyncOperation: string | undefined;
}

/** One request to the simulator with any bearer token (before tenants are bound, it accepts every token). */
function armCall(
  arm: Pick<ArmSimulator, 'endpoint' | 'caPem'>,
  method: 'GET' | 'PUT',
  path: string,
  body?: unknown,
): Promise<ArmCallResult> {
  const url = new URL(path, arm.endpoint);
  if (!url.searchParams.has('api-version')) url.searchParams.set('api-version', SEED_API_VERSION);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { Authorization: 'Bearer rehearsal-seed' };
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, headers, ca: arm.caPem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const operation = res.headers['azure-asyncoperation'];
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          asyncOperation: typeof operation === 'string' ? operation : undefined,
        });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
