/**
 * `ercsp serve`: the app's HTTP API on 127.0.0.1, over the rehearsal's stand-ins, until Ctrl-C (see
 * local/serve/localServer.ts and docs/operators.md). Prints, once, what a client needs: the base URL, the run's
 * function key, the Service Bus connection string and the clock route. Exit 0 after Ctrl-C (SIGINT) or SIGTERM,
 * 2 on a usage error or when the port is taken.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LogHandler } from '@azure/functions';
import type { Command } from 'commander';
import { parseDuration } from '../../../shared/duration';
import type * as LocalServerModule from '../../serve/localServer';
import type { CommandContext } from '../context';
import { addCspContextOptions, commandCspContext, type CspContextOptions } from '../cspContext';
import { EXIT } from '../io';

export const DEFAULT_SERVE_PROVIDER_DELAY = '2h';

export interface ServeCliOptions {
  readonly host?: string;
  readonly port?: string;
  readonly speed?: string;
  readonly providerDelay?: string;
  readonly providerNever?: boolean;
  readonly providerDeadline?: string;
  readonly logFile?: string;
  readonly quiet?: boolean;
}

export interface ParsedServeOptions {
  readonly host: string;
  readonly port: number;
  readonly speed: number;
  readonly providerProvisionAfterMs: number | 'never';
  readonly providerDeadlineMs?: number;
  readonly logFile?: string;
  readonly quiet: boolean;
}

/** Checks every option at once; each problem names the option and what it takes. */
export function parseServeOptions(
  raw: ServeCliOptions,
): { ok: true; options: ParsedServeOptions } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const host = raw.host ?? '127.0.0.1';
  const port = Number(raw.port ?? '7071');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    problems.push(`--port: '${raw.port ?? ''}' is not a port number (0-65535; 0 picks a free one)`);
  }
  const speed = Number(raw.speed ?? '60');
  if (!Number.isFinite(speed) || speed <= 0) {
    problems.push(`--speed: '${raw.speed ?? ''}' is not a positive number (simulated seconds per real second)`);
  }
  const duration = (option: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) problems.push(`${option}: '${text}' is not a duration such as 90m, 2h or 3d`);
    return ms;
  };
  const delay = duration('--provider-delay', raw.providerDelay ?? DEFAULT_SERVE_PROVIDER_DELAY);
  const deadline = duration('--provider-deadline', raw.providerDeadline);
  if (raw.providerNever === true && raw.providerDelay !== undefined) {
    problems.push('--provider-never and --provider-delay exclude each other');
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    options: {
      host,
      port,
      speed,
      providerProvisionAfterMs: raw.providerNever === true ? 'never' : (delay ?? 0),
      ...(deadline === undefined ? {} : { providerDeadlineMs: deadline }),
      ...(raw.logFile === undefined ? {} : { logFile: raw.logFile }),
      quiet: raw.quiet === true,
    },
  };
}

export function registerServeCommand(program: Command, context: CommandContext): void {
  addCspContextOptions(program.command('serve'))
    .description(
      "the app's HTTP API on 127.0.0.1 over the local stand-ins (ARM simulator, Azurite, Durable host simulator, " +
        'Service Bus peer), with a function key printed at start, until Ctrl-C',
    )
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: a free one)', '7071')
    .option('--speed <factor>', 'simulated seconds per real second', '60')
    .option(
      '--provider-delay <duration>',
      `the provider provisions each circuit this long after its creation (default ${DEFAULT_SERVE_PROVIDER_DELAY})`,
    )
    .option('--provider-never', 'the provider never provisions: onboardings escalate at the deadline and fail')
    .option('--provider-deadline <duration>', "the app's provider deadline, ERCSP_PROVIDER_DEADLINE (default 14d)")
    .option('--log-file <file>', "the app's logs go there (otherwise they are dropped)")
    .option('--quiet', 'no line per HTTP request on stderr')
    .action(async (raw: ServeCliOptions & CspContextOptions) => {
      const { io } = context;
      const parsed = parseServeOptions(raw);
      if (!parsed.ok) {
        for (const problem of parsed.problems) io.stderr.write(`error: ${problem}\n`);
        context.exit(EXIT.usage);
        return;
      }
      const csp = commandCspContext(context, raw);
      if (csp === undefined) return;
      const options = parsed.options;
      let log: { handler: LogHandler; close(): void } | undefined;
      try {
        log = options.logFile === undefined ? undefined : openLog(resolve(io.cwd, options.logFile));
      } catch (error) {
        io.stderr.write(`error: --log-file: cannot write ${options.logFile ?? ''} (${messageOf(error)})\n`);
        context.exit(EXIT.usage);
        return;
      }
      // Loaded only when serving: the stand-ins are heavy and other commands never need them.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load, see above
      const { startLocalServer, CLOCK_ROUTE } = require('../../serve/localServer') as typeof LocalServerModule;
      let server: LocalServerModule.LocalServer;
      try {
        server = await startLocalServer({
          host: options.host,
          port: options.port,
          speed: options.speed,
          providerProvisionAfterMs: options.providerProvisionAfterMs,
          csp: csp.context,
          ...(options.providerDeadlineMs === undefined
            ? {}
            : { settings: { ERCSP_PROVIDER_DEADLINE: String(options.providerDeadlineMs) } }),
          ...(log === undefined ? {} : { logHandler: log.handler }),
          ...(options.quiet ? {} : { accessLog: (line: string) => io.stderr.write(`${line}\n`) }),
        });
      } catch (error) {
        log?.close();
        io.stderr.write(`error: cannot serve on ${options.host}:${String(options.port)}: ${messageOf(error)}\n`);
        context.exit(EXIT.usage);
        return;
      }
      const now = new Date(server.clock.now()).toISOString();
      io.stdout.write(
        [
          `ercsp serve: the app's HTTP API on local stand-ins; simulated clock at ${now}, x${String(options.speed)}`,
          `ERCSP_URL=${server.url}`,
          // The one line that shows the key: the operator needs it to call the API.
          `ERCSP_FUNCTION_KEY=${server.functionKey}`,
          `ERCSP_SERVICEBUS_CONNECTION=${server.serviceBusConnectionString}`,
          `clock: GET ${server.url}${CLOCK_ROUTE}; POST ${server.url}${CLOCK_ROUTE}?by=2h advances it (function key required)`,
          `routes: ${server.routes.map((route) => `${route.methods.join('|')} /api/${route.route}`).join(', ')}`,
          'Ctrl-C stops.',
          '',
        ].join('\n'),
      );
      await untilSignalled();
      io.stderr.write('ercsp serve: stopping\n');
      await server.stop();
      log?.close();
    });
}

function untilSignalled(): Promise<void> {
  return new Promise((resolvePromise) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolvePromise();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function openLog(path: string): { handler: LogHandler; close(): void } {
  const fd = openSync(path, 'a');
  return {
    handler: (level, ...args) => {
      writeSync(fd, `${new Date().toISOString()}\t${level}\t${args.map(String).join(' ')}\n`);
    },
    close: () => {
      closeSync(fd);
    },
  };
}
