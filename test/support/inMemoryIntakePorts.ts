/**
 * In-memory stand-ins for the ports the request intake uses (ledger, workflow engine), with the semantics their real
 * adapters promise: the ledger's insert-if-absent counts redeliveries; the workflow engine refuses to start an id
 * that exists and has not ended. Registry fakes: test/support/readOnlyFakes.ts.
 */
import type {
  ReceivedOutcome,
  RequestLedger,
  RequestPatch,
  RequestRecord,
  ReceivedRequest,
} from '../../shared/ports/requests';
import { RequestLedgerErrors } from '../../shared/ports/requests';
import { AppError } from '../../shared/errors';
import {
  InstanceAlreadyExistsError,
  InstanceNotFoundError,
  isTerminalRuntimeStatus,
  type WorkflowClient,
  type WorkflowRuntimeStatus,
  type WorkflowStatus,
} from '../../shared/ports/workflows';

export class InMemoryRequestLedger implements RequestLedger {
  readonly records = new Map<string, RequestRecord>();
  readonly updates: { requestId: string; patch: RequestPatch }[] = [];

  recordReceived(request: ReceivedRequest): Promise<ReceivedOutcome> {
    const stored = this.records.get(request.requestId);
    if (stored?.digest !== undefined && request.digest !== undefined && stored.digest !== request.digest) {
      return Promise.resolve({ firstSeen: false, sameBody: false, record: stored });
    }
    if (stored !== undefined) {
      const record = { ...stored, deliveries: stored.deliveries + 1, lastDeliveredAt: request.receivedAt };
      this.records.set(request.requestId, record);
      return Promise.resolve({ firstSeen: false, sameBody: true, record });
    }
    const record: RequestRecord = {
      ...request,
      updatedAt: request.receivedAt,
      deliveries: 1,
      lastDeliveredAt: request.receivedAt,
      etag: '1',
    };
    this.records.set(request.requestId, record);
    return Promise.resolve({ firstSeen: true, sameBody: true, record });
  }

  update(requestId: string, patch: RequestPatch): Promise<RequestRecord> {
    const stored = this.records.get(requestId);
    if (stored === undefined) return Promise.reject(new AppError(RequestLedgerErrors.notFound, requestId));
    this.updates.push({ requestId, patch });
    const record = { ...stored, ...patch };
    this.records.set(requestId, record);
    return Promise.resolve(record);
  }

  get(requestId: string): Promise<RequestRecord | undefined> {
    return Promise.resolve(this.records.get(requestId));
  }

  listByCustomer(customerId: string): Promise<readonly RequestRecord[]> {
    return Promise.resolve([...this.records.values()].filter((record) => record.customerId === customerId));
  }
}

export interface StartedWorkflow {
  readonly orchestration: string;
  readonly instanceId: string;
  readonly input: unknown;
}

export class FakeWorkflows implements WorkflowClient {
  readonly instances = new Map<string, WorkflowStatus>();
  readonly started: StartedWorkflow[] = [];
  readonly raised: { instanceId: string; eventName: string; data: unknown }[] = [];
  readonly statusReads: string[] = [];
  /** Called before each operation; throw from it to simulate the engine failing. */
  failWith: ((operation: 'status' | 'start' | 'raiseEvent') => Error | undefined) | undefined;

  seed(instanceId: string, runtimeStatus: WorkflowRuntimeStatus, fields: Partial<WorkflowStatus> = {}): void {
    this.instances.set(instanceId, {
      instanceId,
      runtimeStatus,
      customStatus: undefined,
      output: undefined,
      createdTime: '2026-11-02T08:00:00.000Z',
      lastUpdatedTime: '2026-11-02T08:00:00.000Z',
      ...fields,
    });
  }

  status(instanceId: string): Promise<WorkflowStatus | undefined> {
    this.statusReads.push(instanceId);
    const failure = this.failWith?.('status');
    if (failure !== undefined) return Promise.reject(failure);
    return Promise.resolve(this.instances.get(instanceId));
  }

  start(orchestration: string, instanceId: string, input: unknown): Promise<void> {
    const failure = this.failWith?.('start');
    if (failure !== undefined) return Promise.reject(failure);
    const existing = this.instances.get(instanceId);
    if (existing !== undefined && !isTerminalRuntimeStatus(existing.runtimeStatus)) {
      return Promise.reject(new InstanceAlreadyExistsError(instanceId));
    }
    this.started.push({ orchestration, instanceId, input });
    this.seed(instanceId, 'Pending');
    return Promise.resolve();
  }

  raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<void> {
    const failure = this.failWith?.('raiseEvent');
    if (failure !== undefined) return Promise.reject(failure);
    if (!this.instances.has(instanceId)) return Promise.reject(new InstanceNotFoundError(instanceId));
    this.raised.push({ instanceId, eventName, data });
    return Promise.resolve();
  }
}
