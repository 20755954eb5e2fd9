/**
 * The logger port's JSON-lines implementation, the orchestrators' replay-silent logger, and the trace context that
 * ARM calls carry (`traceparent`, `x-ms-correlation-request-id`).
 */
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { OrchestrationContext } from 'durable-functions';
import { orchestrationLogger } from '../../orchestrations/steps/log';
import { traceCorrelationPolicy } from '../../shared/adapters/arm/traceCorrelationPolicy';
import { JsonLinesLogger, formatLogLine, type LogSink } from '../../shared/logging';
import type { LogLevel } from '../../shared/ports/logger';
import { correlationIdOf, runWithTrace } from '../../shared/tracing';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const AT = new Date('2026-03-02T09:00:00.000Z');

function collecting(): { sink: LogSink; lines: { level: LogLevel; json: Record<string, unknown> }[] } {
  const lines: { level: LogLevel; json: Record<string, unknown> }[] = [];
  return { sink: (level, line) => lines.push({ level, json: JSON.parse(line) as Record<string, unknown> }), lines };
}

describe('JsonLinesLogger', () => {
  it('writes one JSON object per line: time, level, message, then the request fields in a fixed order', () => {
    const line = formatLogLine(AT, 'info', 'circuit:a: created', {
      outcome: 'created',
      step: 'circuit:a',
      instanceId: 'req-1',
      customerId: 'contoso',
      requestId: '1',
    });
    expect(line).toBe(
      '{"time":"2026-03-02T09:00:00.000Z","level":"info","message":"circuit:a: created","requestId":"1",' +
        '"customerId":"contoso","instanceId":"req-1","step":"circuit:a","outcome":"created"}',
    );
  });

  it('takes the current trace context, its own fields and the call’s (later wins); child loggers add fields', () => {
    const { sink, lines } = collecting();
    const logger = new JsonLinesLogger(sink, { customerId: 'contoso' }, () => AT).child({ step: 'circuit:a' });
    runWithTrace({ requestId: '1', instanceId: 'req-1', traceparent: TRACEPARENT }, () => {
      logger.warn('throttled', { step: 'circuit:b' });
    });
    expect(lines).toEqual([
      {
        level: 'warn',
        json: {
          time: AT.toISOString(),
          level: 'warn',
          message: 'throttled',
          requestId: '1',
          customerId: 'contoso',
          instanceId: 'req-1',
          step: 'circuit:b',
          traceparent: TRACEPARENT,
        },
      },
    ]);
  });

  it('never writes a secret: secret-named fields are redacted and messages scrubbed', () => {
    const line = formatLogLine(AT, 'error', 'PUT failed: {"sharedKey":"hunter2"}', { md5Key: 'hunter2', code: 'X' });
    expect(line).not.toContain('hunter2');
    expect(JSON.parse(line)).toMatchObject({ code: 'X' });
  });
});

describe('orchestrationLogger', () => {
  function fakeOrchestration(replaying: { value: boolean }, written: string[]): OrchestrationContext {
    const df = {
      instanceId: 'req-1',
      currentUtcDateTime: AT,
      get isReplaying() {
        return replaying.value;
      },
    };
    const write = (line: string) => written.push(line);
    return { df, info: write, warn: write, error: write, debug: write } as unknown as OrchestrationContext;
  }

  it('is silent while the orchestrator replays, and stamps lines with the orchestration clock and instance', () => {
    const replaying = { value: true };
    const written: string[] = [];
    const log = orchestrationLogger(fakeOrchestration(replaying, written), { requestId: '1' });
    log.info('the provider provisioned the circuit');
    expect(written).toEqual([]);
    replaying.value = false;
    log.info('the provider provisioned the circuit');
    expect(written.map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        time: AT.toISOString(),
        level: 'info',
        message: 'the provider provisioned the circuit',
        requestId: '1',
        instanceId: 'req-1',
      },
    ]);
  });
});

describe('ARM calls carry the request’s trace', () => {
  const send = async (headers: Record<string, string> = {}) => {
    const request = createPipelineRequest({
      url: 'https://management.azure.com/x',
      headers: createHttpHeaders(headers),
    });
    await traceCorrelationPolicy().sendRequest(request, (sent) =>
      Promise.resolve({ request: sent, status: 200, headers: createHttpHeaders() } as PipelineResponse),
    );
    return request.headers;
  };

  it('sends traceparent and its trace id as x-ms-correlation-request-id inside a traced request', async () => {
    const headers = await runWithTrace({ requestId: '1', traceparent: TRACEPARENT }, () => send());
    expect(headers.get('traceparent')).toBe(TRACEPARENT);
    expect(headers.get('x-ms-correlation-request-id')).toBe('4bf92f35-77b3-4da6-a3ce-929d0e0e4736');
  });

  it('leaves requests outside a traced request, and a correlation id already set, as they are', async () => {
    expect((await send()).has('traceparent')).toBe(false);
    const kept = await runWithTrace({ traceparent: TRACEPARENT }, () =>
      send({ 'x-ms-correlation-request-id': 'mine' }),
    );
    expect(kept.get('x-ms-correlation-request-id')).toBe('mine');
  });

  it('reads a correlation id only from a valid traceparent', () => {
    expect(correlationIdOf('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
    expect(correlationIdOf('not a traceparent')).toBeUndefined();
  });
});
