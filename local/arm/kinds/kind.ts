/**
 * What makes each resource type different: its path, its inline child collections, how a PUT is validated and
 * stored, what is computed when it is read, and what forbids its deletion. The generic handling (HTTP verbs, LRO,
 * locks, inline reconciliation) lives in `../engine.ts`.
 */
import type { DurationKey } from '../durations';
import type { JsonObject } from '../json';
import type { Simulation } from '../simulation';
import type { InternalState, KindName, StoredResource } from '../store';

export interface Sibling {
  readonly name: string;
  readonly properties: JsonObject;
}

export interface WriteContext {
  readonly sim: Simulation;
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly existing: StoredResource | undefined;
  /** The parent as it will be after this write (for inline children, the parent being written). */
  readonly parent: StoredResource | undefined;
  /** Top-level resources: the location after this write. */
  readonly location: string | undefined;
  readonly body: JsonObject;
  /** `body.properties` without read-only fields and inline child collections. */
  readonly properties: JsonObject;
  /** The other children of the same parent as they will be after this write. */
  readonly siblings: readonly Sibling[];
}

export interface PlannedFailure {
  readonly code: string;
  readonly message: string;
  readonly httpStatus?: number;
  /** Extra effects of the failure on the resource (provisioningState is set to Failed by the engine). */
  readonly apply?: (resource: StoredResource) => void;
}

export interface PreparedWrite {
  /** Properties to store (the engine adds provisioningState). */
  readonly properties: JsonObject;
  readonly sku?: JsonObject;
  readonly internal?: InternalState;
  /** The write is accepted, but its operation will fail. */
  readonly failure?: PlannedFailure;
  /** Runs once the new state is stored (e.g. plan the provider's work). */
  readonly afterStore?: (resource: StoredResource) => void;
  /** Runs when the write's operation has succeeded (e.g. issue what Azure issues only then). */
  readonly afterSucceeded?: (resource: StoredResource) => void;
}

export interface InlineCollection {
  /** The property carrying the children, e.g. `peerings`. */
  readonly property: string;
  readonly kind: KindName;
}

export interface ResourceKind {
  readonly name: KindName;
  readonly type: string;
  /** Type segments in the path, canonical casing: `['expressRouteCircuits', 'peerings']`. */
  readonly pathTypes: readonly string[];
  /** Used in NRP operation names: `Put<noun>Operation`. */
  readonly operationNoun: string;
  readonly topLevel: boolean;
  /** Whether responses carry `type` (route filter rules and gateway IP configurations do not). */
  readonly rendersType: boolean;
  readonly duration: DurationKey;
  readonly deleteDuration: DurationKey;
  readonly children: readonly InlineCollection[];
  /** Properties ARM computes; a PUT that sends them back (GET → modify → PUT) has them ignored. */
  readonly readOnly: readonly string[];
  prepare(context: WriteContext): PreparedWrite;
  /** Read time: add computed properties, hide what ARM hides. */
  present?(sim: Simulation, resource: StoredResource, properties: JsonObject): JsonObject;
  /**
   * Throws an ArmError when the resource cannot be deleted now (also when a parent PUT drops it); may instead
   * return a failure for the delete operation to end with.
   */
  checkDelete?(sim: Simulation, resource: StoredResource): PlannedFailure | undefined;
}
