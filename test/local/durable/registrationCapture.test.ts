import { app } from '@azure/functions';
import {
  CaptureAlreadyActiveError,
  createInvocationContext,
  FunctionNotRegisteredError,
  startCapturing,
} from '../../../local/functionsHost';
import { fixtureRegistry } from './simulatorSupport';

describe('captureRegistrations: the app as the Functions host sees it', () => {
  it('captures durable-functions orchestrations, activities and client triggers from the entry module', async () => {
    const registry = await fixtureRegistry();

    expect(registry.get('Chain', 'orchestration')).toMatchObject({
      registeredVia: 'generic',
      trigger: { type: 'orchestrationTrigger' },
    });
    expect(registry.get('greet', 'activity').name).toBe('Greet');
    const http = registry.get('StartOrchestration', 'http');
    expect(http).toMatchObject({ registeredVia: 'http', trigger: { type: 'httpTrigger', methods: ['POST'] } });
    expect(http.extraInputs.map((input) => input.type)).toEqual(['durableClient']);
    expect(() => registry.get('Chain', 'activity')).toThrow(FunctionNotRegisteredError);
    expect(registry.names('orchestration')).toContain('EternalCounter');
  });

  it('captures the app shortcuts that bypass the exported generic, and restores the app afterwards', () => {
    const originalGeneric = app.generic;
    const handler = (): undefined => undefined;
    const capture = startCapturing();
    try {
      expect(() => startCapturing()).toThrow(CaptureAlreadyActiveError);
      app.get('Ping', () => ({ status: 200 }));
      app.serviceBusQueue('OnOrder', { connection: 'ServiceBus', queueName: 'orders', handler });
      app.serviceBusTopic('OnEvent', {
        connection: 'ServiceBus',
        topicName: 'events',
        subscriptionName: 'csp',
        handler,
      });
      app.timer('Nightly', { schedule: '0 0 2 * * *', handler });
    } finally {
      capture.restore();
    }

    const { registry } = capture;
    expect(registry.get('Ping', 'http').trigger).toMatchObject({ methods: ['GET'], authLevel: 'anonymous' });
    expect(registry.get('Ping').return).toMatchObject({ type: 'http' });
    expect(registry.get('OnOrder', 'serviceBusQueue').trigger).toMatchObject({
      type: 'serviceBusTrigger',
      queueName: 'orders',
    });
    expect(registry.get('OnEvent', 'serviceBusTopic').trigger).toMatchObject({ topicName: 'events' });
    expect(registry.get('Nightly', 'timer').trigger).toMatchObject({ type: 'timerTrigger', schedule: '0 0 2 * * *' });
    expect(app.generic).toBe(originalGeneric);
  });

  it('builds an InvocationContext whose extra inputs carry the binding values by type', async () => {
    const registration = (await fixtureRegistry()).get('GetStatus', 'http');
    const binding = { taskHubName: 'hub', creationUrls: {}, managementUrls: {} };

    const context = createInvocationContext(registration, { extraInputs: { durableClient: binding } });

    const [clientInput] = registration.extraInputs;
    expect(clientInput).toBeDefined();
    expect(context.extraInputs.get(clientInput!)).toBe(binding);
    expect(context.functionName).toBe('GetStatus');
    expect(context.options.trigger.type).toBe('httpTrigger');
  });
});
