/**
 * `ercsp serve`: the app's HTTP API on 127.0.0.1 as the Functions host would serve it, over the rehearsal's stand-ins
 * (ARM simulator, Azurite, the Durable host simulator processing work as it arrives, the Service Bus peer with the
 * app's queue triggers listening), on a simulated clock that runs `speed` times faster than real time.
 *
 * Only configuration differs from Azure: the stack points the app at the stand-ins through app settings, and the app's
 * own registered handlers answer every request (the routes, methods and auth levels they registered). Besides them,
 * `/admin/clock` (GET: the simulated time; POST `?by=2h`: advance it) controls time. Every route except anonymous
 * ones needs the run's function key (`?code=` or `x-functions-key`), which only the caller of `startLocalServer`
 * learns; it never appears in a log line.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest } from '@azure/functions';
import type { LogHandler } from '@azure/functions';
import { formatDuration, parseDuration } from '../../shared/duration';
import { MAX_BODY_BYTES } from '../../shared/services/jsonText';
import { RequestFunctions } from '../../functions/http/requestRoutes';
import type { LocalCspContext } from '../cli/defaults';
import { DEFAULT_CSP_CONTEXT } from '../cli/defaults';
import { asHttpResponse } from '../functionsHost';
import { startRehearsalStack, type RehearsalStack } from '../rehearsal/stack';
import { ClockDriver } from './clockDriver';
import { CustomerWorld } from './customerWorld';
import { keyMatches, newFunctionKey, presentedKey } from './functionKey';
import { findRoute, httpRoutesOf, type HttpRoute } from './httpRoutes';
import { ServiceBusPump } from './serviceBusPump';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7071;
/** One real second is one simulated minute by default: a 45-minute gateway build takes 45 s. */
export const DEFAULT_SPEED = 60;
export const CLOCK_ROUTE = '/admin/clock';

export interface LocalServerOptions {
  /** Default 127.0.0.1: the server is for this machine only. */
  readonly host?: string;
  /** Default 7071 (the Functions host's); 0 picks a free port. */
  readonly port?: number;
  /** Simulated milliseconds per real millisecond. Default 60. */
  readonly speed?: number;
  /** When the simulated clock starts (ms since the epoch). Default: now. */
  readonly startAt?: number;
  /** When the provider provisions a circuit after its creation (simulated), or never. */
  readonly providerProvisionAfterMs: number | 'never';
  /** More app settings (e.g. `ERCSP_PROVIDER_DEADLINE`). */
  readonly settings?: Readonly<Record<string, string>>;
  /** Where the app's logs go. Default: dropped. */
  readonly logHandler?: LogHandler;
  /** One line per HTTP request (method, path without query, status, duration). Default: none. */
  readonly accessLog?: (line: string) => void;
  /** The function key; default: a new random one. */
  readonly functionKey?: string;
  readonly csp?: LocalCspContext;
}

export interface LocalServer {
  /** `http://127.0.0.1:<port>`; the API is under `/api/`. */
  readonly url: string;
  readonly functionKey: string;
  /** The Service Bus peer's connection string (the app's queues and topic live there). */
  readonly serviceBusConnectionString: string;
  readonly routes: readonly HttpRoute[];
  readonly stack: RehearsalStack;
  readonly clock: ClockDriver;
  /** Stops the server, the triggers, the clock and the stand-ins (and puts `process.env` back). */
  stop(): Promise<void>;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const csp = options.csp ?? DEFAULT_CSP_CONTEXT;
  const stack = await startRehearsalStack({
    startAt: options.startAt ?? Date.now(),
    providerProvisionAfterMs: options.providerProvisionAfterMs,
    durableMode: 'host',
    csp,
    ...(options.settings === undefined ? {} : { settings: options.settings }),
    ...(options.logHandler === undefined ? {} : { logHandler: options.logHandler }),
  });
  const clock = new ClockDriver(stack.clock, options.speed ?? DEFAULT_SPEED, (reason) =>
    options.accessLog?.(`clock: ${reason}`),
  );
  const world = new CustomerWorld(stack, csp);
  const pump = new ServiceBusPump(stack, world, (entity, reason) => options.accessLog?.(`${entity}: ${reason}`));
  let server: Server | undefined;
  try {
    const functionKey = options.functionKey ?? newFunctionKey();
    const routes = httpRoutesOf(stack.registry);
    const handler = new RequestHandler(stack, routes, functionKey, clock, world, options.logHandler);
    server = createServer((request, response) => {
      const started = Date.now();
      handler.handle(request, response).then(
        (status) => options.accessLog?.(accessLine(request, status, Date.now() - started)),
        (error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          options.accessLog?.(`${accessLine(request, 500, Date.now() - started)} (${reason})`);
          if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
          response.end(error instanceof Error ? 'internal error in the local server\n' : '');
        },
      );
    });
    const url = await listen(server, options.host ?? DEFAULT_HOST, options.port ?? DEFAULT_PORT);
    clock.start();
    pump.start();
    const listening = server;
    return {
      url,
      functionKey,
      serviceBusConnectionString: stack.peer.connectionString,
      routes,
      stack,
      clock,
      stop: async () => {
        clock.stop();
        await pump.stop();
        await new Promise<void>((resolve) => {
          listening.close(() => {
            resolve();
          });
          listening.closeAllConnections();
        });
        await stack.stop();
      },
    };
  } catch (error) {
    clock.stop();
    await pump.stop();
    server?.close();
    await stack.stop();
    throw error;
  }
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
    });
  });
}

/** `POST /api/requests 202 41ms`: the path only (the query may hold the function key). */
function accessLine(request: IncomingMessage, status: number, ms: number): string {
  const path = new URL(request.url ?? '/', 'http://local').pathname;
  return `${request.method ?? '?'} ${path} ${status} ${ms}ms`;
}

class BodyTooLargeError extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Twice the app's own limit: the app answers 413 for anything over it; beyond this the server stops reading.
    if (size > 2 * MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function headersOf(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    headers.append(request.rawHeaders[index] ?? '', request.rawHeaders[index + 1] ?? '');
  }
  return headers;
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): number {
  response.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  response.end(`${JSON.stringify(body, null, 2)}\n`);
  return status;
}

class RequestHandler {
  constructor(
    private readonly stack: RehearsalStack,
    private readonly routes: readonly HttpRoute[],
    private readonly functionKey: string,
    private readonly clock: ClockDriver,
    private readonly world: CustomerWorld,
    private readonly logHandler: LogHandler | undefined,
  ) {}

  /** Answers one request; resolves with the status sent. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<number> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? DEFAULT_HOST}`);
    const method = (request.method ?? 'GET').toUpperCase();
    const headers = headersOf(request);
    const authorized = keyMatches(this.functionKey, presentedKey(headers, url));

    if (url.pathname === CLOCK_ROUTE || url.pathname === `${CLOCK_ROUTE}/`) {
      if (!authorized) return this.unauthorized(response);
      return this.clockRoute(method, url, response);
    }
    const lookup = findRoute(this.routes, method, url.pathname);
    if (lookup.kind === 'not-found') {
      response.writeHead(404).end();
      return 404;
    }
    if (lookup.kind === 'method-not-allowed') {
      response.writeHead(405, { Allow: lookup.allowed.join(', ') }).end();
      return 405;
    }
    const { route, params } = lookup.match;
    if (route.authLevel !== 'anonymous' && !authorized) return this.unauthorized(response);

    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      response.writeHead(413, { Connection: 'close' }).end();
      return 413;
    }
    const submitted =
      route.functionName === RequestFunctions.submit.name && method === 'POST'
        ? await this.world.prepare('POST /api/requests', body.toString('utf8'))
        : undefined;

    const httpRequest = new HttpRequest({
      method,
      url: url.toString(),
      headers: Object.fromEntries(headers.entries()),
      query: Object.fromEntries(url.searchParams.entries()),
      params: { ...params },
      ...(body.length === 0 || method === 'GET' || method === 'HEAD' ? {} : { body: { bytes: body } }),
    });
    const context = this.stack.durable.createInvocationContext(route.registration, {
      ...(this.logHandler === undefined ? {} : { logHandler: this.logHandler }),
    });
    const result: unknown = await route.registration.handler(httpRequest, context);
    const answer = asHttpResponse(result);
    if (submitted !== undefined) await this.world.delivered(submitted);

    const responseHeaders: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    const bytes = Buffer.from(await answer.arrayBuffer());
    response.writeHead(answer.status, responseHeaders);
    response.end(bytes);
    return answer.status;
  }

  private unauthorized(response: ServerResponse): number {
    // As the host: 401 with no body, whatever was wrong with the key.
    response.writeHead(401).end();
    return 401;
  }

  /** `GET /admin/clock` → `{ now, speed }`; `POST /admin/clock?by=2h` advances it at once. */
  private clockRoute(method: string, url: URL, response: ServerResponse): number {
    const view = () => ({ now: new Date(this.clock.now()).toISOString(), speed: this.clock.speed });
    if (method === 'GET') return sendJson(response, 200, view());
    if (method !== 'POST') {
      response.writeHead(405, { Allow: 'GET, POST' }).end();
      return 405;
    }
    const by = url.searchParams.get('by') ?? '';
    const ms = parseDuration(by);
    if (ms === undefined || ms <= 0) {
      return sendJson(response, 400, {
        type: 'about:blank',
        title: 'The clock cannot be advanced',
        status: 400,
        detail: `by: '${by.slice(0, 40)}' is not a duration such as 90m, 2h or 3d`,
        errors: [{ path: 'by', rule: 'query.duration', message: 'must be a duration such as 90m, 2h or 3d' }],
      });
    }
    this.clock.advanceBy(ms);
    return sendJson(response, 200, { ...view(), advancedBy: formatDuration(ms) });
  }
}
