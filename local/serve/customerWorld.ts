/**
 * The customers' side of the world for `ercsp serve`, as the rehearsal keeps it (local/rehearsal/customerNetworks.ts):
 * before a request reaches the app, the resource groups, VNets and existing gateways its spec names are seeded into
 * the ARM simulator (as if the customer had built them), and each BGP MD5 secret reference without a value gets a
 * random one in `ERCSP_SECRET__<vault>__<secret>`; once the intake has accepted it (its workflow exists), Azure learns
 * which tenant owns its subscriptions. The app itself sees none of this: only the simulated Azure it calls.
 */
import { randomBytes } from 'node:crypto';
import { EnvironmentSecretResolver } from '../../shared/adapters/secrets/environmentSecretResolver';
import { InstanceIds } from '../../shared/ports/requestWorkflows';
import type { LocalCspContext } from '../cli/defaults';
import { seedCustomerNetworks, seedExistingGateways, TenantBindings } from '../rehearsal/customerNetworks';
import { describeRequest, type RehearsalRequest } from '../rehearsal/requestFiles';
import type { RehearsalStack } from '../rehearsal/stack';

export class CustomerWorld {
  private readonly tenants: TenantBindings;
  /** What the operator should know (a subscription left bound to another tenant), one line each. */
  readonly notes: string[] = [];

  constructor(
    private readonly stack: Pick<RehearsalStack, 'arm' | 'durable'>,
    private readonly csp: LocalCspContext,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.tenants = new TenantBindings(stack.arm, {
      tenantId: csp.cspTenantId,
      subscriptionIds: csp.cspSubscriptionIds,
    });
  }

  /**
   * Readies the world for a request about to be delivered (`text`: its body, as received). Returns what could be
   * told from it; a body that is not a valid onboarding seeds nothing (the app will refuse it on its own terms).
   */
  async prepare(source: string, text: string): Promise<RehearsalRequest> {
    const request = describeRequest(source, text, this.csp);
    for (const reference of request.secretReferences) {
      const variable = EnvironmentSecretResolver.variableFor(reference);
      const current = this.env[variable];
      if (current === undefined || current === '') this.env[variable] = `md5-${randomBytes(12).toString('base64url')}`;
    }
    if (request.spec !== undefined) {
      seedCustomerNetworks(this.stack.arm, request.spec);
      await seedExistingGateways(this.stack.arm, request.spec);
    }
    return request;
  }

  /** After delivery: when the intake started the request's workflow, Azure now knows who owns its subscriptions. */
  async delivered(request: RehearsalRequest): Promise<void> {
    if (request.spec === undefined || request.id === undefined) return;
    const status = await this.stack.durable.getStatus(InstanceIds.forRequest(request.id));
    if (status === undefined) return;
    this.notes.push(...this.tenants.bindAccepted(request.spec).map((conflict) => `${request.id ?? ''}: ${conflict}`));
  }
}
