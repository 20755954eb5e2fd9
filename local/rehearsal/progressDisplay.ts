/**
 * What a rehearsal shows while it runs. On a terminal: one live line per request (cli-progress), with the
 * workflow's phase (its custom status), a plan-step counter, what the workflow waits for (the provider per leg, an
 * ARM operation, the customer lease: waits.ts) and the simulated time it was read at, redrawn in place. Elsewhere: one plain line when the
 * stand-ins are up and one per request as it ends. The app's own logs never go here (see `--log-file`).
 */
import { MultiBar, type Options, type Params, type SingleBar } from 'cli-progress';
import type { Colors, TextOutput } from '../cli/io';
import { formatDuration } from '../../shared/duration';
import type { RehearsalObserver, RequestProgress } from './rehearsal';
import type { RequestReport } from './report';
import type { RehearsalRequest } from './requestFiles';
import { formatSimulatedTime } from './waits';

export interface ProgressDisplay extends RehearsalObserver {
  /** Ends the live display (idempotent); call before printing anything else. */
  stop(): void;
}

interface LinePayload {
  readonly name: string;
  readonly text: string;
  readonly mark: string;
}

/** A terminal stream cli-progress can redraw on. */
export type TerminalStream = NodeJS.WriteStream;

export function isTerminal(out: TextOutput): out is TextOutput & TerminalStream {
  const candidate = out as { isTTY?: boolean };
  return candidate.isTTY === true;
}

/** Live lines on a terminal. */
export function terminalDisplay(stream: TerminalStream, colors: Colors): ProgressDisplay {
  let width = 0;
  const bars: SingleBar[] = [];
  const format = (_options: Options, params: Params, payload: LinePayload): string => {
    const filled = params.total > 0 ? Math.round((params.value / params.total) * 16) : 0;
    const bar = colors.cyan('█'.repeat(filled)) + colors.dim('░'.repeat(16 - filled));
    return `${payload.mark} ${payload.name.padEnd(width)}  ${bar} ${String(params.value).padStart(2)}/${String(params.total).padEnd(2)}  ${payload.text}`;
  };
  const multibar = new MultiBar({
    stream,
    format,
    hideCursor: true,
    clearOnComplete: true,
    linewrap: false,
    fps: 8,
    autopadding: false,
    forceRedraw: false,
  });
  let stopped = false;
  // Ctrl-C: put the cursor and line wrapping back, then end as the signal would have.
  const onSignal = (signal: NodeJS.Signals) => {
    multibar.stop();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const update = (
    index: number,
    done: number | undefined,
    total: number | undefined,
    payload: Partial<LinePayload>,
  ) => {
    const bar = bars[index];
    if (bar === undefined || stopped) return;
    if (total !== undefined) bar.setTotal(total);
    if (done !== undefined) bar.update(done, payload);
    else bar.update(payload);
  };
  return {
    ready(requests: readonly RehearsalRequest[]) {
      width = Math.max(0, ...requests.map((request) => request.name.length));
      for (const request of requests) {
        bars.push(
          multibar.create(request.planStepKeys?.length ?? 1, 0, {
            name: request.name,
            text: colors.dim('waiting'),
            mark: colors.dim('·'),
          } satisfies LinePayload),
        );
      }
    },
    requestStarted(index: number) {
      update(index, undefined, undefined, { mark: colors.cyan('▸'), text: 'sending' });
    },
    requestProgress(index: number, progress: RequestProgress) {
      update(index, progress.done, progress.total, { text: progressText(progress, colors) });
    },
    requestFinished(index: number, report: RequestReport) {
      const total = report.steps?.total ?? 1;
      const done = report.steps?.done ?? total;
      update(index, done, total, { mark: markOf(report, colors), text: finishedText(report, colors) });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      multibar.stop();
    },
  };
}

/** Plain lines, for pipes and files. */
export function plainDisplay(out: TextOutput, colors: Colors): ProgressDisplay {
  return {
    ready(requests: readonly RehearsalRequest[]) {
      out.write(
        `Rehearsing ${requests.length} request${requests.length === 1 ? '' : 's'} on Azurite, the ARM simulator, the Service Bus peer and the Durable host simulator (virtual time)\n`,
      );
    },
    requestFinished(_index: number, report: RequestReport) {
      out.write(`${markOf(report, colors)} ${report.file}  ${finishedText(report, colors)}\n`);
    },
    stop() {
      // Nothing to clear.
    },
  };
}

/** `awaiting-provider · waits for the provider (leg a: NotProvisioned) · 2026-03-02 10:15 UTC` */
export function progressText(progress: RequestProgress, colors: Colors): string {
  const parts = [progress.phase];
  if (progress.detail !== undefined) parts.push(colors.dim(progress.detail));
  if (progress.waitingFor !== undefined) parts.push(`waits for ${progress.waitingFor}`);
  if (progress.simulatedAt !== undefined) parts.push(colors.dim(formatSimulatedTime(progress.simulatedAt)));
  return parts.join(colors.dim(' · '));
}

export const silentDisplay: ProgressDisplay = {
  stop() {
    // Nothing shown.
  },
};

export function markOf(report: RequestReport, colors: Colors): string {
  return report.asExpected ? colors.green('✓') : colors.red('✗');
}

/** `Completed · 23/23 steps · 4h12m simulated`, `Rejected · ValidationFailed: …`. */
export function finishedText(report: RequestReport, colors: Colors): string {
  const status = report.asExpected ? colors.bold(report.status) : colors.red(colors.bold(report.status));
  const parts = [status];
  if (report.error !== undefined) parts.push(report.error.code);
  if (report.steps !== undefined) parts.push(`${report.steps.done}/${report.steps.total} steps`);
  if (report.simulatedMinutes > 0) parts.push(`${formatDuration(report.simulatedMinutes * 60_000)} simulated`);
  if (!report.asExpected) {
    const broken = report.violations?.length ?? 0;
    const endedAsStated =
      report.status === report.expected &&
      (report.expectedCode === undefined || report.expectedCode === report.error?.code);
    if (broken > 0) parts.push(colors.red(`${broken} invariant${broken === 1 ? '' : 's'} broken`));
    if (broken === 0 || !endedAsStated) {
      parts.push(
        colors.red(`expected ${report.expected}${report.expectedCode === undefined ? '' : ` ${report.expectedCode}`}`),
      );
    }
  }
  return parts.join(colors.dim(' · '));
}
