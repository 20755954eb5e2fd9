/**
 * `ercsp plan <file> [--spec <file>] [--live] [--detailed-exitcode] [--json]`: the plan a request would run.
 * Text: an onboarding in the waves the workflow runs it in (`onboardingLanes`, the orchestrator's own function:
 * preparation, then a lane per circuit beside the gateway builds, each lane ending with its connections, then subnet
 * associations); other plans by stages. Each step with its key, action, resource and what it waits for, and under each resource its
 * subscription, resource group and the properties that matter (resourceDetails.ts); a summary line. With several
 * circuit pairs, each resource names its pair (`(pair second)`, "primary" for the default pair). An onboarding's
 * provider, peering locations and bandwidth are checked against the shipped catalogue (warnings).
 * `--live`: also what the request would change in Azure (or the simulator) now, as `POST /api/plan` answers it, with
 * the live provider list; it reads only, with the app's settings (ERCSP_*, local.settings.json).
 * `--json`: the Plan object (for a request that cannot be planned without more input, what it needs, with
 * `plan: null`); with `--live`, `{ plan, whatIf, providerIssues }`.
 * Exit 0 when planned or explained, 1 when the request (or its spec) is invalid, 2 on usage errors or unreadable files.
 * `--detailed-exitcode` (as `terraform plan -detailed-exitcode`): 0 no changes, 2 changes, 1 errors.
 */
import type { Command } from 'commander';
import type { OnboardingLanes } from '../../../orchestrations/steps/onboardingLanes';
import type { PlannedEnsure } from '../../../orchestrations/steps/onboardingWaves';
import type { ResourceIntent } from '../../../shared/domain/intents';
import type { Plan, PlanStep } from '../../../shared/domain/plan';
import { resourceNameOf } from '../../../shared/domain/naming';
import { DEFAULT_PAIR_NAME } from '../../../shared/domain/pairs';
import type { CommandContext } from '../context';
import { addCspContextOptions, commandCspContext, type CspContextOptions } from '../cspContext';
import { plural, writeIssues } from '../format';
import { EXIT, type Colors, type ExitCode, type TextOutput } from '../io';
import { planLive, writeLiveResult, type LivePlan } from '../livePlan';
import { planRequestFile, type PlanResult } from '../planning';
import { placementOf, propertiesOf } from '../resourceDetails';
import { writeWarnings } from './validate';

export function exitCodeOfPlan(result: PlanResult): ExitCode {
  switch (result.status) {
    case 'planned':
    case 'described':
      return EXIT.ok;
    case 'invalid':
      return EXIT.invalid;
    case 'unreadable':
    case 'usage':
      return EXIT.usage;
  }
}

export interface PlanSummary {
  readonly resources: number;
  readonly steps: number;
  readonly stages: number;
  /** The provider waits (await-provider, await-deprovision). */
  readonly waits: readonly string[];
  /** Steps that neither wait for a provider wait nor are waited for by one: they run while the provider works. */
  readonly alongsideWaits: readonly string[];
}

export function summarizePlan(plan: Plan): PlanSummary {
  const byKey = new Map(plan.steps.map((step) => [step.key, step]));
  const waits = plan.steps.filter((step) => step.action === 'awaitProvider' || step.action === 'awaitDeprovision');
  const before = new Set<string>();
  const visitDependencies = (key: string): void => {
    for (const dependency of byKey.get(key)?.dependsOn ?? []) {
      if (before.has(dependency)) continue;
      before.add(dependency);
      visitDependencies(dependency);
    }
  };
  for (const wait of waits) visitDependencies(wait.key);
  const waitKeys = new Set(waits.map((step) => step.key));
  const after = new Set<string>();
  for (const step of plan.steps) {
    if (step.dependsOn.some((key) => waitKeys.has(key) || after.has(key))) after.add(step.key);
  }
  return {
    resources: plan.steps.filter((step) => 'intent' in step).length,
    steps: plan.steps.length,
    stages: plan.stages.length,
    waits: [...waitKeys],
    alongsideWaits:
      waits.length === 0
        ? []
        : plan.steps.map((step) => step.key).filter((key) => !waitKeys.has(key) && !before.has(key) && !after.has(key)),
  };
}

/**
 * The pair a step's resource belongs to: its intent's (or provider step's) `pair`, or "primary" for a default-pair
 * circuit, peering, route filter, authorization or connection; undefined for a resource of no pair (gateway…).
 */
function pairOfStep(step: PlanStep): string | undefined {
  if (step.action === 'ensure' || step.action === 'delete') {
    const { intent } = step;
    switch (intent.kind) {
      case 'circuit':
      case 'peering':
      case 'routeFilter':
      case 'authorization':
      case 'connection':
        return intent.pair ?? DEFAULT_PAIR_NAME;
      default:
        return undefined;
    }
  }
  return step.pair ?? DEFAULT_PAIR_NAME;
}

/** True when some step belongs to a named pair: then every step names its pair. A single pair's plan names none. */
function hasNamedPairs(plan: Plan): boolean {
  return plan.steps.some((step) => {
    const pair = pairOfStep(step);
    return pair !== undefined && pair !== DEFAULT_PAIR_NAME;
  });
}

function resourceOf(step: PlanStep, showPairs: boolean): string {
  const pair = showPairs ? pairOfStep(step) : undefined;
  const ofPair = pair === undefined ? '' : ` (pair ${pair})`;
  switch (step.action) {
    case 'ensure':
    case 'delete':
      return `${step.intent.kind} ${step.intent.name}${ofPair}`;
    case 'notifyProvider':
    case 'awaitProvider':
    case 'requestDeprovision':
    case 'awaitDeprovision':
      return `circuit ${resourceNameOf(step.circuitId)}${ofPair}`;
  }
}

/** The intent a step creates, changes or deletes (provider steps have none). */
function intentOf(step: PlanStep): ResourceIntent | undefined {
  return step.action === 'ensure' || step.action === 'delete' ? step.intent : undefined;
}

/** How each step line is laid out: widths over the whole plan, so that columns align across waves. */
interface StepLayout {
  readonly showPairs: boolean;
  readonly keyWidth: number;
  readonly actionWidth: number;
  readonly resourceWidth: number;
}

function layoutOf(plan: Plan): StepLayout {
  const showPairs = hasNamedPairs(plan);
  return {
    showPairs,
    keyWidth: Math.max(0, ...plan.steps.map((step) => step.key.length)),
    actionWidth: Math.max(0, ...plan.steps.map((step) => step.action.length)),
    resourceWidth: Math.max(0, ...plan.steps.map((step) => resourceOf(step, showPairs).length)),
  };
}

/** `  key  action  resource  after …`, then the resource's placement and properties, indented under it. */
function writeStep(out: TextOutput, step: PlanStep, layout: StepLayout, colors: Colors): void {
  const after = step.dependsOn.length === 0 ? '' : colors.dim(`after ${step.dependsOn.join(', ')}`);
  const resource = resourceOf(step, layout.showPairs).padEnd(layout.resourceWidth);
  const line = `  ${step.key.padEnd(layout.keyWidth)}  ${step.action.padEnd(layout.actionWidth)}  ${resource}  ${after}`;
  out.write(`${line.trimEnd()}\n`);
  const intent = intentOf(step);
  if (intent === undefined) return;
  const indent = ' '.repeat(layout.keyWidth + 4);
  for (const detail of [placementOf(intent), ...propertiesOf(intent)]) out.write(`${indent}${colors.dim(detail)}\n`);
}

/**
 * The summary line. `alongside`: what really runs while the provider works, when the caller knows better than the
 * dependency graph (the lanes: the gateway builds, and each circuit's authorizations, made after its hand-off).
 */
function writeSummary(
  out: TextOutput,
  plan: Plan,
  unit: string,
  count: number,
  alongside: readonly string[] = summarizePlan(plan).alongsideWaits,
): void {
  const summary = summarizePlan(plan);
  let line = `${plural(summary.resources, 'resource')}, ${plural(summary.steps, 'step')}, ${plural(count, unit)}`;
  if (summary.waits.length > 0) {
    const alongsideText = alongside.length === 0 ? 'nothing' : alongside.join(', ');
    line += `; alongside the provider wait (${summary.waits.join(', ')}): ${alongsideText}`;
  }
  out.write(`\n${line}\n`);
}

/** A plan that runs by stages (teardown, in-place resize): each stage's steps may run in parallel. */
export function writePlanText(
  out: TextOutput,
  title: string,
  plan: Plan,
  notes: readonly string[],
  colors: Colors,
): void {
  out.write(`${colors.bold(title)}\n`);
  const byKey = new Map(plan.steps.map((step) => [step.key, step]));
  const layout = layoutOf(plan);
  plan.stages.forEach((keys, index) => {
    const parallel = keys.length > 1 ? ' in parallel' : '';
    out.write(`\n${colors.cyan(`Stage ${index + 1}`)} ${colors.dim(`· ${plural(keys.length, 'step')}${parallel}`)}\n`);
    for (const key of keys) {
      const step = byKey.get(key);
      if (step !== undefined) writeStep(out, step, layout, colors);
    }
  });
  writeSummary(out, plan, 'stage', plan.stages.length);
  for (const note of notes) out.write(`${colors.dim(`note: ${note}`)}\n`);
}

interface Wave {
  readonly title: string;
  /** Groups of steps; the steps of one group run one after another, the groups side by side. */
  readonly groups: readonly { readonly label?: string; readonly keys: readonly string[] }[];
}

function keysOf(ensures: readonly PlannedEnsure[]): string[] {
  return ensures.map((ensure) => ensure.stepKey);
}

/** The waves of an onboarding as the orchestrator (`onboardCustomerV2`) runs them; empty waves are left out. */
export function wavesOf(waves: OnboardingLanes): Wave[] {
  const all: Wave[] = [
    {
      title: 'before any circuit exists: route filters, route tables and NSGs, in parallel',
      groups: waves.preparation.map((ensure) => ({ keys: [ensure.stepKey] })),
    },
    {
      title:
        'a lane per circuit beside the gateway builds (the gateways overlap the provider wait); each VNet connects to a circuit once that circuit is peered and its gateway built',
      groups: [
        ...waves.lanes.map((lane) => ({
          label: `leg ${lane.leg}${lane.pair === undefined ? '' : ` of pair ${lane.pair}`}: one step after another, then its connections in parallel`,
          keys: [
            lane.circuit.stepKey,
            lane.notifyStepKey,
            ...keysOf(lane.beforeProvider),
            lane.awaitStepKey,
            ...keysOf(lane.afterProvider),
            ...keysOf(lane.connections),
          ],
        })),
        ...(waves.gateways.length === 0 ? [] : [{ label: 'gateways, in parallel', keys: keysOf(waves.gateways) }]),
      ],
    },
    {
      title: 'links over several circuits (the IPsec tunnel), once every lane is done',
      groups: waves.linksAfterLanes.map((ensure) => ({ keys: [ensure.stepKey] })),
    },
    ...waves.subnetRounds.map((round, index) => ({
      title: `subnet associations${waves.subnetRounds.length > 1 ? `, round ${String(index + 1)}` : ''}: VNets in parallel, one subnet of each (a subnet write locks its VNet)`,
      groups: round.map((ensure) => ({ keys: [ensure.stepKey] })),
    })),
  ];
  return all.filter((wave) => wave.groups.some((group) => group.keys.length > 0));
}

/** An onboarding in the waves the workflow runs it in, then the read-back verification. */
export function writeWavesText(
  out: TextOutput,
  title: string,
  plan: Plan,
  waves: OnboardingLanes,
  notes: readonly string[],
  colors: Colors,
): void {
  out.write(`${colors.bold(title)}\n`);
  const byKey = new Map(plan.steps.map((step) => [step.key, step]));
  const layout = layoutOf(plan);
  const ordered = wavesOf(waves);
  ordered.forEach((wave, index) => {
    out.write(`\n${colors.cyan(`Wave ${index + 1}`)} ${colors.dim(`· ${wave.title}`)}\n`);
    for (const group of wave.groups) {
      if (group.label !== undefined) out.write(` ${colors.dim(`— ${group.label}`)}\n`);
      for (const key of group.keys) {
        const step = byKey.get(key);
        if (step !== undefined) writeStep(out, step, layout, colors);
      }
    }
  });
  out.write(`\n${colors.dim('Then every resource is read back and compared with the plan (verification).')}\n`);
  writeSummary(out, plan, 'wave', ordered.length, [
    ...keysOf(waves.gateways),
    ...waves.lanes.flatMap((lane) => keysOf(lane.beforeProvider)),
  ]);
  for (const note of notes) out.write(`${colors.dim(`note: ${note}`)}\n`);
}

export function writePlanResult(out: TextOutput, err: TextOutput, result: PlanResult, colors: Colors): void {
  switch (result.status) {
    case 'planned':
      if (result.plan.steps.length === 0) {
        out.write(`${colors.bold(result.title)}\n`);
        for (const note of result.notes) out.write(`${colors.dim(`note: ${note}`)}\n`);
      } else if (result.waves !== undefined) {
        writeWavesText(out, result.title, result.plan, result.waves, result.notes, colors);
      } else {
        writePlanText(out, result.title, result.plan, result.notes, colors);
      }
      if (result.warnings !== undefined && result.warnings.length > 0) {
        out.write(`\n${colors.yellow(plural(result.warnings.length, 'warning'))} (shipped provider catalogue):\n`);
        writeWarnings(out, result.warnings, colors);
      }
      return;
    case 'described':
      out.write(`${colors.bold(result.title)}\n`);
      for (const line of result.explanation) out.write(`${line}\n`);
      return;
    case 'invalid':
      out.write(`${colors.red('✗')} ${result.file}  ${colors.red(plural(result.issues.length, 'problem'))}\n`);
      writeIssues(out, result.issues, colors);
      return;
    case 'unreadable':
      err.write(`${colors.yellow('!')} ${result.file}  ${colors.yellow(result.problem)}\n`);
      return;
    case 'usage':
      err.write(`error: ${result.message}\n`);
      return;
  }
}

/** The JSON of a result: the Plan itself when there is one. */
export function planResultJson(result: PlanResult): unknown {
  switch (result.status) {
    case 'planned':
      return result.plan;
    case 'described':
      return {
        requestType: result.requestType,
        customerId: result.customerId,
        plan: null,
        explanation: result.explanation,
        ...(result.assessment === undefined ? {} : { assessment: result.assessment }),
      };
    case 'invalid':
      return { file: result.file, issues: result.issues };
    case 'unreadable':
      return { file: result.file, problem: result.problem };
    case 'usage':
      return { error: result.message };
  }
}

/**
 * `--detailed-exitcode`: 0 when the request changes nothing, 2 when it changes something, 1 on any error (an invalid
 * request, a file that cannot be read, a plan that needs more input, a failure to read Azure). Offline, every step of
 * a plan is a change; with `--live`, only creates, updates and deletes Azure would see.
 */
export function detailedExitCode(result: PlanResult, live: LivePlan | undefined): ExitCode {
  if (result.status !== 'planned') return EXIT.invalid;
  if (live !== undefined) {
    if (!live.ok || live.providerIssues.length > 0) return EXIT.invalid;
    const { summary } = live.whatIf;
    return summary.create + summary.update + summary.delete > 0 ? 2 : EXIT.ok;
  }
  return result.plan.steps.length > 0 ? 2 : EXIT.ok;
}

interface PlanCommandOptions extends CspContextOptions {
  readonly spec?: string;
  readonly json?: boolean;
  readonly live?: boolean;
  readonly detailedExitcode?: boolean;
}

export function registerPlanCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('plan')
    .description(
      'show the plan a request would run (waves, steps, dependencies, properties), and with --live what it would change',
    )
    .argument('<file>', 'a request file (CloudEvent JSON)')
    .option(
      '--spec <file>',
      "the customer's current spec (onboarding request or bare spec), for bandwidth and decommission",
    )
    .option('--live', "also diff against Azure (or the simulator) with the app's settings, reading only")
    .option('--detailed-exitcode', 'exit 0 when nothing would change, 2 when something would, 1 on errors')
    .option('--json', 'print the Plan object as JSON');
  addCspContextOptions(command).action(async (file: string, options: PlanCommandOptions) => {
    const csp = commandCspContext(context, options);
    if (csp === undefined) return;
    const result = planRequestFile(file, { spec: options.spec }, context.io.cwd, csp.context);
    const live =
      options.live === true && result.status === 'planned' ? await planLive(file, context.io, csp.context) : undefined;
    if (options.json === true && result.status !== 'usage' && result.status !== 'unreadable') {
      const json =
        live === undefined
          ? planResultJson(result)
          : {
              plan: planResultJson(result),
              ...(live.ok ? { whatIf: live.whatIf, providerIssues: live.providerIssues } : { error: live.problems }),
            };
      context.io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      writePlanResult(context.io.stdout, context.io.stderr, result, context.colors);
      if (live !== undefined) writeLiveResult(context.io.stdout, context.io.stderr, live, context.colors);
    }
    const liveFailed = live !== undefined && (!live.ok || live.providerIssues.length > 0);
    if (options.detailedExitcode === true) context.exit(detailedExitCode(result, live));
    else context.exit(liveFailed ? EXIT.invalid : exitCodeOfPlan(result));
  });
}
