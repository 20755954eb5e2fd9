/**
 * `NetworkPort` over Azure Resource Manager (`@azure/arm-network`), for many tenants at once. Each method: a client
 * for the intent's (tenant, subscription) — confirmed by the tenant guard first — then the kind's idempotent
 * operation (see `operations/`), inside an outer retry for retryable failures. Nothing here logs.
 */
import type {
  ArmId,
  AuthorizationIntent,
  CircuitIntent,
  ConnectionIntent,
  GatewayIntent,
  NsgIntent,
  PeeringIntent,
  ResourceKind,
  RouteFilterIntent,
  RouteTableIntent,
  Scope,
  SubnetAssociationIntent,
  LocalNetworkGatewayIntent,
  VpnConnectionIntent,
  VpnGatewayIntent,
} from '../../domain/intents';
import { resourceNameOf } from '../../domain/naming';
import type {
  AuthorizationState,
  CircuitState,
  ConnectionState,
  DeleteOptions,
  DeleteOutcome,
  EnsureOptions,
  Ensured,
  NetworkPort,
  Observed,
  PeeringState,
  ResourceRef,
} from '../../ports/network';
import type { ProviderOffers } from '../../ports/providerOffers';
import type { ArmContext } from './armContext';
import type { ArmNetworkAdapterOptions, ResolvedArmNetworkAdapterOptions } from './armNetworkAdapterOptions';
import { resolveOptions } from './armNetworkAdapterOptions';
import { clientsFromOptions } from './clientsFromOptions';
import { KeyedMutex } from './keyedMutex';
import { deleteAuthorization, ensureAuthorization, readAuthorization } from './operations/authorizationOperations';
import { parentCircuitId } from './operations/circuitChildren';
import { deleteCircuit, ensureCircuit, readCircuit } from './operations/circuitOperations';
import { readPrivatePeeringRoutes } from './operations/routesSummary';
import { ensureConnection } from './operations/connectionOperations';
import {
  ensureLocalNetworkGateway,
  ensureVpnConnection,
  ensureVpnGateway,
  localNetworkGatewayKind,
  vpnConnectionKind,
  vpnGatewayKind,
} from './operations/encryptionOperations';
import { ensureGateway } from './operations/gatewayOperations';
import { listResourceGroup } from './operations/listResourceGroup';
import { deletePeering, ensurePeering, readPeering } from './operations/peeringOperations';
import { ProviderCatalogue } from './operations/providerCatalogue';
import { ensureNsg, ensureRouteFilter, ensureRouteTable } from './operations/routingOperations';
import {
  deleteSubnetAssociation,
  ensureSubnetAssociation,
  readSubnetAssociation,
} from './operations/subnetAssociationOperations';
import { connectionKind, gatewayKind, nsgKind, routeFilterKind, routeTableKind } from './operations/topLevelKinds';
import { deleteTopLevel, readTopLevel } from './operations/topLevelResource';
import { withOperationRetries } from './operationRetry';

export class ArmNetworkAdapter implements NetworkPort {
  private readonly settings: ResolvedArmNetworkAdapterOptions;
  private readonly context: ArmContext;
  private readonly catalogue = new ProviderCatalogue();

  constructor(private readonly options: ArmNetworkAdapterOptions) {
    this.settings = resolveOptions(options);
    const clients = clientsFromOptions(options, this.settings);
    this.context = {
      clientFor: (scope) => clients.clientFor(scope),
      managedTag: this.settings.managedTag,
      pollIntervalMs: this.settings.pollIntervalMs,
      readAfterWrite: this.settings.readAfterWrite,
      settle: this.settings.settle,
      secrets: options.secrets,
      circuitLocks: new KeyedMutex(),
      sleep: this.settings.sleep,
    };
  }

  ensureCircuit(intent: CircuitIntent, options?: EnsureOptions): Promise<Ensured<CircuitIntent, CircuitState>> {
    return this.run('ensure', intent.id, () => ensureCircuit(this.context, this.catalogue, intent, options));
  }

  ensurePeering(intent: PeeringIntent, options?: EnsureOptions): Promise<Ensured<PeeringIntent, PeeringState>> {
    return this.run('ensure', intent.id, () => ensurePeering(this.context, intent, options));
  }

  ensureRouteFilter(intent: RouteFilterIntent, options?: EnsureOptions): Promise<Ensured<RouteFilterIntent>> {
    return this.run('ensure', intent.id, () => ensureRouteFilter(this.context, intent, options));
  }

  ensureAuthorization(
    intent: AuthorizationIntent,
    options?: EnsureOptions,
  ): Promise<Ensured<AuthorizationIntent, AuthorizationState>> {
    return this.run('ensure', intent.id, () => ensureAuthorization(this.context, intent, options));
  }

  ensureGateway(intent: GatewayIntent, options?: EnsureOptions): Promise<Ensured<GatewayIntent>> {
    return this.run('ensure', intent.id, () => ensureGateway(this.context, intent, options));
  }

  ensureConnection(
    intent: ConnectionIntent,
    options?: EnsureOptions,
  ): Promise<Ensured<ConnectionIntent, ConnectionState>> {
    return this.run('ensure', intent.id, () => ensureConnection(this.context, intent, options));
  }

  ensureRouteTable(intent: RouteTableIntent, options?: EnsureOptions): Promise<Ensured<RouteTableIntent>> {
    return this.run('ensure', intent.id, () => ensureRouteTable(this.context, intent, options));
  }

  ensureNsg(intent: NsgIntent, options?: EnsureOptions): Promise<Ensured<NsgIntent>> {
    return this.run('ensure', intent.id, () => ensureNsg(this.context, intent, options));
  }

  ensureSubnetAssociation(
    intent: SubnetAssociationIntent,
    options?: EnsureOptions,
  ): Promise<Ensured<SubnetAssociationIntent>> {
    return this.run('ensure', intent.id, () => ensureSubnetAssociation(this.context, intent, options));
  }

  /**
   * What the connectivity providers sell (`expressRouteServiceProviders`), read through the same tenant guard, client
   * and cache as the circuit writes' own bandwidth check.
   */
  readonly providerOffers: ProviderOffers = {
    list: (scope) =>
      this.run(
        'list',
        `/subscriptions/${scope.subscriptionId}/providers/Microsoft.Network/expressRouteServiceProviders`,
        async () => this.catalogue.offers(await this.context.clientFor(scope)),
      ),
  };

  ensureVpnGateway(intent: VpnGatewayIntent, options?: EnsureOptions): Promise<Ensured<VpnGatewayIntent>> {
    return this.run('ensure', intent.id, () => ensureVpnGateway(this.context, intent, options));
  }

  ensureLocalNetworkGateway(
    intent: LocalNetworkGatewayIntent,
    options?: EnsureOptions,
  ): Promise<Ensured<LocalNetworkGatewayIntent>> {
    return this.run('ensure', intent.id, () => ensureLocalNetworkGateway(this.context, intent, options));
  }

  ensureVpnConnection(
    intent: VpnConnectionIntent,
    options?: EnsureOptions,
  ): Promise<Ensured<VpnConnectionIntent, ConnectionState>> {
    return this.run('ensure', intent.id, () => ensureVpnConnection(this.context, intent, options));
  }

  getCircuit(id: ArmId, scope: Scope): Promise<Observed<CircuitIntent, CircuitState> | undefined> {
    return this.run('read', id, () => readCircuit(this.context, id, scope, resourceNameOf(id)));
  }

  read(ref: ResourceRef): Promise<Observed | undefined> {
    return this.run('read', ref.id, () => this.readOnce(ref));
  }

  privatePeeringRoutes(circuitId: ArmId, scope: Scope): Promise<number | undefined> {
    return this.run('read', circuitId, () => readPrivatePeeringRoutes(this.context, circuitId, scope));
  }

  delete(ref: ResourceRef, options: DeleteOptions = {}): Promise<DeleteOutcome> {
    return this.run('delete', ref.id, () => this.deleteOnce(ref, options.waitForCompletion ?? true));
  }

  listInResourceGroup(scope: Scope, kinds: readonly ResourceKind[]): Promise<readonly Observed[]> {
    return this.run('list', `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`, () =>
      listResourceGroup(this.context, scope, kinds),
    );
  }

  private readOnce(ref: ResourceRef): Promise<Observed | undefined> {
    const location = { id: ref.id, scope: ref.scope, name: resourceNameOf(ref.id) };
    switch (ref.kind) {
      case 'circuit':
        return readCircuit(this.context, ref.id, ref.scope, location.name);
      case 'peering':
        return readPeering(this.context, ref.id, parentCircuitId(ref.id), ref.scope);
      case 'authorization':
        return readAuthorization(this.context, ref.id, parentCircuitId(ref.id), ref.scope);
      case 'routeFilter':
        return readTopLevel(this.context, routeFilterKind, location);
      case 'gateway':
        return readTopLevel(this.context, gatewayKind, location);
      case 'connection':
        return readTopLevel(this.context, connectionKind, location);
      case 'routeTable':
        return readTopLevel(this.context, routeTableKind, location);
      case 'nsg':
        return readTopLevel(this.context, nsgKind, location);
      case 'subnetAssociation':
        return readSubnetAssociation(this.context, ref.id, ref.scope);
      case 'vpnGateway':
        return readTopLevel(this.context, vpnGatewayKind, location);
      case 'localNetworkGateway':
        return readTopLevel(this.context, localNetworkGatewayKind, location);
      case 'vpnConnection':
        return readTopLevel(this.context, vpnConnectionKind, location);
    }
  }

  private deleteOnce(ref: ResourceRef, wait: boolean): Promise<DeleteOutcome> {
    const location = { id: ref.id, scope: ref.scope, name: resourceNameOf(ref.id) };
    switch (ref.kind) {
      case 'circuit':
        return deleteCircuit(this.context, ref.id, ref.scope, location.name, wait);
      case 'peering':
        return deletePeering(this.context, ref.id, parentCircuitId(ref.id), ref.scope, wait);
      case 'authorization':
        return deleteAuthorization(this.context, ref.id, parentCircuitId(ref.id), ref.scope, wait);
      case 'routeFilter':
        return deleteTopLevel(this.context, routeFilterKind, location, wait);
      case 'gateway':
        return deleteTopLevel(this.context, gatewayKind, location, wait);
      case 'connection':
        return deleteTopLevel(this.context, connectionKind, location, wait);
      case 'routeTable':
        return deleteTopLevel(this.context, routeTableKind, location, wait);
      case 'nsg':
        return deleteTopLevel(this.context, nsgKind, location, wait);
      case 'subnetAssociation': // a subnet write: seconds, always waited for
        return deleteSubnetAssociation(this.context, ref.id, ref.scope);
      case 'vpnGateway':
        return deleteTopLevel(this.context, vpnGatewayKind, location, wait);
      case 'localNetworkGateway':
        return deleteTopLevel(this.context, localNetworkGatewayKind, location, wait);
      case 'vpnConnection':
        return deleteTopLevel(this.context, vpnConnectionKind, location, wait);
    }
  }

  private run<T>(action: string, resourceId: string, operation: () => Promise<T>): Promise<T> {
    return withOperationRetries(
      {
        attempts: this.settings.operationAttempts,
        backoff: this.settings.retry,
        sleep: this.settings.sleep,
        ...(this.options.random === undefined ? {} : { random: this.options.random }),
      },
      { action, resourceId },
      operation,
    );
  }
}
