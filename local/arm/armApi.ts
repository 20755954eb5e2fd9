/**
 * The ARM surface: authentication (any Bearer token; a JWT's `tid` is checked against a subscription's bound tenant),
 * the required `api-version`, the per-subscription token bucket, and routing to resource groups, the provider
 * catalogue, LRO polling and the Network resources. Handlers are synchronous; errors are thrown as ArmError.
 */
import { ArmError } from './armError';
import type { RequestClass } from './classify';
import { handleNetworkRequest, listInSubscription } from './engine';
import { errors } from './errors';
import type { SimRequest, SimResponse } from './http';
import { errorResponse, jsonResponse } from './http';
import { pollAsyncOperation, pollOperationResult } from './operationPolling';
import { handleResourceGroupRequest, listResourceGroups } from './resourceGroups';
import type { Simulation } from './simulation';
import type { SubscriptionThrottle } from './throttling';
import type { RequestCounters } from './counters';
import { handleResourceGraphRequest, isResourceGraphRequest } from './resourceGraph/handler';

const NAMESPACE = 'microsoft.network';

/** The `tid` claim of a JWT bearer token, if the token is a JWT with one. */
export function tokenTenant(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims === 'object' && claims !== null && 'tid' in claims && typeof claims.tid === 'string') {
      return claims.tid;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function authenticate(sim: Simulation, request: SimRequest, subscriptionId: string | undefined): void {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') throw errors.authenticationHeaderMissing();
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match?.[1]) throw errors.authenticationHeaderMalformed();
  const tenant = tokenTenant(match[1]);
  if (subscriptionId === undefined || tenant === undefined) return;
  const expected = sim.subscriptionTenants.get(subscriptionId.toLowerCase());
  if (expected !== undefined && expected.toLowerCase() !== tenant.toLowerCase())
    throw errors.wrongTenant(tenant, expected);
}

function route(sim: Simulation, request: SimRequest): SimResponse {
  const segments = request.segments;
  const lower = segments.map((segment) => segment.toLowerCase());
  const apiVersion = request.query.get('api-version') ?? '';
  const subscriptionId = segments[1];
  if (isResourceGraphRequest(lower)) return handleResourceGraphRequest(sim, request);
  if (lower[0] !== 'subscriptions' || subscriptionId === undefined) {
    throw new ArmError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${request.path}'.`);
  }
  if (lower[2] === 'resourcegroups') {
    const resourceGroup = segments[3];
    if (resourceGroup === undefined) {
      if (request.method !== 'GET') throw errors.methodNotAllowed(request.method);
      return listResourceGroups(sim, subscriptionId);
    }
    if (segments.length === 4) return handleResourceGroupRequest(sim, request, subscriptionId, resourceGroup);
    if (lower[4] === 'providers' && lower[5] === NAMESPACE && segments.length > 6) {
      const rest = segments.slice(6);
      const pairs: { type: string; name: string }[] = [];
      for (let index = 0; index + 1 < rest.length; index += 2) {
        pairs.push({ type: rest[index] ?? '', name: rest[index + 1] ?? '' });
      }
      const collectionType = rest.length % 2 === 1 ? rest[rest.length - 1] : undefined;
      return handleNetworkRequest(sim, request, { subscriptionId, resourceGroup, segments: pairs, collectionType });
    }
  }
  if (lower[2] === 'providers' && lower[3] === NAMESPACE) {
    if (lower[4] === 'locations' && segments.length === 8 && request.method === 'GET') {
      const operationId = segments[7] ?? '';
      if (lower[6] === 'operations') return pollAsyncOperation(sim, operationId);
      if (lower[6] === 'operationresults') return pollOperationResult(sim, request, operationId);
    }
    if (segments.length === 5 && request.method === 'GET') {
      if (lower[4] === 'expressrouteserviceproviders') return jsonResponse(200, sim.catalogue.toListBody());
      return listInSubscription(sim, subscriptionId, segments[4] ?? '', apiVersion);
    }
  }
  throw errors.invalidResourceType(segments.slice(2).join('/'), apiVersion);
}

export class ArmApi {
  constructor(
    private readonly sim: Simulation,
    private readonly throttle: SubscriptionThrottle,
    private readonly counters: RequestCounters,
  ) {}

  /** Handles one ARM request (faults are decided by the caller) and adds ARM's common headers. */
  handle(request: SimRequest, requestClass: RequestClass): SimResponse {
    const headers: Record<string, string> = {};
    let response: SimResponse;
    try {
      this.sim.settle();
      authenticate(this.sim, request, requestClass.subscriptionId);
      // ARM refuses an empty `?api-version=` exactly as a missing one.
      if ((request.query.get('api-version') ?? '').trim() === '') throw errors.missingApiVersion();
      this.spendToken(requestClass, headers);
      response = route(this.sim, request);
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      response = errorResponse(error);
    }
    return { ...response, headers: { ...response.headers, ...headers } };
  }

  private spendToken(requestClass: RequestClass, headers: Record<string, string>): void {
    const { subscriptionId, bucket } = requestClass;
    if (subscriptionId === undefined) return;
    const waitKey = `throttle:${subscriptionId.toLowerCase()}:${bucket}`;
    this.sim.redeemWait(waitKey);
    const outcome = this.throttle.take(subscriptionId, bucket);
    headers[`x-ms-ratelimit-remaining-subscription-${bucket}`] = String(outcome.remaining);
    if (outcome.allowed) return;
    this.counters.recordThrottled(subscriptionId);
    this.sim.promiseWait(waitKey, this.sim.now() + outcome.waitMs);
    const retryAfter = this.sim.virtualTime ? 0 : Math.max(1, Math.ceil(outcome.waitMs / 1000));
    throw errors.throttled(retryAfter, bucket);
  }
}
