/** The adapter's own decisions, before any write: what it refuses and why, and how it redeems authorizations. */
import { KeyedMutex } from '../../../shared/adapters/arm/keyedMutex';
import type { ArmBodyByKind } from '../../../shared/adapters/arm/mapping/intentMapping';
import { gatewayBody } from '../../../shared/adapters/arm/mapping/gatewayMapping';
import { assertCircuitChangeAllowed } from '../../../shared/adapters/arm/operations/circuitOperations';
import { redemptionFor } from '../../../shared/adapters/arm/operations/connectionOperations';
import { existingGatewayProblem } from '../../../shared/adapters/arm/operations/gatewayOperations';
import { withOperationRetries } from '../../../shared/adapters/arm/operationRetry';
import type { CircuitIntent, GatewayIntent } from '../../../shared/domain/intents';
import { ArmOperationError } from '../../../shared/errors';
import { deriveTopology } from '../../../shared/domain/topology';
import { validConnectThroughSpec } from '../../support/specs';

const topology = deriveTopology(validConnectThroughSpec(), { cspTenantId: '0f0e0d0c-0b0a-4909-8807-060504030201' });
const circuit = topology.resources.find((intent): intent is CircuitIntent => intent.kind === 'circuit');
const gateway = topology.resources.find(
  (intent): intent is GatewayIntent => intent.kind === 'gateway' && !intent.existing,
);
if (circuit === undefined || gateway === undefined) throw new Error('test topology lacks a circuit or a gateway');

describe('assertCircuitChangeAllowed', () => {
  const current: ArmBodyByKind['circuit'] = {
    location: 'westeurope',
    sku: { name: 'Standard_UnlimitedData', tier: 'Standard', family: 'UnlimitedData' },
    serviceProviderProperties: { serviceProviderName: 'Equinix', peeringLocation: 'Amsterdam', bandwidthInMbps: 1000 },
  };
  const code = (intent: CircuitIntent) => {
    try {
      assertCircuitChangeAllowed(intent, current);
      return 'allowed';
    } catch (error) {
      return error instanceof ArmOperationError ? `${error.code}${error.retryable ? ' (retryable)' : ''}` : 'other';
    }
  };

  it('allows increases and tier changes, refuses what needs a new circuit', () => {
    const base = { ...circuit, sku: { tier: 'Standard', family: 'UnlimitedData' } } as const;
    expect(code({ ...base, bandwidthMbps: 2000 })).toBe('allowed');
    expect(code({ ...base, sku: { tier: 'Premium', family: 'UnlimitedData' } })).toBe('allowed');
    expect(code({ ...base, bandwidthMbps: 500 })).toBe('ExpressRouteCircuitBandwidthDecreaseNotAllowed');
    expect(code({ ...base, sku: { tier: 'Standard', family: 'MeteredData' } })).toBe(
      'ExpressRouteCircuitSkuFamilyDowngradeNotAllowed',
    );
    expect(code({ ...base, serviceProviderName: 'Megaport' })).toBe(
      'ExpressRouteCircuitServiceProviderChangeNotAllowed',
    );
    expect(code({ ...base, peeringLocation: 'London' })).toBe('ExpressRouteCircuitPeeringLocationChangeNotAllowed');
    expect(code({ ...base, location: 'northeurope' })).toBe('InvalidResourceLocation');
  });
});

describe('redemptionFor', () => {
  const connectionId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/connections/cn-a';

  it('redeems an Available authorization, leaves a link in place, refuses a key someone else redeemed', () => {
    expect(redemptionFor(connectionId, false, { authorizationUseStatus: 'Available' })).toBe('redeem');
    expect(redemptionFor(connectionId, true, { authorizationUseStatus: 'Available' })).toBe('redeem');
    expect(
      redemptionFor(connectionId, true, {
        authorizationUseStatus: 'InUse',
        connectionResourceUri: connectionId.toUpperCase(),
      }),
    ).toBe('linked');
    expect(
      redemptionFor(connectionId, true, {
        authorizationUseStatus: 'InUse',
        connectionResourceUri: `${connectionId}-other`,
      }),
    ).toEqual({ refuse: expect.stringContaining('single-use'), retryable: false });
    expect(
      redemptionFor(connectionId, false, { authorizationUseStatus: 'InUse', connectionResourceUri: connectionId }),
    ).toMatchObject({ retryable: true });
  });
});

describe('existingGatewayProblem', () => {
  const body = { ...gatewayBody(gateway), provisioningState: 'Succeeded' };

  it('accepts an ExpressRoute gateway of the intent’s VNet that is Succeeded or Updating', () => {
    expect(existingGatewayProblem(gateway, body)).toBeUndefined();
    expect(existingGatewayProblem(gateway, { ...body, provisioningState: 'Updating' })).toBeUndefined();
  });

  it('names the problem otherwise', () => {
    expect(existingGatewayProblem(gateway, { ...body, gatewayType: 'Vpn' })?.code).toBe('GatewayNotExpressRoute');
    expect(existingGatewayProblem(gateway, { ...body, provisioningState: 'Failed' })?.code).toBe('GatewayNotUsable');
    expect(existingGatewayProblem({ ...gateway, vnetId: `${gateway.vnetId}-other` }, body)?.detail).toMatch(
      /belongs to/,
    );
  });
});

describe('withOperationRetries', () => {
  const options = { attempts: 3, backoff: { maxRetries: 0, baseDelayMs: 10, maxDelayMs: 100 }, random: () => 0 };

  it('re-runs a whole operation after a retryable failure, honouring retryAfterMs', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withOperationRetries(
      { ...options, sleep: (ms) => (waits.push(ms), Promise.resolve()) },
      { action: 'PUT' },
      () => {
        calls += 1;
        if (calls === 1)
          return Promise.reject(new Error('The long-running operation has failed. AnotherOperationInProgress. busy'));
        if (calls === 2) {
          return Promise.reject(
            new ArmOperationError('RetryableErrorDueToAnotherOperation', 'busy', { retryable: true, retryAfterMs: 30 }),
          );
        }
        return Promise.resolve('done');
      },
    );
    expect(result).toBe('done');
    expect(waits).toEqual([5, 30]);
  });

  it('gives up on a non-retryable error at once, and after the last attempt otherwise', async () => {
    let calls = 0;
    const refuse = () => {
      calls += 1;
      return Promise.reject(new ArmOperationError('InvalidRequestFormat', 'no', { retryable: false }));
    };
    await expect(
      withOperationRetries({ ...options, sleep: () => Promise.resolve() }, { action: 'PUT' }, refuse),
    ).rejects.toMatchObject({
      code: 'InvalidRequestFormat',
    });
    expect(calls).toBe(1);
    calls = 0;
    const busy = () => {
      calls += 1;
      return Promise.reject(new ArmOperationError('AnotherOperationInProgress', 'busy', { retryable: true }));
    };
    await expect(
      withOperationRetries({ ...options, sleep: () => Promise.resolve() }, { action: 'PUT' }, busy),
    ).rejects.toMatchObject({
      code: 'AnotherOperationInProgress',
      retryable: true,
    });
    expect(calls).toBe(3);
  });
});

describe('KeyedMutex', () => {
  it('runs work for one key one at a time, in order, and other keys alongside', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const step = (name: string, ms: number) => () =>
      new Promise<string>((resolve) => {
        log.push(`start ${name}`);
        setTimeout(() => {
          log.push(`end ${name}`);
          resolve(name);
        }, ms);
      });
    const results = await Promise.all([
      mutex.run('Circuit-A', step('a1', 20)),
      mutex.run('circuit-a', step('a2', 1)),
      mutex.run('circuit-b', step('b1', 1)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
  });

  it('keeps going after a failure', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run('k', () => Promise.resolve(1))).resolves.toBe(1);
  });
});
