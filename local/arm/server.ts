/**
 * The HTTPS front: turns Node requests into SimRequests, sends `/__sim/` to the control API, and for ARM requests
 * counts them, applies injected faults, and writes ARM's answer with its common headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { ArmApi } from './armApi';
import { classifyRequest } from './classify';
import type { RequestCounters } from './counters';
import { errors } from './errors';
import type { FaultDecision, FaultInjector } from './faults';
import type { SimRequest, SimResponse } from './http';
import { errorResponse } from './http';
import type { Simulation } from './simulation';

export const CONTROL_PREFIX = '__sim';

export interface ServerDependencies {
  readonly sim: Simulation;
  readonly api: ArmApi;
  readonly counters: RequestCounters;
  readonly faults: FaultInjector;
  readonly control: (request: SimRequest) => SimResponse;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function toSimRequest(message: IncomingMessage): Promise<SimRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  let bodyError: string | undefined;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch (error) {
      bodyError = error instanceof Error ? error.message : 'invalid JSON';
    }
  }
  const host = message.headers.host ?? '127.0.0.1';
  const url = new URL(message.url ?? '/', `https://${host}`);
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: (message.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    segments: url.pathname
      .split('/')
      .filter((segment) => segment !== '')
      .map(decodeSegment),
    query: url.searchParams,
    headers,
    body,
    bodyError,
    origin: `https://${host}`,
  };
}

function faultResponse(sim: Simulation, fault: FaultDecision): SimResponse | undefined {
  const retryAfter = sim.virtualTime ? 0 : 1;
  switch (fault.kind) {
    case 'throttle':
      return errorResponse(errors.throttled(retryAfter, 'simulated'));
    case 'throttleWithoutRetryAfter': {
      const response = errorResponse(errors.throttled(retryAfter, 'simulated'));
      return { ...response, headers: {} };
    }
    case 'internalError':
      return errorResponse(errors.internalServerError());
    case 'serviceUnavailable':
      return errorResponse(errors.serviceUnavailable(retryAfter));
    default:
      return undefined;
  }
}

function send(sim: Simulation, request: SimRequest, response: ServerResponse, answer: SimResponse): void {
  const headers: Record<string, string> = {
    'Cache-Control': 'no-cache',
    Pragma: 'no-cache',
    'x-ms-request-id': sim.newGuid(),
    'x-ms-correlation-request-id': request.headers['x-ms-correlation-request-id'] ?? sim.newGuid(),
    ...answer.headers,
  };
  const clientRequestId = request.headers['x-ms-client-request-id'];
  if (clientRequestId !== undefined) headers['x-ms-client-request-id'] = clientRequestId;
  if (answer.body === undefined || request.method === 'HEAD') {
    response.writeHead(answer.status, headers).end();
    return;
  }
  const payload = JSON.stringify(answer.body);
  headers['Content-Type'] = 'application/json; charset=utf-8';
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  response.writeHead(answer.status, headers).end(payload);
}

async function handle(deps: ServerDependencies, message: IncomingMessage, response: ServerResponse): Promise<void> {
  const request = await toSimRequest(message);
  if (request.segments[0] === CONTROL_PREFIX) {
    send(deps.sim, request, response, deps.control(request));
    return;
  }
  const requestClass = classifyRequest(request);
  deps.counters.record(requestClass.category, requestClass.subscriptionId, requestClass.operation);
  const fault = deps.faults.decide({
    method: request.method,
    resourceType: requestClass.resourceType,
    path: request.path,
  });
  if (fault) deps.counters.recordFault(requestClass.subscriptionId);
  if (fault?.kind === 'slow') await delay(fault.delayMs);
  if (fault?.kind === 'reset' && fault.at === 'before') {
    message.socket.destroy();
    return;
  }
  const injected = fault ? faultResponse(deps.sim, fault) : undefined;
  if (injected) {
    send(deps.sim, request, response, injected);
    return;
  }
  const answer = deps.api.handle(request, requestClass);
  if (fault?.kind === 'reset') {
    message.socket.destroy();
    return;
  }
  send(deps.sim, request, response, answer);
}

export interface ListeningServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function listen(
  deps: ServerDependencies,
  tls: { keyPem: string; certPem: string },
  port: number,
): Promise<ListeningServer> {
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (message, response) => {
    handle(deps, message, response).catch((error: unknown) => {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ error: { code: 'InternalServerError', message: text, details: [] } }));
      } else {
        response.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
