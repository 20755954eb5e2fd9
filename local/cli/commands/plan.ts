/**
 * `ercsp plan <file> [--spec <file>] [--json]`: the plan a request would run.
 * Text: the stages, each step with its key, action, resource and what it waits for, and a summary line; with several
 * circuit pairs, each resource names its pair (`(pair second)`, "primary" for the default pair). `--json`:
 * the Plan object (for a request that cannot be planned without more input, what it needs, with `plan: null`).
 * Exit 0 when planned or explained, 1 when the request (or its spec) is invalid, 2 on usage errors or unreadable files.
 */
import type { Command } from 'commander';
import type { Plan, PlanStep } from '../../../shared/domain/plan';
import { resourceNameOf } from '../../../shared/domain/naming';
import { DEFAULT_PAIR_NAME } from '../../../shared/domain/pairs';
import type { CommandContext } from '../context';
import { plural, writeIssues } from '../format';
import { EXIT, type Colors, type ExitCode, type TextOutput } from '../io';
import { planRequestFile, type PlanResult } from '../planning';

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

export function writePlanText(
  out: TextOutput,
  title: string,
  plan: Plan,
  notes: readonly string[],
  colors: Colors,
): void {
  out.write(`${colors.bold(title)}\n`);
  const byKey = new Map(plan.steps.map((step) => [step.key, step]));
  const showPairs = hasNamedPairs(plan);
  const keyWidth = Math.max(0, ...plan.steps.map((step) => step.key.length));
  const actionWidth = Math.max(0, ...plan.steps.map((step) => step.action.length));
  const resourceWidth = Math.max(0, ...plan.steps.map((step) => resourceOf(step, showPairs).length));
  plan.stages.forEach((keys, index) => {
    const parallel = keys.length > 1 ? ' in parallel' : '';
    out.write(`\n${colors.cyan(`Stage ${index + 1}`)} ${colors.dim(`· ${plural(keys.length, 'step')}${parallel}`)}\n`);
    for (const key of keys) {
      const step = byKey.get(key);
      if (step === undefined) continue;
      const after = step.dependsOn.length === 0 ? '' : colors.dim(`after ${step.dependsOn.join(', ')}`);
      const line = `  ${key.padEnd(keyWidth)}  ${step.action.padEnd(actionWidth)}  ${resourceOf(step, showPairs).padEnd(resourceWidth)}  ${after}`;
      out.write(`${line.trimEnd()}\n`);
    }
  });
  const summary = summarizePlan(plan);
  let line = `${plural(summary.resources, 'resource')}, ${plural(summary.steps, 'step')}, ${plural(summary.stages, 'stage')}`;
  if (summary.waits.length > 0) {
    const alongside = summary.alongsideWaits.length === 0 ? 'nothing' : summary.alongsideWaits.join(', ');
    line += `; alongside the provider wait (${summary.waits.join(', ')}): ${alongside}`;
  }
  out.write(`\n${line}\n`);
  for (const note of notes) out.write(`${colors.dim(`note: ${note}`)}\n`);
}

export function writePlanResult(out: TextOutput, err: TextOutput, result: PlanResult, colors: Colors): void {
  switch (result.status) {
    case 'planned':
      if (result.plan.steps.length === 0) {
        out.write(`${colors.bold(result.title)}\n`);
        for (const note of result.notes) out.write(`${colors.dim(`note: ${note}`)}\n`);
      } else {
        writePlanText(out, result.title, result.plan, result.notes, colors);
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

export function registerPlanCommand(program: Command, context: CommandContext): void {
  program
    .command('plan')
    .description('show the plan a request would run (stages, steps, dependencies)')
    .argument('<file>', 'a request file (CloudEvent JSON)')
    .option(
      '--spec <file>',
      "the customer's current spec (onboarding request or bare spec), for bandwidth and decommission",
    )
    .option('--json', 'print the Plan object as JSON')
    .action((file: string, options: { spec?: string; json?: boolean }) => {
      const result = planRequestFile(file, { spec: options.spec }, context.io.cwd, context.cspContext);
      if (options.json === true && result.status !== 'usage' && result.status !== 'unreadable') {
        context.io.stdout.write(`${JSON.stringify(planResultJson(result), null, 2)}\n`);
      } else {
        writePlanResult(context.io.stdout, context.io.stderr, result, context.colors);
      }
      context.exit(exitCodeOfPlan(result));
    });
}
