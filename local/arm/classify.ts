/**
 * What an incoming ARM request is, before it is handled: which subscription, which resource type, and whether it
 * is a read, a write, a delete or an LRO poll. Counters, faults and throttling key on this.
 */
import type { RequestCategory } from './counters';
import type { SimRequest } from './http';
import { kindByPathTypes } from './kinds';
import type { BucketKind } from './throttling';

export interface RequestClass {
  readonly category: RequestCategory;
  readonly bucket: BucketKind;
  readonly subscriptionId: string | undefined;
  /** As fault rules name it: `expressRouteCircuits/peerings`, `resourceGroups`, `operations`… */
  readonly resourceType: string;
  /** For counters: `PUT Microsoft.Network/expressRouteCircuits/peerings`. */
  readonly operation: string;
}

function lower(segment: string | undefined): string {
  return (segment ?? '').toLowerCase();
}

function resourceTypeOf(segments: readonly string[]): string {
  if (lower(segments[2]) === 'resourcegroups') {
    if (segments.length <= 4) return 'resourceGroups';
    const types = segments.slice(6).filter((_, index) => index % 2 === 0);
    return types.join('/');
  }
  if (lower(segments[2]) === 'providers') {
    if (lower(segments[4]) === 'locations') return 'operations';
    return segments[4] ?? '';
  }
  return segments.slice(2).join('/');
}

export function classifyRequest(request: SimRequest): RequestClass {
  const { segments } = request;
  // A Resource Graph query is a read (a POST that changes nothing), of no one subscription.
  if (lower(segments[0]) === 'providers' && lower(segments[1]) === 'microsoft.resourcegraph') {
    const resourceType = segments.slice(2).join('/');
    return {
      category: 'reads',
      bucket: 'reads',
      subscriptionId: undefined,
      resourceType,
      operation: `${request.method} Microsoft.ResourceGraph/${resourceType}`,
    };
  }
  const subscriptionId = lower(segments[0]) === 'subscriptions' ? segments[1] : undefined;
  const resourceType = resourceTypeOf(segments);
  const isPoll = resourceType === 'operations';
  const method = request.method;
  const category: RequestCategory = isPoll
    ? 'polls'
    : method === 'GET' || method === 'HEAD'
      ? 'reads'
      : method === 'DELETE'
        ? 'deletes'
        : 'writes';
  const bucket: BucketKind = category === 'deletes' ? 'deletes' : category === 'writes' ? 'writes' : 'reads';
  const canonical =
    resourceType === 'resourceGroups'
      ? 'Microsoft.Resources/resourceGroups'
      : isPoll
        ? 'operations'
        : (kindByPathTypes(resourceType.split('/'))?.type ?? `Microsoft.Network/${resourceType}`);
  return { category, bucket, subscriptionId, resourceType, operation: `${method} ${canonical}` };
}
