/**
 * A local stand-in for Azure Resource Manager's Microsoft.Network provider, for ExpressRoute automation: an HTTPS
 * server speaking the ARM REST protocol (LROs, throttling, CloudErrors, inline child collections), a simulated
 * connectivity provider, injectable faults, and a control interface. See `simulation.ts` for virtual time and
 * `errors.ts` for the refusal codes.
 */
import type { Clock } from '../clock';
import { isVirtualClock, systemClock } from '../clock';
import { ArmApi } from './armApi';
import type { ServiceProviderSpec } from './catalogue';
import { ServiceProviderCatalogue } from './catalogue';
import { createServerCertificate, writeCaFile } from './certificate';
import type { ArmSimulatorControl } from './control';
import { createControl } from './control';
import { handleControlRequest } from './controlHttp';
import { RequestCounters } from './counters';
import type { DurationKey } from './durations';
import { DEFAULT_DURATIONS, DEFAULT_PROVIDER_DELAYS } from './durations';
import type { FaultOptions } from './faults';
import { FaultInjector } from './faults';
import { SeededRandom } from './random';
import { listen } from './server';
import type { CircuitQuotas, VirtualTimeMode } from './simulation';
import { DEFAULT_CIRCUIT_QUOTAS, Simulation } from './simulation';
import type { ThrottlingOptions } from './throttling';
import { SubscriptionThrottle } from './throttling';

export type { ArmSimulatorControl, SimOperationView, VirtualNetworkSeed } from './control';
export type { Counters, CounterSet } from './counters';
export type { DurationKey } from './durations';
export { DEFAULT_DURATIONS, DEFAULT_PROVIDER_DELAYS, parseDuration } from './durations';
export type { FaultKind, FaultOptions, FaultRule } from './faults';
export type { ServiceProviderProvisioningState } from './provider';
export type { SimResource } from './render';
export type { ServiceProviderSpec } from './catalogue';
export { DEFAULT_SERVICE_PROVIDERS } from './catalogue';
export type { ThrottlingOptions, BucketOptions } from './throttling';
export { ERROR_CODES } from './errors';
export type { CircuitQuotas, VirtualTimeMode } from './simulation';
export { DEFAULT_CIRCUIT_QUOTAS } from './simulation';

export interface ArmSimulatorOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Default: the system clock. A VirtualClock makes `virtualTime` default to 'advance-on-poll'. */
  clock?: Clock;
  /** How client waits pass on a VirtualClock (see simulation.ts). Default: 'advance-on-poll' on a VirtualClock, else 'none'. */
  virtualTime?: VirtualTimeMode;
  /** Operation durations in ms by key (see DEFAULT_DURATIONS: circuit, peering, gateway, connection…, `…Delete`). */
  durations?: Partial<Record<string, number>>;
  /** The connectivity provider's automatic behaviour (defaults: Provisioned 3 days after creation; 1 day to deprovision). */
  provider?: {
    provisionAfterMs?: number | 'never';
    provisioningStartsAfterMs?: number;
    deprovisionAfterMs?: number | 'never';
  };
  faults?: FaultOptions;
  /** ARM's token buckets (default on; `false` still reports the headers but never refuses). */
  throttling?: boolean | ThrottlingOptions;
  /** The expressRouteServiceProviders catalogue (default: DEFAULT_SERVICE_PROVIDERS). */
  serviceProviders?: readonly ServiceProviderSpec[];
  /** Seed for every random choice: GUIDs, etags, faults (default 1). */
  seed?: number;
  /** Retry-After (s) on LRO answers and write conflicts when time is not virtual (default 10, as NRP). */
  retryAfterSeconds?: number;
  /** Status of a write refused because another operation holds the resource (default 429). */
  conflictStatus?: 409 | 429;
  /** Circuit DELETE while the provider holds it: 'refuse' (400, default) or 'fail-operation' (202, then Failed). */
  circuitDeleteWhileProvisioned?: 'refuse' | 'fail-operation';
  /**
   * ExpressRoute circuit quotas (default DEFAULT_CIRCUIT_QUOTAS: 50 per subscription, 10 per region per subscription,
   * Azure's defaults). A circuit create beyond either is refused before anything is stored.
   */
  circuitQuotas?: Partial<CircuitQuotas>;
}

export interface ArmSimulator {
  /** `https://127.0.0.1:PORT` */
  readonly endpoint: string;
  /** The PEM to trust (the certificate is its own CA). */
  readonly caPem: string;
  /** The same PEM in a temporary file (removed by `stop()`), for NODE_EXTRA_CA_CERTS or other processes. */
  readonly caFile: string;
  readonly clock: Clock;
  readonly control: ArmSimulatorControl;
  stop(): Promise<void>;
}

function resolveDurations(overrides: Partial<Record<string, number>> | undefined): Record<DurationKey, number> {
  const durations: Record<DurationKey, number> = { ...DEFAULT_DURATIONS };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (!(key in DEFAULT_DURATIONS)) {
      throw new RangeError(`unknown duration key '${key}'; known: ${Object.keys(DEFAULT_DURATIONS).join(', ')}`);
    }
    if (value !== undefined) durations[key as DurationKey] = value;
  }
  return durations;
}

function resolveCircuitQuotas(overrides: Partial<CircuitQuotas> | undefined): CircuitQuotas {
  const quotas = { ...DEFAULT_CIRCUIT_QUOTAS, ...overrides };
  for (const [name, value] of Object.entries(quotas)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`circuitQuotas.${name} must be a whole number of circuits, 0 or more; got ${String(value)}`);
    }
  }
  return quotas;
}

export async function startArmSimulator(options: ArmSimulatorOptions = {}): Promise<ArmSimulator> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 1;
  const virtualTime = options.virtualTime ?? (isVirtualClock(clock) ? 'advance-on-poll' : 'none');
  const provider = options.provider ?? {};
  const sim = new Simulation(
    clock,
    {
      virtualTime,
      durations: resolveDurations(options.durations),
      provider: {
        provisionAfterMs: provider.provisionAfterMs ?? DEFAULT_PROVIDER_DELAYS.provisionAfterMs,
        ...(provider.provisioningStartsAfterMs === undefined
          ? {}
          : { provisioningStartsAfterMs: provider.provisioningStartsAfterMs }),
        deprovisionAfterMs: provider.deprovisionAfterMs ?? DEFAULT_PROVIDER_DELAYS.deprovisionAfterMs,
      },
      retryAfterSeconds: options.retryAfterSeconds ?? 10,
      conflictStatus: options.conflictStatus ?? 429,
      circuitDeleteWhileProvisioned: options.circuitDeleteWhileProvisioned ?? 'refuse',
      circuitQuotas: resolveCircuitQuotas(options.circuitQuotas),
    },
    new ServiceProviderCatalogue(options.serviceProviders),
    new SeededRandom(seed),
  );
  const counters = new RequestCounters();
  const faults = new FaultInjector(new SeededRandom(seed ^ 0x5bd1e995));
  faults.configure(options.faults);
  const throttle = new SubscriptionThrottle(clock, options.throttling);
  const control = createControl(sim, counters, faults, throttle);
  const api = new ArmApi(sim, throttle, counters);

  const certificate = await createServerCertificate();
  const server = await listen(
    { sim, api, counters, faults, control: (request) => handleControlRequest(sim, control, request) },
    certificate,
    options.port ?? 0,
  );
  const caFile = writeCaFile(certificate.certPem);
  const stopListening = isVirtualClock(clock)
    ? clock.onAdvance(() => {
        sim.settle();
      })
    : undefined;

  let stopped: Promise<void> | undefined;
  return {
    endpoint: `https://127.0.0.1:${server.port}`,
    caPem: certificate.certPem,
    caFile: caFile.path,
    clock,
    control,
    stop: () =>
      (stopped ??= (async () => {
        stopListening?.();
        await server.close();
        caFile.remove();
      })()),
  };
}
