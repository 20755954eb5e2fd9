/**
 * Test helpers for the local ARM simulator: a simulator on a VirtualClock with advance-on-poll (LROs cost no real
 * time; SDK callers pass `updateIntervalInMs: 0`, since core-lro ignores `Retry-After: 0`), no faults, the default
 * provider catalogue and ARM's throttling on; a raw HTTPS client that trusts its certificate; and the client options
 * an `@azure/arm-network` NetworkManagementClient needs to talk to it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ArmSimulator, ArmSimulatorOptions } from '../../local/arm';
import { startArmSimulator } from '../../local/arm';
import { VirtualClock } from '../../local/clock';

export const TEST_API_VERSION = '2024-07-01';
export const TEST_SUBSCRIPTION = '00000000-0000-0000-0000-00000000c5b0';
export const CUSTOMER_SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';

export interface TestArmSimulator extends ArmSimulator {
  readonly clock: VirtualClock;
}

export async function startTestArmSimulator(options: ArmSimulatorOptions = {}): Promise<TestArmSimulator> {
  const clock = options.clock instanceof VirtualClock ? options.clock : new VirtualClock();
  const simulator = await startArmSimulator({ virtualTime: 'advance-on-poll', seed: 1, ...options, clock });
  return {
    endpoint: simulator.endpoint,
    caPem: simulator.caPem,
    caFile: simulator.caFile,
    control: simulator.control,
    stop: () => simulator.stop(),
    clock,
  };
}

/** Parsed JSON, deliberately loose for assertions (JSON.parse's own type). */
export type JsonBody = ReturnType<typeof JSON.parse>;

export interface ArmHttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: JsonBody;
  readonly text: string;
}

export interface ArmRequestOptions {
  readonly body?: unknown;
  /** Sent as is instead of `body` (e.g. malformed JSON). */
  readonly rawBody?: string;
  /** Appended as `api-version` unless the path already has one; null sends none. */
  readonly apiVersion?: string | null;
  /** Bearer token; null sends no Authorization header. */
  readonly token?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One HTTPS request to the simulator; `path` may be a full URL (e.g. an Azure-AsyncOperation header). */
export function armRequest(
  simulator: Pick<ArmSimulator, 'endpoint' | 'caPem'>,
  method: string,
  path: string,
  options: ArmRequestOptions = {},
): Promise<ArmHttpResponse> {
  const url = new URL(path, simulator.endpoint);
  const apiVersion = options.apiVersion === undefined ? TEST_API_VERSION : options.apiVersion;
  if (apiVersion !== null && !url.searchParams.has('api-version')) url.searchParams.set('api-version', apiVersion);
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? 'test-token' : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, headers, ca: simulator.caPem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: text === '' ? undefined : JSON.parse(text),
          text,
        });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** A credential that hands out a fixed token (the simulator accepts any Bearer token). */
export function fakeCredential(token = 'test-token'): {
  getToken: () => Promise<{ token: string; expiresOnTimestamp: number }>;
} {
  return { getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }) };
}

/**
 * Options for `new NetworkManagementClient(credential, subscriptionId, options)` against the simulator: its
 * endpoint as `$host` and `endpoint`, the token scope kept at management.azure.com, and TLS trust of its CA.
 */
export function armClientOptions(simulator: Pick<ArmSimulator, 'endpoint' | 'caPem'>): {
  endpoint: string;
  $host: string;
  credentialScopes: string[];
  tlsOptions: { ca: string };
} {
  return {
    endpoint: simulator.endpoint,
    $host: simulator.endpoint,
    credentialScopes: ['https://management.azure.com/.default'],
    tlsOptions: { ca: simulator.caPem },
  };
}

/** The `name` of each item of a list body's `value` (or of any array of resources). */
export function namesOf(items: unknown): string[] {
  if (!Array.isArray(items)) throw new Error(`not a list: ${JSON.stringify(items)}`);
  return items.map((item: unknown) =>
    typeof item === 'object' && item !== null && 'name' in item ? String(item.name) : '(unnamed)',
  );
}

/** Resource ids and request bodies used across the simulator tests. */
export function circuitId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/expressRouteCircuits/${name}`;
}

export function providerCircuitBody(
  overrides: { bandwidthInMbps?: number; peeringLocation?: string; family?: string } = {},
) {
  const family = overrides.family ?? 'MeteredData';
  return {
    location: 'westeurope',
    tags: { 'managed-by': 'expressroute-csp' },
    sku: { name: `Standard_${family}`, tier: 'Standard', family },
    properties: {
      serviceProviderProperties: {
        serviceProviderName: 'Equinix',
        peeringLocation: overrides.peeringLocation ?? 'Amsterdam',
        bandwidthInMbps: overrides.bandwidthInMbps ?? 1000,
      },
      allowClassicOperations: false,
      authorizations: [],
      peerings: [],
    },
  };
}

export const PRIVATE_PEERING_BODY = {
  properties: {
    peeringType: 'AzurePrivatePeering',
    peerASN: 65010,
    primaryPeerAddressPrefix: '10.255.0.0/30',
    secondaryPeerAddressPrefix: '10.255.0.4/30',
    vlanId: 100,
  },
};
