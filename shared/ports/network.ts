/**
 * What the application needs from Azure Resource Manager's network provider. Implemented by
 * `shared/adapters/arm` (the only code that imports `@azure/arm-network`); faked nowhere: tests run the real
 * adapter against the local ARM simulator.
 *
 * Every `ensure*` is idempotent: it GETs, compares with the intent, and PUTs the full merged object only when
 * something differs, keeping child collections (peerings and authorizations on a circuit, routes, rules, subnets)
 * that it does not manage. Every write lands only on resources the automation owns (tagged `managed-by`) or on
 * child resources it names; anything else is refused with `NotManagedByAutomation`.
 */
import type {
  ArmId,
  AuthorizationIntent,
  CircuitIntent,
  ConnectionIntent,
  GatewayIntent,
  NsgIntent,
  PeeringIntent,
  ResourceIntent,
  ResourceKind,
  RouteFilterIntent,
  RouteTableIntent,
  Scope,
  SubnetAssociationIntent,
  LocalNetworkGatewayIntent,
  VpnConnectionIntent,
  VpnGatewayIntent,
} from '../domain/intents';

export type EnsureOutcome = 'created' | 'updated' | 'unchanged';

/** Resource state as ARM reports it. Enums are open strings: newer API versions add values. */
export interface ObservedState {
  readonly provisioningState: string;
  /** True when the resource carries the automation's `managed-by` tag (child resources inherit their parent's). */
  readonly managed: boolean;
}

export interface CircuitState extends ObservedState {
  readonly serviceKey: string;
  readonly serviceProviderProvisioningState: string;
  readonly circuitProvisioningState: string;
  readonly peeringNames: readonly string[];
  readonly authorizationNames: readonly string[];
}
export interface PeeringState extends ObservedState {
  readonly state: string;
  readonly advertisedPublicPrefixesState?: string;
}
export interface AuthorizationState extends ObservedState {
  readonly authorizationUseStatus: string;
  readonly connectionResourceUri?: string;
}
export interface ConnectionState extends ObservedState {
  readonly connectionStatus: string;
}

/** A resource as read back: the same shape as the intent that would produce it, plus its state. */
export interface Observed<I extends ResourceIntent = ResourceIntent, S extends ObservedState = ObservedState> {
  readonly intent: I;
  readonly state: S;
}

export interface Ensured<
  I extends ResourceIntent = ResourceIntent,
  S extends ObservedState = ObservedState,
> extends Observed<I, S> {
  readonly outcome: EnsureOutcome;
}

export interface EnsureOptions {
  /**
   * Wait for the long-running operation to finish (default true). Orchestrations pass false for operations that
   * take tens of minutes (gateways, connections) and poll with durable timers instead, so no activity blocks.
   */
  readonly waitForCompletion?: boolean;
}

/** A resource reference good enough to read or delete it. */
export interface ResourceRef {
  readonly kind: ResourceKind;
  readonly id: ArmId;
  readonly scope: Scope;
}

/** `deleting`: the DELETE was accepted and is still under way (only when the caller did not wait for it). */
export type DeleteOutcome = 'deleted' | 'absent' | 'deleting';

export interface DeleteOptions {
  /** Wait until ARM has finished (the default), or return once it accepted the DELETE. */
  readonly waitForCompletion?: boolean;
}

export interface NetworkPort {
  ensureCircuit(intent: CircuitIntent, options?: EnsureOptions): Promise<Ensured<CircuitIntent, CircuitState>>;
  ensurePeering(intent: PeeringIntent, options?: EnsureOptions): Promise<Ensured<PeeringIntent, PeeringState>>;
  ensureRouteFilter(intent: RouteFilterIntent, options?: EnsureOptions): Promise<Ensured<RouteFilterIntent>>;
  /** Never returns the authorization key. */
  ensureAuthorization(
    intent: AuthorizationIntent,
    options?: EnsureOptions,
  ): Promise<Ensured<AuthorizationIntent, AuthorizationState>>;
  /** An intent with `existing: true` is only read and checked, never written. */
  ensureGateway(intent: GatewayIntent, options?: EnsureOptions): Promise<Ensured<GatewayIntent>>;
  /** For connect-through, reads the authorization key (CSP tenant) and redeems it (customer tenant) in one call. */
  ensureConnection(
    intent: ConnectionIntent,
    options?: EnsureOptions,
  ): Promise<Ensured<ConnectionIntent, ConnectionState>>;
  ensureRouteTable(intent: RouteTableIntent, options?: EnsureOptions): Promise<Ensured<RouteTableIntent>>;
  ensureNsg(intent: NsgIntent, options?: EnsureOptions): Promise<Ensured<NsgIntent>>;
  ensureSubnetAssociation(
    intent: SubnetAssociationIntent,
    options?: EnsureOptions,
  ): Promise<Ensured<SubnetAssociationIntent>>;
  /** A VPN gateway beside the VNet's ExpressRoute gateway (encryption over private peering). */
  ensureVpnGateway(intent: VpnGatewayIntent, options?: EnsureOptions): Promise<Ensured<VpnGatewayIntent>>;
  ensureLocalNetworkGateway(
    intent: LocalNetworkGatewayIntent,
    options?: EnsureOptions,
  ): Promise<Ensured<LocalNetworkGatewayIntent>>;
  /** Resolves the shared key by its reference itself, only when it writes; the key never leaves the adapter. */
  ensureVpnConnection(
    intent: VpnConnectionIntent,
    options?: EnsureOptions,
  ): Promise<Ensured<VpnConnectionIntent, ConnectionState>>;

  /** The circuit with its provider state; undefined when it does not exist. */
  getCircuit(id: ArmId, scope: Scope): Promise<Observed<CircuitIntent, CircuitState> | undefined>;
  /**
   * IPv4 routes the customer advertises on the circuit's private peering, as the busier of its two edge devices
   * reports them (routes-table summary); undefined when the circuit or the peering does not exist. Optional: a port
   * without it cannot tell (the bandwidth workflow then says the count was not read).
   */
  privatePeeringRoutes?(circuitId: ArmId, scope: Scope): Promise<number | undefined>;
  /** Any resource kind, read back as an intent; undefined when it does not exist. */
  read(ref: ResourceRef): Promise<Observed | undefined>;
  /**
   * Deletes one resource the automation owns; `absent` when it was already gone. Refuses resources without the
   * `managed-by` tag, and circuits whose provider state is not NotProvisioned (ARM would refuse too; we say why).
   * With `waitForCompletion: false` it returns `deleting` while ARM still works (the caller reads it until gone).
   */
  delete(ref: ResourceRef, options?: DeleteOptions): Promise<DeleteOutcome>;
  /**
   * Every top-level resource of the given kinds in one resource group, managed or not (`state.managed` says which):
   * what a teardown keeps, and why. Read-only. Optional: without it a teardown lists nothing it keeps.
   */
  listInResourceGroup?(scope: Scope, kinds: readonly ResourceKind[]): Promise<readonly Observed[]>;
}
