/** The request triggers' bindings as the Functions host receives them (captured from functions/*.ts). */
import { RequestFunctions } from '../../functions/http/requestRoutes';
import { REQUEST_QUEUE_FUNCTIONS } from '../../functions/support/requestQueueTrigger';
import { captureTriggers } from '../support/functionsHarness';

describe('request trigger registrations', () => {
  it.each([
    ['onboarding', '%ERCSP_ONBOARDING_QUEUE%'],
    ['bandwidth', '%ERCSP_BANDWIDTH_QUEUE%'],
    ['decommission', '%ERCSP_DECOMMISSION_QUEUE%'],
  ] as const)(
    'the %s queue trigger reads its queue, has a Durable client and parks on the rejected queue',
    async (queue, queueName) => {
      const registration = (await captureTriggers()).get(REQUEST_QUEUE_FUNCTIONS[queue], 'serviceBusQueue');
      expect(registration.trigger).toMatchObject({
        type: 'serviceBusTrigger',
        connection: 'ServiceBusConnection',
        queueName,
      });
      expect(registration.trigger).not.toHaveProperty('autoCompleteMessages');
      expect(registration.extraInputs).toEqual([expect.objectContaining({ type: 'durableClient' })]);
      expect(registration.extraOutputs).toEqual([
        expect.objectContaining({
          type: 'serviceBus',
          queueName: '%ERCSP_REJECTED_QUEUE%',
          connection: 'ServiceBusConnection',
        }),
      ]);
    },
  );

  it.each(Object.values(RequestFunctions))(
    '$name answers on /api/$route with a function key',
    async ({ name, route }) => {
      const registration = (await captureTriggers()).get(name, 'http');
      expect(registration.trigger).toMatchObject({ type: 'httpTrigger', route, authLevel: 'function' });
      expect(registration.extraInputs).toEqual([expect.objectContaining({ type: 'durableClient' })]);
    },
  );
});
