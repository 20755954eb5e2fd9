/**
 * `ercsp rehearse <request.json>...`: the whole app on this machine (see local/rehearsal/rehearsal.ts). Requests are
 * delivered in the order given. A live display on a terminal, plain lines otherwise; then the summary, or with
 * `--json` exactly one JSON object on stdout. Exit 0 when every request ended as expected (`--expect`, else
 * `expectations.json` beside the files, else its file name; see local/rehearsal/expectations.ts) and broke no
 * invariant, 1 otherwise, 2 on usage errors (no files, an unreadable file or manifest, a bad option value).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LogHandler } from '@azure/functions';
import type { Command } from 'commander';
import { parseDuration } from '../../../shared/duration';
import {
  isTerminal,
  plainDisplay,
  silentDisplay,
  terminalDisplay,
  type ProgressDisplay,
} from '../../rehearsal/progressDisplay';
import type * as RehearsalModule from '../../rehearsal/rehearsal';
import type { RehearsalOptions } from '../../rehearsal/rehearsal';
import { readRequestFiles } from '../../rehearsal/requestFiles';
import { writeSummary } from '../../rehearsal/summaryText';
import type { CommandContext } from '../context';
import { addCspContextOptions, commandCspContext, type CspContextOptions } from '../cspContext';
import { EXIT } from '../io';
import { isScenarioFile } from '../../rehearsal/scenarioFile';
import { rehearseScenario } from './rehearseScenario';

export const DEFAULT_PROVIDER_DELAY = '2h';

export interface RehearseCliOptions {
  readonly providerDelay?: string;
  readonly providerNever?: boolean;
  readonly providerDeadline?: string;
  readonly deprovisionDelay?: string;
  readonly deprovisionNever?: boolean;
  readonly faults?: string;
  readonly seed?: string;
  readonly logFile?: string;
  readonly json?: boolean;
  /** `--expect <file>=<Status>[:<Code>]`, repeatable. */
  readonly expect?: readonly string[];
  /** `--expectations <file>`, repeatable. */
  readonly expectations?: readonly string[];
  /** `--scenario`: the file is a scenario (local/rehearsal/scenarioFile.ts), whatever its extension. */
  readonly scenario?: boolean;
}

export type ParsedRehearseOptions =
  | { readonly ok: true; readonly options: Omit<RehearsalOptions, 'logHandler'>; readonly logFile?: string }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Checks every option at once; each problem names the option and what it takes. */
export function parseRehearseOptions(raw: RehearseCliOptions): ParsedRehearseOptions {
  const problems: string[] = [];
  const duration = (option: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) problems.push(`${option}: '${text}' is not a duration such as 90m, 2h or 3d`);
    return ms;
  };
  if (raw.providerNever === true && raw.providerDelay !== undefined) {
    problems.push('--provider-delay and --provider-never exclude each other');
  }
  const delay = duration('--provider-delay', raw.providerDelay ?? DEFAULT_PROVIDER_DELAY);
  const deadline = duration('--provider-deadline', raw.providerDeadline);
  if (raw.deprovisionNever === true && raw.deprovisionDelay !== undefined) {
    problems.push('--deprovision-delay and --deprovision-never exclude each other');
  }
  const deprovisionDelay = duration('--deprovision-delay', raw.deprovisionDelay);
  let faultRate: number | undefined;
  if (raw.faults !== undefined) {
    faultRate = Number(raw.faults);
    if (raw.faults.trim() === '' || !Number.isFinite(faultRate) || faultRate < 0 || faultRate > 1) {
      problems.push(`--faults: '${raw.faults}' is not a rate between 0 and 1 (e.g. 0.05)`);
    }
  }
  let seed: number | undefined;
  if (raw.seed !== undefined) {
    seed = Number(raw.seed);
    if (!/^\d+$/.test(raw.seed.trim()) || !Number.isSafeInteger(seed)) {
      problems.push(`--seed: '${raw.seed}' is not a whole number`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    options: {
      providerDelayMs: raw.providerNever === true ? 'never' : (delay ?? 0),
      ...(deadline === undefined ? {} : { providerDeadlineMs: deadline }),
      ...(raw.deprovisionNever === true
        ? { deprovisionDelayMs: 'never' as const }
        : deprovisionDelay === undefined
          ? {}
          : { deprovisionDelayMs: deprovisionDelay }),
      ...(faultRate === undefined ? {} : { faultRate }),
      ...(seed === undefined ? {} : { seed }),
    },
    ...(raw.logFile === undefined ? {} : { logFile: raw.logFile }),
  };
}

export function registerRehearseCommand(program: Command, context: CommandContext): void {
  addCspContextOptions(program.command('rehearse'))
    .description(
      "run the app end to end on this machine: each request goes through the Service Bus peer to the app's trigger, " +
        'its workflow through the Durable host simulator against the ARM simulator (virtual time, Azurite in memory)',
    )
    .argument(
      '<file...>',
      "request files (CloudEvent JSON), delivered in this order; the clock starts at the first one's `time`",
    )
    .option(
      '--provider-delay <duration>',
      `how long the provider takes to provision a circuit (default ${DEFAULT_PROVIDER_DELAY})`,
    )
    .option('--provider-never', 'the provider never provisions: onboardings escalate at the deadline and fail')
    .option(
      '--deprovision-delay <duration>',
      'how long the provider takes to deprovision a circuit after provider.deprovision.requested (default 1d)',
    )
    .option(
      '--deprovision-never',
      'the provider never deprovisions: decommissions escalate at the deadline and keep the circuits',
    )
    .option('--provider-deadline <duration>', "the app's provider deadline, ERCSP_PROVIDER_DEADLINE (default 14d)")
    .option(
      '--faults <rate>',
      'share of ARM requests answered with a transient fault (429 with and without Retry-After, 500, 503, resets), 0-1',
    )
    .option(
      '--seed <n>',
      "seed of the ARM simulator's random choices (which requests get faults): the same seed gives the same run",
    )
    .option(
      '--expect <file=outcome>',
      'what a request file is expected to end as: Completed, Failed, Rejected or Duplicate, optionally :Code ' +
        '(e.g. 05-malformed.json=Rejected:ValidationFailed); repeatable; wins over expectations.json',
      collect,
    )
    .option(
      '--expectations <file>',
      'a manifest of expected outcomes, by file name (default: expectations.json beside the request files)',
      collect,
    )
    .option('--log-file <file>', "write the app's logs to this file (default: dropped)")
    .option('--json', 'print exactly one JSON object: requests, resources, arm, history, events, simulatedMinutes')
    .option('--scenario', 'the file is a scenario (steps, expectations); implied by a .yaml or .yml file')
    .action(async (files: string[], raw: RehearseCliOptions & CspContextOptions) => {
      const { io, colors } = context;
      if (raw.scenario === true || files.some(isScenarioFile)) {
        const scenarioCsp = commandCspContext(context, raw);
        if (scenarioCsp !== undefined) await rehearseScenario(files, scenarioCsp.context, context);
        return;
      }
      const parsed = parseRehearseOptions(raw);
      if (!parsed.ok) {
        for (const problem of parsed.problems) io.stderr.write(`error: ${problem}\n`);
        context.exit(EXIT.usage);
        return;
      }
      const csp = commandCspContext(context, raw);
      if (csp === undefined) return;
      const read = readRequestFiles(files, io.cwd, csp.context, {
        ...(raw.expect === undefined ? {} : { expect: raw.expect }),
        ...(raw.expectations === undefined ? {} : { manifests: raw.expectations }),
      });
      if (!read.ok) {
        for (const problem of read.problems) io.stderr.write(`error: ${problem}\n`);
        context.exit(EXIT.usage);
        return;
      }

      let log: ReturnType<typeof openLog> | undefined;
      try {
        log = parsed.logFile === undefined ? undefined : openLog(resolve(io.cwd, parsed.logFile));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        io.stderr.write(`error: --log-file: cannot write ${parsed.logFile ?? ''} (${reason})\n`);
        context.exit(EXIT.usage);
        return;
      }
      const display = chooseDisplay(context, raw.json === true);
      try {
        const { report } = await loadRehearsal().runRehearsal(
          read.requests,
          { ...parsed.options, csp: csp.context, ...(log === undefined ? {} : { logHandler: log.handler }) },
          display,
        );
        display.stop();
        if (raw.json === true) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else writeSummary(io.stdout, report, colors);
        context.exit(report.ok ? EXIT.ok : EXIT.invalid);
      } finally {
        display.stop();
        log?.close();
      }
    });
}

/** Commander's accumulator for a repeatable option. */
function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The stand-ins take a second or more to load: only `rehearse` pays for them, not `validate` or `plan`. */
function loadRehearsal(): typeof RehearsalModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see above
  return require('../../rehearsal/rehearsal') as typeof RehearsalModule;
}

/** Live lines on a terminal (stderr under --json, so that stdout stays one JSON object); plain lines otherwise. */
function chooseDisplay(context: CommandContext, json: boolean): ProgressDisplay {
  const { io, colors } = context;
  if (json) return isTerminal(io.stderr) ? terminalDisplay(io.stderr, colors) : silentDisplay;
  return isTerminal(io.stdout) ? terminalDisplay(io.stdout, colors) : plainDisplay(io.stdout, colors);
}

function openLog(path: string): { handler: LogHandler; close(): void } {
  const fd = openSync(path, 'w');
  let open = true;
  return {
    handler: (level, ...args) => {
      if (open)
        writeSync(fd, `${level}\t${args.map((arg) => (typeof arg === 'string' ? arg : String(arg))).join(' ')}\n`);
    },
    close: () => {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
