import { HttpRequest } from '@azure/functions';
import type { HttpResponse } from '@azure/functions';
import * as df from 'durable-functions';
import { asHttpResponse } from '../../../local/functionsHost';
import type { DurableHostSimulator } from '../../../local/durable';
import { DAY_MS, fixtureRegistry, startSimulator } from './simulatorSupport';

const APP_ORIGIN = 'http://localhost:7071';

async function callHttpTrigger(
  simulator: DurableHostSimulator,
  functionName: string,
  init: { method: string; path: string; params: Record<string, string>; body?: unknown },
): Promise<HttpResponse> {
  const registration = (await fixtureRegistry()).get(functionName, 'http');
  const request = new HttpRequest({
    method: init.method,
    url: `${APP_ORIGIN}/api/${init.path}`,
    params: init.params,
    ...(init.body === undefined ? {} : { body: { string: JSON.stringify(init.body) } }),
  });
  return asHttpResponse(await registration.handler(request, simulator.createInvocationContext(registration)));
}

describe('DurableHostSimulator: the Durable client HTTP API behind df.getClient', () => {
  let simulator: DurableHostSimulator;

  beforeEach(async () => {
    ({ simulator } = await startSimulator({ processInBackground: true }));
    await simulator.listenHttp();
  });

  afterEach(async () => {
    await simulator.stop();
  });

  it('starts, queries, signals and awaits an orchestration through captured HTTP triggers', async () => {
    const started = await callHttpTrigger(simulator, 'StartOrchestration', {
      method: 'POST',
      path: 'orchestrators/Race',
      params: { name: 'Race' },
      body: { timeoutMs: DAY_MS },
    });
    expect(started.status).toBe(202);
    const management = (await started.json()) as { id: string; statusQueryGetUri: string };
    expect(management.statusQueryGetUri).toContain(`/instances/${management.id}`);
    await simulator.runUntilIdle();

    const running = await callHttpTrigger(simulator, 'GetStatus', {
      method: 'GET',
      path: `instances/${management.id}`,
      params: { id: management.id },
    });
    expect(await running.json()).toMatchObject({
      name: 'Race',
      runtimeStatus: 'Running',
      input: { timeoutMs: DAY_MS },
    });

    const approved = await callHttpTrigger(simulator, 'ApproveAndWait', {
      method: 'POST',
      path: `instances/${management.id}/approve`,
      params: { id: management.id },
    });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toEqual({ winner: 'event', data: { approvedBy: 'http' } });
  });

  it('terminates through the client, and answers for unknown instances as the extension does', async () => {
    const instanceId = await simulator.startNew('Race', { input: { timeoutMs: DAY_MS } });
    await simulator.runUntilIdle();

    const terminated = await callHttpTrigger(simulator, 'Terminate', {
      method: 'POST',
      path: `instances/${instanceId}/terminate`,
      params: { id: instanceId },
    });
    expect(terminated.status).toBe(202);
    await simulator.runUntilIdle();
    expect(await simulator.getStatus(instanceId)).toMatchObject({
      runtimeStatus: 'Terminated',
      output: 'stopped over HTTP',
    });

    const client = df.getClient(simulator.createInvocationContext('GetStatus'));
    await expect(client.getStatus('nobody')).rejects.toThrow(/404/);
    await expect(client.raiseEvent(instanceId, 'Approval', 'too late')).resolves.toBeUndefined();
    await expect(client.startNew('NotAnOrchestration')).rejects.toThrow(/400/);
  });
});
