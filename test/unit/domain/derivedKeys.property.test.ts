/**
 * Instance ids and table keys that no user character can break. For any request id, customer id and step key —
 * arbitrary Unicode, the characters Azure forbids, control characters, very long text — and for every spec that
 * validates, every Durable instance id the workflows run under and every Table key the adapters write is legal:
 * - Durable instance ids (https://learn.microsoft.com/azure/azure-functions/durable/durable-functions-orchestrations,
 *   "Orchestration identity"): 1-100 characters, not starting with `@`, no `/ \ # ?`, no control characters;
 * - Azure Table keys ("Understanding the Table service data model", characters disallowed in key fields): at most
 *   1 KiB (512 UTF-16 code units), no `/ \ # ?`, no U+0000-U+001F or U+007F-U+009F.
 * A table key that cannot be made to fit is refused with `InvalidTableKey`, never written illegal; for ids the intake
 * accepts, none is refused.
 */
import fc from 'fast-check';
import { checkpointRowKey } from '../../../shared/adapters/tables/checkpointLog';
import { subscriptionPartition } from '../../../shared/adapters/tables/customerRegistry';
import { customerPartition, ledgerIndexRowKey, requestPartition } from '../../../shared/adapters/tables/requestLedger';
import { encodeKey, decodeKey, MAX_KEY_LENGTH, tableKey } from '../../../shared/adapters/tables/tableSupport';
import type { Leg } from '../../../shared/domain/intents';
import { planTopology } from '../../../shared/domain/planner';
import type { CustomerSpec } from '../../../shared/domain/spec';
import { CustomerIdSchema } from '../../../shared/domain/spec';
import { StepKeys } from '../../../shared/domain/stepKeys';
import { deriveTopology } from '../../../shared/domain/topology';
import { validateCustomerSpec } from '../../../shared/domain/validation';
import { AppError } from '../../../shared/errors';
import { EventIdSchema } from '../../../shared/messages/envelope';
import { INSTANCE_ID_MAX_LENGTH, InstanceIds } from '../../../shared/ports/requestWorkflows';
import { CSP_CONTEXT, validConnectThroughSpec, validConnectToSpec } from '../../support/specs';

const LEGS: readonly Leg[] = ['a', 'b'];
const FORBIDDEN = /[/\\#?\u0000-\u001f\u007f-\u009f]/; // eslint-disable-line no-control-regex -- what Azure forbids

function expectLegalInstanceId(id: string): void {
  expect(id.length).toBeGreaterThanOrEqual(1);
  expect(id.length).toBeLessThanOrEqual(INSTANCE_ID_MAX_LENGTH);
  expect(id.startsWith('@')).toBe(false);
  expect(id).not.toMatch(FORBIDDEN);
}

function expectLegalTableKey(key: string): void {
  expect(key.length).toBeGreaterThanOrEqual(1);
  expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
  expect(key).not.toMatch(FORBIDDEN);
}

/** Legal, or refused with `InvalidTableKey` before anything is written. */
function expectLegalOrRefused(derive: () => string): 'legal' | 'refused' {
  let key: string;
  try {
    key = derive();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('InvalidTableKey');
    return 'refused';
  }
  expectLegalTableKey(key);
  return 'legal';
}

function instanceIdsOf(requestId: string, stepKeys: readonly string[]): string[] {
  const request = InstanceIds.forRequest(requestId);
  return [
    request,
    InstanceIds.lease(request),
    ...LEGS.flatMap((leg) => [InstanceIds.circuitLeg(request, leg), InstanceIds.providerWait(request, leg)]),
    ...stepKeys.map((stepKey) => InstanceIds.longRunning(request, stepKey)),
  ];
}

function tableKeysOf(requestId: string, customerId: string, stepKeys: readonly string[]): (() => string)[] {
  return [
    () => requestPartition(requestId),
    () => customerPartition(customerId),
    () => ledgerIndexRowKey('2026-03-02T09:15:00.000Z', requestId),
    () => encodeKey(customerId), // checkpoints' and leases' PartitionKey, the registry's RowKey
    ...stepKeys.map((stepKey) => () => checkpointRowKey(requestId, stepKey)),
  ];
}

const WORKFLOW_STEP_KEYS = [
  StepKeys.validate,
  StepKeys.lease,
  StepKeys.register,
  StepKeys.verify,
  StepKeys.request,
  ...LEGS.flatMap((leg) => [StepKeys.serviceKey(leg), StepKeys.notifyProvider(leg), StepKeys.awaitProvider(leg)]),
];

/** Any text a hostile or careless user could send. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 150 }),
  fc.string({
    unit: fc.constantFrom(
      'a',
      'Z',
      '9',
      '-',
      '.',
      ':',
      '/',
      '\\',
      '#',
      '?',
      '~',
      '|',
      '%',
      ' ',
      '\u0000',
      '\u001f',
      '\u007f',
      '\u0085',
      '\u009f',
      'é',
      '@',
    ),
    maxLength: 300,
  }),
  fc.constantFrom(
    '',
    '@',
    '..',
    'a/b',
    'a#b?c',
    '\\\\server',
    'x'.repeat(129),
    'y'.repeat(5_000),
    '~' + 'f'.repeat(16),
  ),
);

describe('instance ids', () => {
  it('keep an ordinary request id unchanged, so existing instances and fixtures keep their ids', () => {
    expect(InstanceIds.forRequest('req-1')).toBe('req-req-1');
    expect(InstanceIds.forRequest('sb:msg-1.2_3')).toBe('req-sb:msg-1.2_3');
    expect(InstanceIds.longRunning('req-history-complete', 'connection:vnet-contoso-app-weu:a')).toBe(
      'req-history-complete:connection:vnet-contoso-app-weu:a',
    );
    expect(InstanceIds.providerWait(InstanceIds.forRequest('r1'), 'a')).toBe('req-r1:leg-a:provider');
  });

  it('are legal for any request id and step key, and distinct request ids never share an instance', () => {
    fc.assert(
      fc.property(hostileText, fc.array(hostileText, { maxLength: 4 }), (requestId, stepKeys) => {
        for (const id of instanceIdsOf(requestId, [...WORKFLOW_STEP_KEYS, ...stepKeys])) expectLegalInstanceId(id);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(hostileText, hostileText, (a, b) => {
        fc.pre(a !== b);
        expect(InstanceIds.forRequest(a)).not.toBe(InstanceIds.forRequest(b));
      }),
      { numRuns: 500 },
    );
  });

  it('fit in 100 characters for the longest request id the intake accepts (128 characters)', () => {
    const longest = 'r'.repeat(128);
    expect(EventIdSchema.safeParse(longest).success).toBe(true);
    for (const id of instanceIdsOf(longest, ['connection:' + 'v'.repeat(64) + ':a'])) expectLegalInstanceId(id);
  });
});

describe('table keys', () => {
  it('encode every forbidden character reversibly', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        fc.pre(value.length > 0);
        const outcome = expectLegalOrRefused(() => encodeKey(value));
        if (outcome === 'legal') expect(decodeKey(encodeKey(value))).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  it('are legal or refused with InvalidTableKey for any ids, never written illegal', () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, (requestId, customerId, stepKey) => {
        for (const derive of tableKeysOf(requestId, customerId, [stepKey])) expectLegalOrRefused(derive);
        expectLegalOrRefused(() => subscriptionPartition(customerId));
      }),
      { numRuns: 300 },
    );
  });

  it('check a composite key as a whole, not only its parts', () => {
    const part = encodeKey('p'.repeat(300));
    expect(() => tableKey(part, '|', part)).toThrow(/at most 512 characters/);
    expect(() => checkpointRowKey('r'.repeat(300), 's'.repeat(300))).toThrow(/at most 512 characters/);
  });
});

// ---- Every spec that validates ---------------------------------------------------------------------------------

/** VNet and subnet names as Azure takes them, and some it does not (validation decides). */
const vnetName = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}[A-Za-z0-9_]$/) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom('a', 'Z', '0', '-', '.', '_', '#', '?', '/', ' '),
      minLength: 1,
      maxLength: 70,
    }),
  },
);
const subnetName = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,78}[A-Za-z0-9_]$/) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom('a', 'Z', '0', '-', '.', '_', '#', '/', '\\'),
      minLength: 1,
      maxLength: 90,
    }),
  },
);

const generatedSpec = fc
  .record({
    connectTo: fc.boolean(),
    microsoftPeering: fc.boolean(),
    customerId: fc.oneof(fc.constant('contoso'), fc.stringMatching(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/)),
    vnetNames: fc.array(vnetName, { minLength: 2, maxLength: 2 }),
    subnets: fc.array(subnetName, { maxLength: 3 }),
  })
  .map(({ connectTo, microsoftPeering, customerId, vnetNames, subnets }): CustomerSpec => {
    const spec = connectTo ? validConnectToSpec({ microsoftPeering }) : validConnectThroughSpec({ microsoftPeering });
    spec.customer.id = customerId;
    spec.vnetLinks.forEach((link, index) => {
      const before = link.vnetId;
      const after = before.slice(0, before.lastIndexOf('/') + 1) + (vnetNames[index] ?? 'vnet-x');
      link.vnetId = after;
      for (const target of [...spec.routeTables, ...spec.networkSecurityGroups]) {
        if (target.vnetId === before) target.vnetId = after;
      }
    });
    const table = spec.routeTables[0];
    if (table !== undefined) table.subnets = [...table.subnets, ...subnets];
    return spec;
  });

describe('for every spec that validates', () => {
  it('every derived instance id and table key is legal (none is refused)', () => {
    const requestId = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/),
      fc.constantFrom('r'.repeat(128), 'crm:2026-03-02:0001', 'a.b_c-d'),
    );
    let validated = 0;
    fc.assert(
      fc.property(generatedSpec, requestId, (spec, acceptedId) => {
        expect(EventIdSchema.safeParse(acceptedId).success).toBe(true);
        const result = validateCustomerSpec(spec, CSP_CONTEXT);
        if (!result.ok) return;
        validated += 1;
        const customerId = result.value.customer.id;
        expect(CustomerIdSchema.safeParse(customerId).success).toBe(true);
        const topology = deriveTopology(result.value, { cspTenantId: '11111111-2222-4333-8444-555555555555' });
        const stepKeys = [...WORKFLOW_STEP_KEYS, ...planTopology(topology).steps.map((step) => step.key)];
        for (const id of instanceIdsOf(acceptedId, stepKeys)) expectLegalInstanceId(id);
        for (const derive of tableKeysOf(acceptedId, customerId, stepKeys)) {
          expect(expectLegalOrRefused(derive)).toBe('legal');
        }
        for (const subscription of result.value.customer.subscriptions) {
          expect(expectLegalOrRefused(() => subscriptionPartition(subscription))).toBe('legal');
        }
      }),
      { numRuns: 200 },
    );
    // The generator must produce valid specs often enough for the property to say something.
    expect(validated).toBeGreaterThan(20);
  });
});
