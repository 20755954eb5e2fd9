/** The rehearsal's summary as text (the `--json` form is the report itself). */
import { circuitChangeText } from './circuitChanges';
import { decommissionLines } from './decommissionReport';
import type { Colors, TextOutput } from '../cli/io';
import { formatDuration } from '../../shared/duration';
import { finishedText, markOf } from './progressDisplay';
import type { RehearsalReport } from './report';

export function writeSummary(out: TextOutput, report: RehearsalReport, colors: Colors): void {
  const line = (text = '') => out.write(`${text}\n`);
  const heading = (text: string) => {
    line();
    line(colors.bold(text));
  };
  const width = Math.max(0, ...report.requests.map((request) => request.file.length));

  const { totals } = report;
  const byStatus = Object.entries(totals.byStatus)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  heading(`Requests: ${totals.requests}${byStatus.length === 0 ? '' : ` (${byStatus.join(', ')})`}`);
  for (const request of report.requests) {
    const who = colors.dim([request.kind, request.customerId ?? '?', request.instanceId ?? 'no workflow'].join(' · '));
    line(`  ${markOf(request, colors)} ${request.file.padEnd(width)}  ${finishedText(request, colors)}  ${who}`);
    if (request.error !== undefined) line(`      ${colors.dim(`${request.error.code}: ${request.error.message}`)}`);
    if (request.note !== undefined) line(`      ${colors.yellow(request.note)}`);
    for (const change of request.circuitChanges ?? []) line(`      ${circuitChangeText(change)}`);
    if (request.decommission !== undefined) {
      for (const text of decommissionLines(request.decommission)) line(`      ${text}`);
    }
    for (const violation of request.violations ?? []) line(`      ${colors.red(violation)}`);
  }

  const created = Object.entries(report.resourceCounts).sort(([a], [b]) => a.localeCompare(b));
  heading(`Resources created: ${report.resources.length}`);
  for (const [type, count] of created) line(`  ${String(count).padStart(3)}  ${shortType(type)}`);
  const circuits = report.resources.filter((resource) => resource.type === 'Microsoft.Network/expressRouteCircuits');
  for (const circuit of circuits) {
    line(
      colors.dim(
        `       ${circuit.name}: ${circuit.provisioningState ?? '?'}, provider ${circuit.serviceProviderProvisioningState ?? '?'}`,
      ),
    );
  }

  const { arm } = report;
  heading(`ARM requests: ${arm.requests}`);
  line(`  by kind:    ${arm.reads} reads, ${arm.writes} writes, ${arm.deletes} deletes, ${arm.polls} polls`);
  line(
    `  by answer:  ${arm.answered} answered, ${arm.throttled} throttled by ARM's request limits, ` +
      `${arm.faults} injected faults`,
  );
  if (arm.faults > 0) {
    line(
      colors.dim(`              (faults: a 429, 500 or 503, or a dropped connection; seed ${report.settings.seed})`),
    );
  }

  const instances = Object.entries(report.history);
  const events = instances.reduce((sum, [, history]) => sum + history.events, 0);
  const episodes = instances.reduce((sum, [, history]) => sum + history.episodes, 0);
  heading(`Durable history: ${instances.length} instances, ${events} events, ${episodes} episodes`);
  const idWidth = Math.max(0, ...instances.map(([id]) => id.length));
  for (const [id, history] of instances) {
    const generations = history.generations > 1 ? colors.dim(` (${history.generations} generations)`) : '';
    line(
      `  ${id.padEnd(idWidth)}  ${String(history.events).padStart(4)} events  ${String(history.episodes).padStart(4)} episodes  ${history.runtimeStatus}${generations}`,
    );
  }

  const published = Object.entries(report.events).sort(([a], [b]) => a.localeCompare(b));
  heading(`Outbound events on the topic: ${published.reduce((sum, [, count]) => sum + count, 0)}`);
  for (const [type, count] of published) line(`  ${String(count).padStart(3)}  ${type}`);

  heading('Time');
  line(
    `  ${report.simulatedMinutes === 0 ? '0m' : formatDuration(report.simulatedMinutes * 60_000)} simulated (${report.simulatedStart} → ${report.simulatedEnd}), ${report.realSeconds} s real`,
  );

  line();
  for (const note of report.notes) line(colors.dim(`note: ${note}`));
  if (report.redactedSecrets > 0) {
    line(
      colors.red(`A secret value reached the output ${report.redactedSecrets} time(s); it was replaced by [redacted].`),
    );
  }
  const unexpected = report.requests.filter((request) => !request.asExpected);
  line(
    unexpected.length === 0
      ? colors.green(
          report.requests.length === 1
            ? 'The request ended as expected.'
            : `All ${report.requests.length} requests ended as expected.`,
        )
      : colors.red(
          `${unexpected.length} of ${report.requests.length} requests did not end as expected: ${unexpected.map((r) => r.file).join(', ')}`,
        ),
  );
}

/** `Microsoft.Network/expressRouteCircuits/peerings` → `expressRouteCircuits/peerings`. */
function shortType(type: string): string {
  return type.replace(/^Microsoft\.Network\//, '');
}
