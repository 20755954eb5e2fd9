/**
 * Client commands about requests, over the app's HTTP API (see client.ts for `--url`, `--key`, `--entra-scope`):
 * - `ercsp submit <file>`: `POST /api/requests` with the CloudEvent in the file; prints the id, instance and status URL.
 * - `ercsp status <id> [--wait]`: `GET /api/requests/{id}`: status, phase, provider waits and every step's checkpoint;
 *   `--wait` polls until the workflow has ended (exit 1 unless it Completed).
 * - `ercsp approve <id> --by <upn> --plan-digest <td-…>`: raises `Approval` (who, and the plan they approve) on the
 *   request's workflow.
 * - `ercsp events <id> <name> [--leg a|b] [--data <json>]`: raises any event the API knows (`ProviderProvisioned`…).
 * Table output by default; `--json` prints the response body.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ExternalEvents } from '../../../shared/ports/requestWorkflows';
import type { CommandContext } from '../context';
import { EXIT } from '../io';
import {
  asRecord,
  expectStatus,
  renderTable,
  runClientCommand,
  text,
  withConnectionOptions,
  writeJson,
  type ApiTarget,
  type ConnectionOptions,
} from './client';

const TERMINAL = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);
const DEFAULT_WAIT_TIMEOUT_S = 600;
const WAIT_POLL_MS = 1000;

function requestPath(id: string): string {
  return `requests/${encodeURIComponent(id)}`;
}

export function registerRequestCommands(program: Command, context: CommandContext): void {
  withConnectionOptions(
    program
      .command('submit')
      .description('send a request CloudEvent (a JSON file) to POST /api/requests')
      .argument('<file>', 'the request file (CloudEvent JSON)'),
  ).action(async (file: string, options: ConnectionOptions) => {
    await runClientCommand(context, options, async (target) => {
      let body: string;
      try {
        body = readFileSync(resolve(context.io.cwd, file), 'utf8');
      } catch (error) {
        context.io.stderr.write(`error: cannot read ${file}: ${error instanceof Error ? error.message : ''}\n`);
        context.exit(EXIT.usage);
        return;
      }
      const response = await expectStatus(
        target,
        { method: 'POST', path: 'requests', body, contentType: 'application/cloudevents+json' },
        [200, 202],
      );
      if (options.json === true) {
        writeJson(context, response.json);
        return;
      }
      const answer = asRecord(response.json);
      context.io.stdout.write(
        renderTable(
          ['id', 'instance', 'received', 'status'],
          [
            [
              text(answer.id),
              text(answer.instanceId),
              response.status === 202 ? 'Accepted' : 'Duplicate (already received)',
              text(answer.statusQueryGetUri),
            ],
          ],
        ),
      );
    });
  });

  withConnectionOptions(
    program
      .command('status')
      .description('one request as GET /api/requests/{id} shows it: status, phase, provider waits, checkpoints')
      .argument('<id>', 'the request id (the CloudEvent id)')
      .option('--wait', 'poll until the workflow has ended; exit 1 unless it Completed')
      .option('--timeout <seconds>', `with --wait: give up after this long (default ${DEFAULT_WAIT_TIMEOUT_S})`),
  ).action(async (id: string, options: ConnectionOptions & { wait?: boolean; timeout?: string }) => {
    const timeoutS = Number(options.timeout ?? DEFAULT_WAIT_TIMEOUT_S);
    if (!Number.isFinite(timeoutS) || timeoutS <= 0) {
      context.io.stderr.write(`error: --timeout: '${options.timeout ?? ''}' is not a number of seconds\n`);
      context.exit(EXIT.usage);
      return;
    }
    await runClientCommand(context, options, async (target) => {
      let view = await readStatus(target, id);
      const deadline = Date.now() + timeoutS * 1000;
      while (options.wait === true && !TERMINAL.has(String(view.runtimeStatus)) && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, WAIT_POLL_MS));
        view = await readStatus(target, id);
      }
      if (options.json === true) writeJson(context, view);
      else writeStatus(context, view);
      if (options.wait === true && view.runtimeStatus !== 'Completed') {
        if (!TERMINAL.has(String(view.runtimeStatus))) {
          context.io.stderr.write(`error: ${id} has not ended after ${String(timeoutS)} s\n`);
        }
        context.exit(EXIT.invalid);
      }
    });
  });

  withConnectionOptions(
    program
      .command('approve')
      .description(`raise ${ExternalEvents.approval} on a request's workflow: who approves, and the plan they approve`)
      .argument('<id>', 'the request id')
      .requiredOption('--by <upn>', 'who approves: an Entra user principal name, e.g. jane.doe@csp.example')
      .requiredOption(
        '--plan-digest <digest>',
        'the digest of the plan approved (td-…), as decommission.planned gave it',
      )
      .option('--reference <ticket>', 'a change ticket or reference, e.g. CHG0012345')
      .option('--reason <text>', 'why'),
  ).action(
    async (
      id: string,
      options: ConnectionOptions & { by: string; planDigest: string; reference?: string; reason?: string },
    ) => {
      await runClientCommand(context, options, async (target) => {
        const approval = {
          approvedBy: options.by,
          planDigest: options.planDigest,
          ...(options.reference === undefined ? {} : { reference: options.reference }),
          ...(options.reason === undefined ? {} : { reason: options.reason }),
        };
        await raise(context, target, options, id, ExternalEvents.approval, approval);
      });
    },
  );

  withConnectionOptions(
    program
      .command('events')
      .description(`raise an event on a request: ${Object.values(ExternalEvents).join(', ')}`)
      .argument('<id>', 'the request id')
      .argument('<name>', 'the event name')
      .option('--leg <leg>', 'ProviderProvisioned, ProviderDeprovisioned: only this leg (a or b)')
      .option('--data <json>', 'the event body, a JSON object'),
  ).action(async (id: string, name: string, options: ConnectionOptions & { leg?: string; data?: string }) => {
    let data: Record<string, unknown> = {};
    if (options.data !== undefined) {
      try {
        data = asRecord(JSON.parse(options.data));
      } catch {
        context.io.stderr.write('error: --data: not JSON\n');
        context.exit(EXIT.usage);
        return;
      }
    }
    await runClientCommand(context, options, async (target) => {
      await raise(context, target, options, id, name, {
        ...data,
        ...(options.leg === undefined ? {} : { leg: options.leg }),
      });
    });
  });
}

async function readStatus(target: ApiTarget, id: string): Promise<Record<string, unknown>> {
  return asRecord((await expectStatus(target, { method: 'GET', path: requestPath(id) })).json);
}

async function raise(
  context: CommandContext,
  target: ApiTarget,
  options: ConnectionOptions,
  id: string,
  name: string,
  body: Record<string, unknown>,
): Promise<void> {
  const response = await expectStatus(
    target,
    { method: 'POST', path: `${requestPath(id)}/events/${encodeURIComponent(name)}`, body },
    [202],
  );
  if (options.json === true) {
    writeJson(context, response.json);
    return;
  }
  const answer = asRecord(response.json);
  const targets = Array.isArray(answer.targets) ? answer.targets.map(asRecord) : [];
  context.io.stdout.write(`${text(answer.event) ?? name} raised on request ${id}\n`);
  context.io.stdout.write(
    renderTable(
      ['instance', 'leg', 'signalled', 'runtime status', 'not waiting'],
      targets.map((entry) => [
        text(entry.instanceId),
        text(entry.leg),
        entry.signalled === true ? 'yes' : 'no',
        text(entry.runtimeStatus),
        text(entry.notWaiting),
      ]),
    ),
  );
  if (typeof answer.effect === 'string') context.io.stdout.write(`note: ${answer.effect}\n`);
  if (!targets.some((entry) => entry.signalled === true)) context.exit(EXIT.invalid);
}

function writeStatus(context: CommandContext, view: Record<string, unknown>): void {
  const { stdout } = context.io;
  stdout.write(
    renderTable(
      ['request', 'customer', 'type', 'status', 'runtime', 'phase', 'updated'],
      [
        [
          text(view.id),
          text(view.customerId),
          text(view.type)?.replace(/^com\.csp\.expressroute\./, ''),
          text(view.status),
          text(view.runtimeStatus),
          text(view.phase),
          text(view.lastUpdatedTime),
        ],
      ],
    ),
  );
  const error = asRecord(view.error);
  if (typeof error.message === 'string') stdout.write(`error: ${error.message}\n`);
  const issues = Array.isArray(view.issues) ? view.issues.map(asRecord) : [];
  for (const issue of issues)
    stdout.write(`    ${String(issue.path)}: ${String(issue.message)} [${String(issue.rule)}]\n`);
  writeSection(context, 'circuit legs', view.circuitLegs, ['leg', 'pair', 'runtime', 'phase'], (leg) => [
    text(leg.leg),
    text(leg.pair),
    text(leg.runtimeStatus),
    text(leg.phase),
  ]);
  writeSection(
    context,
    'provider waits',
    view.providerWaits,
    ['leg', 'pair', 'runtime', 'provider state', 'polls'],
    (wait) => [
      text(wait.leg),
      text(wait.pair),
      text(wait.runtimeStatus),
      text(wait.serviceProviderProvisioningState),
      text(wait.polls),
    ],
  );
  writeSection(context, 'checkpoints', view.checkpoints, ['step', 'status', 'attempt', 'updated', 'error'], (row) => [
    text(row.stepKey),
    text(row.status),
    text(row.attempt),
    text(row.updatedAt),
    row.errorCode === undefined ? undefined : `${text(row.errorCode) ?? ''}: ${text(row.errorMessage) ?? ''}`,
  ]);
}

/** A titled table of the rows of a list in the view; nothing when the list is empty or missing. */
function writeSection(
  context: CommandContext,
  title: string,
  list: unknown,
  headers: readonly string[],
  cells: (row: Record<string, unknown>) => (string | undefined)[],
): void {
  const rows = Array.isArray(list) ? list.map(asRecord) : [];
  if (rows.length === 0) return;
  context.io.stdout.write(`\n${title}\n`);
  context.io.stdout.write(renderTable(headers, rows.map(cells)));
}
