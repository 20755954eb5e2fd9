/**
 * `ercsp rehearse <scenario.yaml>`: a scenario file's steps (scenarioFile.ts) over the rehearsal's stand-ins, in
 * order, on one simulated clock: request files delivered through the app's Service Bus trigger and followed to their
 * end (as `ercsp rehearse` does), the clock advanced, Azure changed out of band through the ARM simulator's control
 * API, compliance sweeps run to their end, events raised on a request's workflow. Each step is printed with ✓ or ✗;
 * the run holds when every stated expectation holds.
 */
import { dirname, resolve } from 'node:path';
import type { LogHandler } from '@azure/functions';
import { appComposition } from '../../shared/composition';
import type { FindingCode } from '../../shared/domain/findings';
import type { ResourceIntent } from '../../shared/domain/intents';
import type { CustomerSpec } from '../../shared/domain/spec';
import { deriveTopology } from '../../shared/domain/topology';
import { parseDuration } from '../../shared/duration';
import type { StoredFinding } from '../../shared/ports/compliance';
import { Orchestrations } from '../../orchestrations/contracts';
import { SweepInstanceIds, complianceSweepInput } from '../../orchestrations/sweeps/contracts';
import { DEFAULT_CSP_CONTEXT, type LocalCspContext } from '../cli/defaults';
import type { Colors, TextOutput } from '../cli/io';
import { TenantBindings } from './customerNetworks';
import { secretEnvironment } from './environment';
import { finishedText } from './progressDisplay';
import { catalogueCovering } from './providerCatalogue';
import { Delivery, requestSecrets, seedWorld } from './rehearsal';
import { firstRequestTime, readRequestFiles, type RehearsalRequest } from './requestFiles';
import type { OutOfBandStep, ResourceRef, Scenario, ScenarioStep } from './scenarioFile';
import { REHEARSAL_START, startRehearsalStack, type RehearsalStack } from './stack';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How long before the first request the customers' networks are seeded (as the request-file rehearsal does). */
const SEEDING_LEAD_MS = DAY;
const DEFAULT_PROVIDER_DELAY_MS = 2 * 60 * MINUTE;

export interface ScenarioRunOptions {
  /** The scenario file's path: request files are found relative to its folder. */
  readonly file: string;
  readonly csp?: LocalCspContext;
  readonly logHandler?: LogHandler;
  readonly out: TextOutput;
  readonly colors: Colors;
}

export interface StepResult {
  /** 1-based, as printed. */
  readonly step: number;
  readonly what: string;
  readonly ok: boolean;
  readonly lines: readonly string[];
}

export type ScenarioRun =
  | { readonly ok: boolean; readonly steps: readonly StepResult[]; readonly problems?: undefined }
  | { readonly ok: false; readonly problems: readonly string[]; readonly steps?: undefined };

/**
 * Reads every request file the scenario submits (a problem there is a usage error: nothing runs), starts the stand-ins
 * and runs the steps. Returns `problems` for a usage error, else each step's result.
 */
export async function runScenario(scenario: Scenario, options: ScenarioRunOptions): Promise<ScenarioRun> {
  const csp = options.csp ?? DEFAULT_CSP_CONTEXT;
  const folder = dirname(resolve(options.file));
  const problems: string[] = [];
  const submitted = new Map<number, RehearsalRequest>();
  for (const [index, step] of scenario.steps.entries()) {
    if (!('submit' in step)) continue;
    const read = readRequestFiles([step.submit], folder, csp, {
      expect: [`${step.submit}=${step.expect ?? 'Completed'}`],
    });
    if (!read.ok) problems.push(...read.problems.map((problem) => `steps[${index}].submit: ${problem}`));
    else if (read.requests[0] !== undefined) submitted.set(index, read.requests[0]);
  }
  if (problems.length > 0) return { ok: false, problems };

  const requests = [...submitted.values()];
  const secrets = requestSecrets(requests);
  const catalogue = catalogueCovering(
    requests.flatMap((request) => (request.spec === undefined ? [] : [request.spec])),
  );
  const providerDelayMs =
    scenario.providerDelay === undefined
      ? DEFAULT_PROVIDER_DELAY_MS
      : (parseDuration(scenario.providerDelay) ?? DEFAULT_PROVIDER_DELAY_MS);
  const start = firstRequestTime(requests) ?? REHEARSAL_START;
  const stack = await startRehearsalStack({
    startAt: start - SEEDING_LEAD_MS,
    providerProvisionAfterMs: providerDelayMs,
    serviceProviders: catalogue.providers,
    settings: { ...secretEnvironment(secrets), ...scenario.settings },
    ...(options.logHandler === undefined ? {} : { logHandler: options.logHandler }),
    csp,
  });
  try {
    await seedWorld(stack, requests);
    stack.clock.advanceTo(start);
    const tenants = new TenantBindings(stack.arm, {
      tenantId: csp.cspTenantId,
      subscriptionIds: csp.cspSubscriptionIds,
    });
    const runner = new StepRunner(
      stack,
      new Delivery(stack, { providerDelayMs }, {}, tenants),
      csp,
      requests,
      options.colors,
    );
    const results: StepResult[] = [];
    for (const [index, step] of scenario.steps.entries()) {
      const result = await runner.run(index, step, submitted.get(index));
      results.push(result);
      writeStep(options.out, options.colors, result);
    }
    return { ok: results.every((result) => result.ok), steps: results };
  } finally {
    await stack.stop();
  }
}

export function writeStep(out: TextOutput, colors: Colors, result: StepResult): void {
  const mark = result.ok ? colors.green('✓') : colors.red('✗');
  out.write(`  ${mark} ${String(result.step).padStart(2)}. ${result.what}\n`);
  for (const line of result.lines) out.write(`        ${result.ok ? colors.dim(line) : line}\n`);
}

class StepRunner {
  private sweeps = 0;

  constructor(
    private readonly stack: RehearsalStack,
    private readonly delivery: Delivery,
    private readonly csp: LocalCspContext,
    private readonly requests: readonly RehearsalRequest[],
    private readonly colors: Colors,
  ) {}

  async run(index: number, step: ScenarioStep, request: RehearsalRequest | undefined): Promise<StepResult> {
    const number = index + 1;
    try {
      if ('submit' in step) {
        if (request === undefined) throw new Error(`${step.submit} was not read`);
        const report = await this.delivery.deliver(index, request);
        const expected = `${report.expected}${report.expectedCode === undefined ? '' : `:${report.expectedCode}`}`;
        return {
          step: number,
          what: `submit ${step.submit}: ${finishedText(report, this.colors)}`,
          ok: report.asExpected,
          lines: report.asExpected
            ? []
            : [
                `expected ${expected}`,
                ...(report.error === undefined ? [] : [`${report.error.code}: ${report.error.message}`]),
                ...(report.violations ?? []),
              ],
        };
      }
      if ('advance' in step) {
        const ms = parseDuration(step.advance) ?? 0;
        const target = this.stack.clock.now() + ms;
        await this.stack.durable.runUntilIdle({ maxVirtualMs: ms });
        if (this.stack.clock.now() < target) this.stack.clock.advanceTo(target);
        return { step: number, what: `advance ${step.advance} (now ${this.nowText()})`, ok: true, lines: [] };
      }
      if ('outOfBand' in step) {
        const what = this.applyOutOfBand(step.outOfBand);
        return { step: number, what: `out of band: ${what}`, ok: true, lines: [] };
      }
      if ('sweep' in step) return await this.sweep(number, step.sweep?.expect);
      return await this.event(number, step.event);
    } catch (error) {
      return {
        step: number,
        what: `${Object.keys(step)[0] ?? 'step'}: failed`,
        ok: false,
        lines: [error instanceof Error ? error.message : String(error)],
      };
    }
  }

  private nowText(): string {
    return new Date(this.stack.clock.now()).toISOString();
  }

  private applyOutOfBand(change: OutOfBandStep): string {
    const control = this.stack.arm.control.outOfBand;
    if ('deleteRoute' in change) {
      const id = this.resolve(change.deleteRoute);
      control.deleteRoute(id);
      return `deleteRoute ${id}`;
    }
    if ('addRoute' in change) {
      const { routeTable, name, ...properties } = change.addRoute;
      const tableId = this.resolve(routeTable);
      const table = this.stack.arm.control.get(tableId);
      if (table === undefined) throw new Error(`route table ${tableId} does not exist`);
      control.seedResources([
        {
          id: `${table.id}/routes/${name}`,
          kind: 'route',
          type: 'Microsoft.Network/routeTables/routes',
          name,
          subscriptionId: table.subscriptionId,
          resourceGroup: table.resourceGroup,
          parentId: table.id,
          properties,
        },
      ]);
      // Storing a child moves no etag: setting a property of the table to its own value does, as ARM's PUT would.
      control.setProperty(table.id, 'disableBgpRoutePropagation', table.properties.disableBgpRoutePropagation ?? false);
      return `addRoute ${name} (${properties.addressPrefix}) to ${table.id}`;
    }
    if ('addSecurityRule' in change) {
      const id = this.resolve(change.addSecurityRule.nsg);
      control.addSecurityRule(id, change.addSecurityRule.rule);
      return `addSecurityRule ${change.addSecurityRule.rule.name} on ${id}`;
    }
    if ('setCircuitBandwidth' in change) {
      const id = this.resolve(change.setCircuitBandwidth.circuit);
      control.setCircuitBandwidth(id, change.setCircuitBandwidth.bandwidthMbps);
      return `setCircuitBandwidth ${String(change.setCircuitBandwidth.bandwidthMbps)} Mbps on ${id}`;
    }
    if ('removeSubnetAssociation' in change) {
      const id = this.resolve(change.removeSubnetAssociation.subnet);
      control.removeSubnetAssociation(id, change.removeSubnetAssociation.association);
      return `removeSubnetAssociation ${change.removeSubnetAssociation.association} from ${id}`;
    }
    if ('setSubnetNsg' in change) {
      const subnet = this.resolve(change.setSubnetNsg.subnet);
      const nsg = this.resolve(change.setSubnetNsg.nsg);
      control.setSubnetNsg(subnet, nsg);
      return `setSubnetNsg ${nsg} on ${subnet}`;
    }
    if ('setTags' in change) {
      const id = this.resolve(change.setTags.resource);
      control.setTags(id, change.setTags.tags);
      return `setTags on ${id}`;
    }
    if ('setProperty' in change) {
      const id = this.resolve(change.setProperty.resource);
      control.setProperty(id, change.setProperty.property, change.setProperty.value as never);
      return `setProperty ${change.setProperty.property}=${JSON.stringify(change.setProperty.value)} on ${id}`;
    }
    if ('deleteResource' in change) {
      const id = this.resolve(change.deleteResource);
      control.deleteResource(id);
      return `deleteResource ${id}`;
    }
    const { id, location, bandwidthMbps, tags } = change.addCircuit;
    const parts = id.split('/');
    const [subscriptionId = '', resourceGroup = '', name = ''] = [parts[2], parts[4], parts[parts.length - 1]];
    control.seedResources([
      {
        id,
        kind: 'expressRouteCircuit',
        type: 'Microsoft.Network/expressRouteCircuits',
        name,
        subscriptionId,
        resourceGroup,
        location,
        tags: tags ?? {},
        sku: { name: 'Standard_MeteredData', tier: 'Standard', family: 'MeteredData' },
        properties: {
          serviceProviderProperties: { bandwidthInMbps: bandwidthMbps },
          serviceProviderProvisioningState: 'NotProvisioned',
        },
      },
    ]);
    return `addCircuit ${id}`;
  }

  /** An ARM id as given, or the id of one of the automation's resources (see `ResourceRef`). */
  resolve(ref: ResourceRef): string {
    if (typeof ref === 'string') return ref;
    const spec = this.specOf(ref.customer);
    const intents = deriveTopology(spec, { cspTenantId: this.csp.cspTenantId }).resources.filter(
      (intent) => intent.kind === ref.kind,
    );
    const index = ref.index ?? 0;
    const intent = intents[index];
    if (intent === undefined) {
      const kinds = [
        ...new Set(deriveTopology(spec, { cspTenantId: this.csp.cspTenantId }).resources.map((r) => r.kind)),
      ];
      throw new Error(
        `${ref.customer} has ${String(intents.length)} ${ref.kind} resource(s), no #${String(index)} (kinds: ${kinds.join(', ')})`,
      );
    }
    return childOf(intent, ref);
  }

  private specOf(customerId: string): CustomerSpec {
    const spec = this.requests.find((request) => request.customerId === customerId && request.spec !== undefined)?.spec;
    if (spec === undefined) throw new Error(`no request file of the scenario onboards a customer '${customerId}'`);
    return spec;
  }

  private async sweep(
    number: number,
    expect: { readonly findings?: readonly FindingCode[]; readonly repaired?: readonly FindingCode[] } | undefined,
  ): Promise<StepResult> {
    const { config, tables } = appComposition();
    this.sweeps += 1;
    const sweepId = `scenario-${String(this.sweeps)}`;
    const input = complianceSweepInput(sweepId, 'http', config);
    const instanceId = await this.stack.durable.startNew(Orchestrations.complianceSweep, {
      instanceId: SweepInstanceIds.sweep(sweepId),
      input,
    });
    const status = await this.stack.durable.waitForCompletion(instanceId, { maxVirtualMs: DAY });
    const report = await tables.compliance.getSweep(sweepId);
    const customers = [...new Set(this.requests.flatMap((request) => request.customerId ?? []))];
    const open: StoredFinding[] = [];
    for (const customerId of [...customers, undefined])
      open.push(...(await tables.compliance.openFindings(customerId)));
    const found = distinct(open.map((finding) => finding.code));
    const repaired = distinct(
      open.filter((finding) => finding.sweepId === sweepId && finding.action === 'repaired').map((f) => f.code),
    );
    const lines: string[] = [];
    let ok = status.runtimeStatus === 'Completed';
    if (!ok) lines.push(`the sweep ended ${status.runtimeStatus}: ${JSON.stringify(status.output)}`);
    const compare = (what: string, actual: readonly string[], wanted: readonly string[] | undefined) => {
      if (wanted === undefined) return;
      const missing = wanted.filter((code) => !actual.includes(code));
      const extra = actual.filter((code) => !wanted.includes(code));
      if (missing.length === 0 && extra.length === 0) return;
      ok = false;
      if (missing.length > 0) lines.push(`${what}: expected but not found: ${missing.join(', ')}`);
      if (extra.length > 0) lines.push(`${what}: found but not expected: ${extra.join(', ')}`);
    };
    compare('findings', found, expect?.findings === undefined ? undefined : distinct(expect.findings));
    compare('repaired', repaired, expect?.repaired === undefined ? undefined : distinct(expect.repaired));
    if (!ok) {
      for (const finding of open)
        lines.push(`${finding.code} (${finding.action}) ${finding.resourceId}: ${finding.message}`);
    }
    const summary = found.length === 0 ? 'no findings' : found.join(', ');
    return {
      step: number,
      what:
        `sweep ${sweepId}: ${summary}` +
        (repaired.length === 0 ? '' : `; repaired ${repaired.join(', ')}`) +
        (report === undefined ? '' : ` (${String(report.findings)} finding(s), ${String(report.repaired)} repaired)`),
      ok,
      lines,
    };
  }

  private async event(
    number: number,
    event: {
      readonly request: string;
      readonly name: string;
      readonly data?: Record<string, unknown>;
      readonly expect?: string;
    },
  ): Promise<StepResult> {
    const record = await appComposition().tables.requests.get(event.request);
    if (record?.instanceId === undefined)
      throw new Error(`request ${event.request} has no workflow to send ${event.name} to`);
    const { durable } = this.stack;
    const signalled = await durable.raiseEvent(record.instanceId, event.name, event.data ?? {});
    await durable.runUntilIdle({ maxVirtualMs: 21 * DAY });
    const status = await durable.getStatus(record.instanceId);
    const runtimeStatus = status?.runtimeStatus ?? 'unknown';
    const ok = signalled && (event.expect === undefined || event.expect === runtimeStatus);
    return {
      step: number,
      what: `event ${event.name} → ${event.request} (${record.instanceId}): ${runtimeStatus}`,
      ok,
      lines: [
        ...(signalled ? [] : [`${record.instanceId} was not waiting for events`]),
        ...(ok || event.expect === undefined ? [] : [`expected ${event.expect}`]),
      ],
    };
  }
}

/** A route or security rule of the intent by index, or a subnet of its VNet by name. */
function childOf(intent: ResourceIntent, ref: Exclude<ResourceRef, string>): string {
  if (ref.route !== undefined) {
    if (intent.kind !== 'routeTable') throw new Error(`route: ${ref.kind} has no routes (a routeTable has)`);
    const route = intent.routes[ref.route];
    if (route === undefined) throw new Error(`${intent.id} has no route #${String(ref.route)}`);
    return `${intent.id}/routes/${route.name}`;
  }
  if (ref.rule !== undefined) {
    if (intent.kind !== 'nsg') throw new Error(`rule: ${ref.kind} has no security rules (an nsg has)`);
    const rule = intent.rules[ref.rule];
    if (rule === undefined) throw new Error(`${intent.id} has no security rule #${String(ref.rule)}`);
    return `${intent.id}/securityRules/${rule.name}`;
  }
  if (ref.subnet !== undefined) {
    if (!('vnetId' in intent)) throw new Error(`subnet: ${ref.kind} is not in a VNet (a gateway is)`);
    return `${intent.vnetId}/subnets/${ref.subnet}`;
  }
  return intent.id;
}

function distinct<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}
