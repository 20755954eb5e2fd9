/**
 * `ercsp rehearse`: the app's main job, on this machine. Each request file is sent to the Service Bus queue for its
 * type; the app's own Service Bus trigger (captured, run by `ServiceBusTriggerHost`) receives it; the workflow it
 * starts runs through the Durable host simulator against the ARM simulator until it ends; then the next file.
 * What happened is reported as an operator would see it (see `outcome.ts` and `report.ts`).
 */
import { circuitChangesOf } from './circuitChanges';
import { describeWaits } from './waits';
import { billingStopsOf, customerResourcesByType } from './decommissionReport';
import { randomBytes } from 'node:crypto';
import type { LogHandler } from '@azure/functions';
import { EnvironmentSecretResolver } from '../../shared/adapters/secrets/environmentSecretResolver';
import { appComposition } from '../../shared/composition';
import type { SecretReference } from '../../shared/domain/spec';
import type { FaultOptions } from '../arm';
import { ERROR_FAULT_KINDS } from '../arm/faults';
import { DEFAULT_CSP_CONTEXT, type LocalCspContext } from '../cli/defaults';
import type { InstanceStatus, SimulatorEvent } from '../durable';
import type { PeerMessage } from '../servicebus';
import { catalogueCovering } from './providerCatalogue';
import { TenantBindings, seedCustomerNetworks, seedExistingGateways } from './customerNetworks';
import { secretEnvironment } from './environment';
import {
  classifyOutcome,
  meetsExpectation,
  rejectionOf,
  unfinishedCheckpoints,
  type LedgerView,
  type Observation,
  type ParkedMessage,
  type RequestError,
} from './outcome';
import { buildReport, simulatorSecrets, type RehearsalReport, type RequestReport } from './report';
import { firstRequestTime, type RehearsalRequest, type RequestStatus } from './requestFiles';
import { DEFAULT_SEED, REHEARSAL_START, REJECTED_QUEUE, startRehearsalStack, type RehearsalStack } from './stack';
import { TriggerBindingError } from './serviceBusTriggerHost';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Service Bus's default MaxDeliveryCount: the peer dead-letters a message after that many failed deliveries. */
const MAX_DELIVERIES = 10;
/** How long before the first request the customers' networks are seeded (their gateways take most of an hour). */
const SEEDING_LEAD_MS = DAY;

export interface RehearsalOptions {
  /** When the provider provisions each circuit after its creation, or never. */
  readonly providerDelayMs: number | 'never';
  /** How long the provider takes to deprovision a circuit after the request event, or never (default 1 day). */
  readonly deprovisionDelayMs?: number | 'never';
  /** The app's provider deadline (`ERCSP_PROVIDER_DEADLINE`); default: the app's own (14 days). */
  readonly providerDeadlineMs?: number;
  /** Share of ARM requests answered with a transient fault (0-1). */
  readonly faultRate?: number;
  /** Seed of the ARM simulator's random choices: the same seed, requests and options give the same run. */
  readonly seed?: number;
  /** Where the app's logs go; default: dropped. */
  readonly logHandler?: LogHandler;
  /** The CSP the app acts for; default: the built-in sample of examples/. */
  readonly csp?: LocalCspContext;
}

export interface RequestProgress {
  /** The workflow's phase (its custom status), or what the rehearsal is doing with the request. */
  readonly phase: string;
  readonly detail?: string;
  /** What the workflow waits for now (the provider, an ARM operation, the customer lease), when it waits. */
  readonly waitingFor?: string;
  /** The simulated clock (ms since the epoch) when this was read. */
  readonly simulatedAt?: number;
  /** Plan steps done so far, of `total` (onboardings). */
  readonly done: number;
  readonly total: number;
}

/** Hooks for a progress display; every one is optional. */
export interface RehearsalObserver {
  /** The stand-ins are up; delivery begins. */
  ready?(requests: readonly RehearsalRequest[]): void;
  requestStarted?(index: number, request: RehearsalRequest): void;
  /** Only called when a progress display asks for it (it costs a few reads per update). */
  requestProgress?(index: number, progress: RequestProgress): void;
  requestFinished?(index: number, report: RequestReport): void;
}

/** A BGP MD5 key for one secret reference of the requests. */
export interface RequestSecret {
  readonly reference: SecretReference;
  readonly value: string;
}

export interface RehearsalRun {
  readonly report: RehearsalReport;
  /**
   * Every value that must never reach an output: the MD5 keys the requests' secret references resolved to, and the
   * authorization keys and shared keys the simulated Azure held at the end.
   */
  readonly secrets: readonly string[];
}

export async function runRehearsal(
  requests: readonly RehearsalRequest[],
  options: RehearsalOptions,
  observer: RehearsalObserver = {},
): Promise<RehearsalRun> {
  const realStart = Date.now();
  const secrets = requestSecrets(requests);
  const settings: Record<string, string> = { ...secretEnvironment(secrets) };
  if (options.providerDeadlineMs !== undefined) settings.ERCSP_PROVIDER_DEADLINE = String(options.providerDeadlineMs);
  // Error faults only, and a reset before the request is applied: a faulted request never reaches ARM's throttle, so
  // each ARM request is answered, throttled or faulted, never two of these (the summary's counts add up).
  const faults: FaultOptions | undefined =
    options.faultRate === undefined || options.faultRate <= 0
      ? undefined
      : { rate: options.faultRate, kinds: ERROR_FAULT_KINDS, resetAt: 'before' };
  const start = firstRequestTime(requests) ?? REHEARSAL_START;

  const catalogue = catalogueCovering(
    requests.flatMap((request) => (request.spec === undefined ? [] : [request.spec])),
  );
  const stack = await startRehearsalStack({
    startAt: start - SEEDING_LEAD_MS,
    providerProvisionAfterMs: options.providerDelayMs,
    ...(options.deprovisionDelayMs === undefined ? {} : { providerDeprovisionAfterMs: options.deprovisionDelayMs }),
    serviceProviders: catalogue.providers,
    ...(faults === undefined ? {} : { faults }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    settings,
    ...(options.logHandler === undefined ? {} : { logHandler: options.logHandler }),
    ...(options.csp === undefined ? {} : { csp: options.csp }),
  });
  try {
    const seededIds = await seedWorld(stack, requests);
    stack.clock.advanceTo(start);
    if (stack.clock.now() !== start) {
      throw new Error(
        `seeding the customers' networks took more than ${SEEDING_LEAD_MS / DAY} simulated day(s): ` +
          `the first request cannot be delivered at its time (${new Date(start).toISOString()})`,
      );
    }
    const firstDelivery = stack.clock.now();
    observer.ready?.(requests);
    const csp = options.csp ?? DEFAULT_CSP_CONTEXT;
    const tenants = new TenantBindings(stack.arm, {
      tenantId: csp.cspTenantId,
      subscriptionIds: csp.cspSubscriptionIds,
    });
    const delivery = new Delivery(stack, options, observer, tenants);
    const reports: RequestReport[] = [];
    for (const [index, request] of requests.entries()) {
      observer.requestStarted?.(index, request);
      const report = await delivery.deliver(index, request);
      reports.push(report);
      observer.requestFinished?.(index, report);
    }
    const secretValues = [...secrets.map((secret) => secret.value), ...simulatorSecrets(stack.arm.control.resources())];
    const report = await buildReport(stack, {
      requests: reports,
      seededIds,
      firstDeliveryMs: firstDelivery,
      realMs: Date.now() - realStart,
      secrets: secretValues,
      notes: [
        ...catalogue.additions.map(
          (addition) =>
            `not in the simulator's sample catalogue, so NOT checked: ${addition} (Azure refuses a provider, location ` +
            'or bandwidth it does not offer: check with `az network express-route list-service-providers`)',
        ),
        ...delivery.notes,
      ],
      settings: {
        providerDelayMs: options.providerDelayMs,
        providerDeadlineMs: options.providerDeadlineMs ?? null,
        faultRate: options.faultRate ?? 0,
        seed: options.seed ?? DEFAULT_SEED,
      },
    });
    return { report, secrets: secretValues };
  } finally {
    await stack.stop();
  }
}

/**
 * A BGP MD5 key for every secret reference the requests name: the value already in the environment
 * (`ERCSP_SECRET__<vault>__<secret>`) if there is one, else a random one.
 */
export function requestSecrets(requests: readonly RehearsalRequest[]): RequestSecret[] {
  const seen = new Map<string, RequestSecret>();
  for (const reference of requests.flatMap((request) => request.secretReferences)) {
    const key = EnvironmentSecretResolver.variableFor(reference);
    if (seen.has(key)) continue;
    const given = process.env[key];
    const value = given === undefined || given === '' ? `md5-${randomBytes(9).toString('base64url')}` : given;
    seen.set(key, { reference, value });
  }
  return [...seen.values()];
}

/**
 * What the customers had before onboarding: resource groups, VNets and their own gateways. (Which tenant owns which
 * subscription is bound as the intake accepts requests.) Returns the ids that existed then (the report counts only what
 * the app created), with counters reset.
 */
export async function seedWorld(stack: RehearsalStack, requests: readonly RehearsalRequest[]): Promise<Set<string>> {
  const specs = requests.flatMap((request) => (request.spec === undefined ? [] : [request.spec]));
  for (const spec of specs) {
    seedCustomerNetworks(stack.arm, spec);
    await seedExistingGateways(stack.arm, spec);
  }
  stack.arm.control.resetCounters();
  stack.startFaults();
  return new Set(stack.arm.control.resources().map((resource) => resource.id.toLowerCase()));
}

export class Delivery {
  /** What a reader of the summary should know about the deliveries (e.g. a tenant binding left as it was). */
  readonly notes: string[] = [];
  /** Request id → the workflow its first delivery started. */
  private readonly startedByRequest = new Map<string, string>();

  constructor(
    private readonly stack: RehearsalStack,
    private readonly options: RehearsalOptions,
    private readonly observer: RehearsalObserver,
    private readonly tenants: TenantBindings,
  ) {}

  async deliver(index: number, request: RehearsalRequest): Promise<RequestReport> {
    const { stack } = this;
    const startedAt = stack.clock.now();
    const topLevelBefore = new Set((await stack.durable.listInstances()).map((status) => status.instanceId));
    const lastParked = maxSequence(stack.peer.messages(REJECTED_QUEUE));
    const deadBefore = stack.peer.deadLetters(request.queue).length;
    const customerBefore =
      request.kind === 'decommission' && request.customerId !== undefined
        ? customerResourcesByType(stack.arm.control.resources(), request.customerId)
        : undefined;
    const total = request.planStepKeys?.length ?? 1;
    this.observer.requestProgress?.(index, { phase: 'sending', done: 0, total });

    const sent = stack.peer.send(request.queue, {
      body: Buffer.from(request.text, 'utf8'),
      contentType: request.isJson ? 'application/cloudevents+json' : 'text/plain',
    });
    const { deliveries, notReceived } = sent.duplicate
      ? { deliveries: [], notReceived: undefined }
      : await this.deliverToTrigger(index, request, sent.messageId);

    const started = (await stack.durable.listInstances()).filter(
      (status) => !topLevelBefore.has(status.instanceId) && status.parentInstanceId === undefined,
    );
    // The intake accepted the request (it started a workflow, which has not run yet): now Azure knows its tenants.
    if (started.length > 0 && request.spec !== undefined) {
      this.notes.push(...this.tenants.bindAccepted(request.spec).map((conflict) => `${request.file}: ${conflict}`));
    }
    const ended: { status: InstanceStatus; hostError?: string }[] = [];
    for (const { instanceId } of started) ended.push(await this.runToEnd(index, request, instanceId));
    const [first] = ended.map((end) => end.status);
    if (request.id !== undefined && first !== undefined && !this.startedByRequest.has(request.id)) {
      this.startedByRequest.set(request.id, first.instanceId);
    }
    const observation: Observation = {
      droppedByBus: sent.duplicate,
      ...(notReceived === undefined ? {} : { notReceived }),
      deliveries,
      started: ended.map(({ status, hostError }) => ({
        instanceId: status.instanceId,
        runtimeStatus: status.runtimeStatus,
        output: status.output,
        customStatus: status.customStatus,
        ...(hostError === undefined ? {} : { hostError }),
      })),
      parked: stack.peer
        .messages(REJECTED_QUEUE)
        .filter((message) => message.sequenceNumber > lastParked)
        .map(parkedOf),
      deadLettered: stack.peer
        .deadLetters(request.queue)
        .slice(deadBefore)
        .map((message) => ({ reason: message.deadLetterReason, description: message.deadLetterErrorDescription })),
      ...(await this.ledgerOf(request)),
      ...(request.id !== undefined && this.startedByRequest.get(request.id) !== first?.instanceId
        ? { earlierInstanceId: this.startedByRequest.get(request.id) }
        : {}),
    };
    const outcome = classifyOutcome(observation);
    const violations = await this.unsettledCheckpoints(request);
    const [parked] = observation.parked;
    const steps =
      request.planStepKeys === undefined || ended.length === 0
        ? {}
        : { steps: { done: await this.stepsDone(request), total: request.planStepKeys.length } };
    return {
      file: request.file,
      id: request.id ?? null,
      type: request.type ?? null,
      kind: request.kind,
      customerId: request.customerId ?? null,
      queue: request.queue,
      instanceId: outcome.instanceId ?? null,
      status: outcome.status,
      expected: request.expected.status,
      ...(request.expected.code === undefined ? {} : { expectedCode: request.expected.code }),
      expectedFrom: request.expected.from,
      asExpected: meetsExpectation(request.expected, outcome) && violations.length === 0,
      ...expectedNote(request, outcome.status, outcome.error),
      ...(violations.length === 0 ? {} : { violations }),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      evidence: outcome.evidence,
      ...(parked === undefined ? {} : { parked: { queue: REJECTED_QUEUE, reason: rejectionOf(parked).code } }),
      deliveries: deliveries.length,
      ...steps,
      simulatedMinutes: Math.round((stack.clock.now() - startedAt) / MINUTE),
      ...circuitChangesOfRun(ended.map((end) => end.status.output)),
      ...(customerBefore === undefined || request.customerId === undefined
        ? {}
        : {
            decommission: {
              before: customerBefore,
              after: customerResourcesByType(stack.arm.control.resources(), request.customerId),
              billingStops: ended.flatMap((end) => billingStopsOf(end.status.output)),
            },
          }),
    };
  }

  /**
   * Hands the message to the queue's trigger until it leaves the queue: completed, or dead-lettered once Service Bus's
   * MaxDeliveryCount is reached after abandons.
   */
  private async deliverToTrigger(
    index: number,
    request: RehearsalRequest,
    messageId: string,
  ): Promise<{ deliveries: Observation['deliveries']; notReceived?: string }> {
    const { triggers } = this.stack;
    const deliveries: { settlement: string; error?: string }[] = [];
    const total = request.planStepKeys?.length ?? 1;
    try {
      if (triggers.triggerFor(request.queue) === undefined) {
        return { deliveries, notReceived: `no Service Bus trigger listens to ${request.queue}` };
      }
      while (deliveries.length < MAX_DELIVERIES && onQueue(this.stack, request.queue, messageId)) {
        this.observer.requestProgress?.(index, { phase: 'delivering', done: 0, total });
        const result = await triggers.deliverNext(request.queue);
        if (result === undefined) break;
        deliveries.push({ settlement: result.settlement, ...(result.error ? { error: result.error.message } : {}) });
        if (result.settlement === 'none') break;
      }
      return { deliveries };
    } catch (error) {
      if (!(error instanceof TriggerBindingError)) throw error;
      return { deliveries, notReceived: error.message };
    }
  }

  /** Runs the simulator until the workflow has ended (bounded: the provider deadline plus a week). */
  private async runToEnd(
    index: number,
    request: RehearsalRequest,
    instanceId: string,
  ): Promise<{ status: InstanceStatus; hostError?: string }> {
    const { durable } = this.stack;
    const maxVirtualMs = (this.options.providerDeadlineMs ?? 14 * DAY) + 7 * DAY;
    const stopWatching = this.watch(index, request, instanceId);
    try {
      return { status: await durable.waitForCompletion(instanceId, { maxVirtualMs }) };
    } catch (error) {
      const status = await durable.getStatus(instanceId);
      if (status === undefined) throw error;
      return { status, hostError: error instanceof Error ? error.message : String(error) };
    } finally {
      await stopWatching();
    }
  }

  /**
   * Progress of one request's workflow tree, refreshed at most every 150 ms while episodes complete. The returned
   * function stops watching and reports the final state.
   */
  private watch(index: number, request: RehearsalRequest, rootId: string): () => Promise<void> {
    const report = this.observer.requestProgress?.bind(this.observer);
    if (report === undefined) return () => Promise.resolve();
    const family = new Set([rootId]);
    let pending: Promise<void> | undefined;
    let lastRefresh = 0;
    const refresh = async () => {
      const status = await this.stack.durable.getStatus(rootId);
      const custom = asRecord(status?.customStatus);
      const tree = await Promise.all([...family].map((id) => this.stack.durable.getStatus(id)));
      const waitingFor = describeWaits(tree.filter((instance) => instance !== undefined));
      report(index, {
        phase: typeof custom.phase === 'string' ? custom.phase : (status?.runtimeStatus ?? 'starting'),
        ...(typeof custom.detail === 'string' ? { detail: custom.detail } : {}),
        ...(waitingFor === undefined ? {} : { waitingFor }),
        simulatedAt: this.stack.clock.now(),
        done: await this.stepsDone(request),
        total: request.planStepKeys?.length ?? 1,
      });
    };
    const onEvent = (event: SimulatorEvent) => {
      if (
        event.type === 'instanceStarted' &&
        event.parentInstanceId !== undefined &&
        family.has(event.parentInstanceId)
      ) {
        family.add(event.instanceId);
      }
      if (event.type !== 'episodeCompleted' || !family.has(event.instanceId)) return;
      if (pending !== undefined || Date.now() - lastRefresh < 150) return;
      lastRefresh = Date.now();
      pending = refresh()
        .catch(() => undefined)
        .finally(() => {
          pending = undefined;
        });
    };
    const unsubscribe = this.stack.durable.onEvent(onEvent);
    // The last word: the state the workflow ended in, after any refresh still under way.
    return async () => {
      unsubscribe();
      await pending;
      await refresh().catch(() => undefined);
    };
  }

  /** Steps of the request left under way after it ended (see `unfinishedCheckpoints`). */
  private async unsettledCheckpoints(request: RehearsalRequest): Promise<string[]> {
    if (request.customerId === undefined || request.id === undefined) return [];
    return unfinishedCheckpoints(await appComposition().tables.checkpoints.list(request.customerId, request.id));
  }

  /** Plan steps whose checkpoint says Succeeded. */
  private async stepsDone(request: RehearsalRequest): Promise<number> {
    const keys = request.planStepKeys;
    if (keys === undefined || request.customerId === undefined || request.id === undefined) return 0;
    const rows = await appComposition().tables.checkpoints.list(request.customerId, request.id);
    const succeeded = new Set(rows.filter((row) => row.status === 'Succeeded').map((row) => row.stepKey));
    return keys.filter((key) => succeeded.has(key)).length;
  }

  private async ledgerOf(request: RehearsalRequest): Promise<{ ledger?: LedgerView }> {
    if (request.id === undefined) return {};
    const record = await appComposition().tables.requests.get(request.id);
    if (record === undefined) return {};
    return {
      ledger: {
        status: record.status,
        deliveries: record.deliveries,
        ...(record.instanceId === undefined ? {} : { instanceId: record.instanceId }),
        ...(record.issues === undefined ? {} : { issues: record.issues }),
        ...(record.error === undefined ? {} : { error: record.error }),
      },
    };
  }
}

function expectedNote(
  request: RehearsalRequest,
  status: RequestStatus,
  error: RequestError | undefined,
): { note?: string } {
  const accepted = request.expected.alsoAccepted?.find((a) => a.status === status && a.code === error?.code);
  return accepted === undefined ? {} : { note: `expected for now: ${accepted.why}` };
}

function onQueue(stack: RehearsalStack, queue: string, messageId: string): boolean {
  return stack.peer.messages(queue).some((message) => message.messageId === messageId);
}

function maxSequence(messages: readonly PeerMessage[]): number {
  return messages.reduce((max, message) => Math.max(max, message.sequenceNumber), -1);
}

function parkedOf(message: PeerMessage): ParkedMessage {
  const body = Buffer.isBuffer(message.body) ? message.body.toString('utf8') : message.body;
  return { body, applicationProperties: message.applicationProperties };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The circuits a bandwidth change resized, from its workflow's output (nothing for other requests). */
function circuitChangesOfRun(outputs: readonly unknown[]): { circuitChanges?: ReturnType<typeof circuitChangesOf> } {
  const changes = outputs.flatMap(circuitChangesOf);
  return changes.length === 0 ? {} : { circuitChanges: changes };
}
