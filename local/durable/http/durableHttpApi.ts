/**
 * The Durable extension's HTTP API, served on a local port so that the app's real `df.getClient(context)` works. The
 * same routes answer under the worker RPC base (`/durabletask/`) and the public webhook base
 * (`/runtime/webhooks/durabletask/`):
 *   POST   orchestrators/{name}[/{instanceId}]        start (202 + management payload; 400 unknown; 409 running)
 *   GET    instances/{id}[?showHistory&showInput]     status (200 ended, 202 running, 404 unknown)
 *   GET    instances/?runtimeStatus&createdTimeFrom…  query
 *   POST   instances/{id}/raiseEvent/{name}           202, 404, 410 when the instance has ended
 *   POST   instances/{id}/terminate?reason=           202, 404, 410
 *   DELETE instances/{id} | instances/?filters       purge (200 { instancesDeleted }, 404)
 * Suspend, resume, rewind and entities answer 501.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FunctionNotRegisteredError } from '../../functionsHost/functionRegistry';
import type { HistoryEvent } from '../wire/historyEvents';
import { isTerminalStatus } from '../storage/records';
import type { InstanceStatus } from '../host/instanceStatus';
import { InstanceAlreadyExistsError, InstanceNotFoundError, InvalidInstanceIdError } from '../host/errors';
import { durableClientBinding, managementPayload, RPC_PATH, WEBHOOK_PATH } from './clientBinding';
import type { DurableClientBindingData } from './clientBinding';

/** What the HTTP API needs from the simulator. */
export interface DurableClientBackend {
  readonly taskHub: string;
  startNew(name: string, options: { instanceId?: string; input?: unknown }): Promise<string>;
  getStatus(instanceId: string): Promise<InstanceStatus | undefined>;
  getHistory(instanceId: string): Promise<readonly HistoryEvent[]>;
  listInstances(): Promise<InstanceStatus[]>;
  /** false when the instance has ended (the event is dropped). */
  raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<boolean>;
  /** false when the instance has already ended. */
  terminate(instanceId: string, reason: string): Promise<boolean>;
  purge(instanceId: string): Promise<boolean>;
}

export interface DurableHttpApi {
  readonly origin: string;
  readonly binding: DurableClientBindingData;
  close(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

class BadRequest extends Error {}

function statusJson(status: InstanceStatus, options: { showInput: boolean; history?: readonly HistoryEvent[] }) {
  return {
    name: status.name,
    instanceId: status.instanceId,
    runtimeStatus: status.runtimeStatus,
    input: options.showInput ? (status.input ?? null) : null,
    customStatus: status.customStatus ?? null,
    output: status.output ?? null,
    createdTime: status.createdTime.toISOString(),
    lastUpdatedTime: status.lastUpdatedTime.toISOString(),
    ...(options.history === undefined ? {} : { history: options.history }),
  };
}

function matchesFilter(status: InstanceStatus, query: URLSearchParams): boolean {
  const from = query.get('createdTimeFrom');
  const to = query.get('createdTimeTo');
  const statuses = query
    .get('runtimeStatus')
    ?.split(',')
    .filter((value) => value !== '');
  if (from !== null && status.createdTime < new Date(from)) return false;
  if (to !== null && status.createdTime > new Date(to)) return false;
  return statuses === undefined || statuses.length === 0 || statuses.includes(status.runtimeStatus);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequest('The request body is not valid JSON.');
  }
}

/** Splits `/durabletask/instances/a%2Fb/raiseEvent/x` into decoded segments after the API base. */
function routeOf(pathname: string): string[] | undefined {
  const base = [RPC_PATH, WEBHOOK_PATH].find((prefix) => pathname.startsWith(prefix) || `${pathname}/` === prefix);
  if (base === undefined) return undefined;
  return pathname
    .slice(base.length)
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => decodeURIComponent(segment));
}

async function handle(
  backend: DurableClientBackend,
  binding: () => DurableClientBindingData,
  request: IncomingMessage,
): Promise<Reply> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const route = routeOf(url.pathname);
  const method = request.method ?? 'GET';
  if (route === undefined) return { status: 404, body: { message: `No Durable API route for ${url.pathname}` } };
  const [resource, id, action, argument] = route;

  if (resource === 'orchestrators' && method === 'POST' && id !== undefined) {
    const input = parseBody(await readBody(request));
    const instanceId = await backend.startNew(id, { ...(action === undefined ? {} : { instanceId: action }), input });
    const payload = managementPayload(binding(), instanceId);
    return { status: 202, body: payload, headers: { Location: payload.statusQueryGetUri ?? '' } };
  }
  if (resource === 'instances' && id === undefined) {
    const matching = (await backend.listInstances()).filter((status) => matchesFilter(status, url.searchParams));
    if (method === 'GET')
      return { status: 200, body: matching.map((status) => statusJson(status, { showInput: true })) };
    if (method === 'DELETE') {
      let deleted = 0;
      for (const status of matching)
        if (isTerminalStatus(status.runtimeStatus) && (await backend.purge(status.instanceId))) deleted++;
      return { status: deleted > 0 ? 200 : 404, body: { instancesDeleted: deleted } };
    }
  }
  if (resource === 'instances' && id !== undefined) {
    if (action === undefined && method === 'GET') {
      const status = await backend.getStatus(id);
      if (status === undefined) return { status: 404 };
      const history = url.searchParams.get('showHistory') === 'true' ? await backend.getHistory(id) : undefined;
      const showInput = url.searchParams.get('showInput') !== 'false';
      const body = statusJson(status, { showInput, ...(history === undefined ? {} : { history }) });
      return { status: isTerminalStatus(status.runtimeStatus) ? 200 : 202, body };
    }
    if (action === undefined && method === 'DELETE') {
      return (await backend.purge(id)) ? { status: 200, body: { instancesDeleted: 1 } } : { status: 404 };
    }
    if (action === 'raiseEvent' && method === 'POST') {
      if (argument === undefined) throw new BadRequest('An event name is required.');
      const data = parseBody(await readBody(request));
      return { status: (await backend.raiseEvent(id, argument, data)) ? 202 : 410 };
    }
    if (action === 'terminate' && method === 'POST') {
      return { status: (await backend.terminate(id, url.searchParams.get('reason') ?? '')) ? 202 : 410 };
    }
    if (action === 'suspend' || action === 'resume' || action === 'rewind' || action === 'restart') {
      return { status: 501, body: { message: `${action} is not supported by the durable host simulator.` } };
    }
  }
  if (resource === 'entities') return { status: 501, body: { message: 'Entities are not simulated.' } };
  return { status: 404, body: { message: `No Durable API route for ${method} ${url.pathname}` } };
}

function replyForError(error: unknown): Reply {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof InstanceNotFoundError) return { status: 404, body: { message } };
  if (error instanceof InstanceAlreadyExistsError) return { status: 409, body: { message } };
  if (
    error instanceof FunctionNotRegisteredError ||
    error instanceof InvalidInstanceIdError ||
    error instanceof BadRequest
  ) {
    return { status: 400, body: { message } };
  }
  return { status: 500, body: { message } };
}

function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
  if (text !== '') headers['Content-Type'] = 'application/json; charset=utf-8';
  response.writeHead(reply.status, headers);
  response.end(text);
}

export async function startDurableHttpApi(
  backend: DurableClientBackend,
  options: { readonly port?: number; readonly host?: string } = {},
): Promise<DurableHttpApi> {
  const listening: { binding?: DurableClientBindingData } = {};
  const bindingOf = (): DurableClientBindingData => {
    if (listening.binding === undefined) throw new Error('The Durable HTTP API is not listening yet.');
    return listening.binding;
  };
  const server: Server = createServer((request, response) => {
    handle(backend, bindingOf, request).then(
      (reply) => {
        send(response, reply);
      },
      (error: unknown) => {
        send(response, replyForError(error));
      },
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  const binding = durableClientBinding(origin, backend.taskHub);
  listening.binding = binding;
  return {
    origin,
    binding,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}
