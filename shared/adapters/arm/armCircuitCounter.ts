/**
 * `CircuitCountPort` over ARM: one subscription-wide list of `expressRouteCircuits` (every circuit, managed by the
 * automation or not, as Azure counts them against its quotas), tallied in all and per region. Configured exactly as
 * `ArmNetworkAdapter` is (same options: endpoint, credentials, subscription directory, TLS, retries), so the
 * composition root can hand both the same settings. The subscription's tenant comes from the directory, and the
 * client only after the tenant guard confirmed the pair, as for every other ARM call.
 */
import { ScopeViolationError } from '../../errors';
import type { CircuitCountPort, CircuitCounts } from '../../ports/placement';
import { regionKey } from '../../ports/placement';
import { listAll } from './armCalls';
import type { ArmNetworkAdapterOptions, ResolvedArmNetworkAdapterOptions } from './armNetworkAdapterOptions';
import { resolveOptions } from './armNetworkAdapterOptions';
import type { ArmClientFactory } from './armClientFactory';
import { clientsFromOptions } from './clientsFromOptions';
import { withOperationRetries } from './operationRetry';

export class ArmCircuitCounter implements CircuitCountPort {
  private readonly settings: ResolvedArmNetworkAdapterOptions;
  private readonly clients: ArmClientFactory;

  constructor(private readonly options: ArmNetworkAdapterOptions) {
    this.settings = resolveOptions(options);
    this.clients = clientsFromOptions(options, this.settings);
  }

  async countCircuits(subscriptionId: string): Promise<CircuitCounts> {
    const tenantId = await this.options.subscriptions.tenantOfSubscription(subscriptionId);
    if (tenantId === undefined) {
      throw new ScopeViolationError(
        `subscription ${subscriptionId} belongs to no registered customer and is not one of the CSP's own; its circuits cannot be counted`,
      );
    }
    const listed = `/subscriptions/${subscriptionId}/providers/Microsoft.Network/expressRouteCircuits`;
    return withOperationRetries(
      {
        attempts: this.settings.operationAttempts,
        backoff: this.settings.retry,
        sleep: this.settings.sleep,
        ...(this.options.random === undefined ? {} : { random: this.options.random }),
      },
      { action: 'list', resourceId: listed },
      async () => {
        const client = await this.clients.clientFor({ tenantId, subscriptionId });
        const circuits = await listAll(listed, client.expressRouteCircuits.listAll());
        const byRegion: Record<string, number> = {};
        for (const circuit of circuits) {
          if (circuit.location === undefined || circuit.location === '') continue;
          const region = regionKey(circuit.location);
          byRegion[region] = (byRegion[region] ?? 0) + 1;
        }
        return { total: circuits.length, byRegion };
      },
    );
  }
}
