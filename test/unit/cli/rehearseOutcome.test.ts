/**
 * The rehearsal's judgement, without running anything: what each request file is expected to end as, how an ending is
 * told from what an operator can observe, the provider catalogue it runs on, and the last-line secret scan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import { EXAMPLES_DIR } from '../../../local/cli/paths';
import { classifyOutcome, meetsExpectation, type Observation } from '../../../local/rehearsal/outcome';
import { catalogueCovering } from '../../../local/rehearsal/providerCatalogue';
import { REDACTED, redactSecrets, type RehearsalReport } from '../../../local/rehearsal/report';
import { describeRequest, expectationFor, secretReferencesIn } from '../../../local/rehearsal/requestFiles';

const nothing: Observation = {
  droppedByBus: false,
  deliveries: [],
  started: [],
  parked: [],
  deadLettered: [],
};
const delivered: Observation = { ...nothing, deliveries: [{ settlement: 'completed' }] };

function example(name: string) {
  const file = join('rehearsal', name);
  return describeRequest(file, readFileSync(join(EXAMPLES_DIR, file), 'utf8'), DEFAULT_CSP_CONTEXT);
}

describe('what each rehearsal file is expected to end as', () => {
  it('reads the examples: queue by type, ids, secret references, plan size', () => {
    const contoso = example('01-onboard-contoso.json');
    expect(contoso).toMatchObject({
      kind: 'onboarding',
      id: 'crm-req-20260302-0001',
      customerId: 'contoso',
      queue: 'er-onboarding',
      secretReferences: [{ vault: 'kv-csp-er-secrets', secret: 'contoso-bgp-md5' }],
      expected: { status: 'Completed' },
    });
    expect(contoso.spec?.customer.id).toBe('contoso');
    expect(contoso.planStepKeys?.length).toBeGreaterThan(10);
    expect(example('03-bandwidth-increase-contoso.json')).toMatchObject({ kind: 'bandwidth', queue: 'er-bandwidth' });
    expect(example('04-onboard-contoso-redelivered.json').expected).toEqual({ status: 'Duplicate', from: 'file name' });
    const malformed = example('05-malformed-bandwidth-off-ladder.json');
    expect(malformed).toMatchObject({ queue: 'er-bandwidth', expected: { status: 'Rejected' } });
    expect(malformed.spec).toBeUndefined();
  });

  it('sends text that is not JSON, or of an unknown type, to the onboarding queue as it is', () => {
    const garbled = describeRequest('x/garbled-malformed.json', '{"type": "com.csp', DEFAULT_CSP_CONTEXT);
    expect(garbled).toMatchObject({
      isJson: false,
      kind: 'unknown',
      queue: 'er-onboarding',
      text: '{"type": "com.csp',
    });
    const unknown = describeRequest(
      'unknown.json',
      JSON.stringify({ type: 'com.other.thing', id: 'a' }),
      DEFAULT_CSP_CONTEXT,
    );
    expect(unknown).toMatchObject({ isJson: true, kind: 'unknown', queue: 'er-onboarding', id: 'a' });
  });

  it('malformed → Rejected, redelivered or duplicate → Duplicate, anything else → Completed', () => {
    expect(expectationFor('05-MALFORMED.json', 'bandwidth').status).toBe('Rejected');
    expect(expectationFor('04-onboard-redelivered.json', 'onboarding').status).toBe('Duplicate');
    expect(expectationFor('a-duplicate.json', 'onboarding').status).toBe('Duplicate');
    expect(expectationFor('01-onboard.json', 'onboarding')).toEqual({ status: 'Completed', from: 'file name' });
  });

  it('counts UnsupportedRequestType as expected for bandwidth changes and decommissions only', () => {
    const unsupported = { status: 'Rejected' as const, error: { code: 'UnsupportedRequestType', message: '…' } };
    expect(meetsExpectation(expectationFor('03-bandwidth.json', 'bandwidth'), unsupported)).toBe(true);
    expect(meetsExpectation(expectationFor('06-decommission.json', 'decommission'), unsupported)).toBe(true);
    expect(meetsExpectation(expectationFor('03-bandwidth.json', 'bandwidth'), { status: 'Completed' })).toBe(true);
    expect(meetsExpectation(expectationFor('01-onboard.json', 'onboarding'), unsupported)).toBe(false);
    const otherRefusal = { status: 'Rejected' as const, error: { code: 'UnknownCustomer', message: '…' } };
    expect(meetsExpectation(expectationFor('03-bandwidth.json', 'bandwidth'), otherRefusal)).toBe(false);
  });

  it('finds every secret reference once, wherever it is', () => {
    const references = secretReferencesIn({
      a: { md5Key: { vault: 'kv', secret: 's1' } },
      b: [{ md5Key: { vault: 'kv', secret: 's1' } }, { md5Key: { vault: 'kv', secret: 's2' } }],
      notAReference: { vault: 'kv', secret: 's3', extra: true },
    });
    expect(references).toEqual([
      { vault: 'kv', secret: 's1' },
      { vault: 'kv', secret: 's2' },
    ]);
  });
});

describe('telling how a delivered request ended', () => {
  it('a workflow that completed: Completed, with its instance', () => {
    const outcome = classifyOutcome({
      ...delivered,
      started: [{ instanceId: 'req-1', runtimeStatus: 'Completed', output: { status: 'Completed' }, customStatus: {} }],
    });
    expect(outcome).toMatchObject({ status: 'Completed', instanceId: 'req-1' });
  });

  it('a workflow that failed: Failed with the step, code and message from its phase detail', () => {
    const outcome = classifyOutcome({
      ...delivered,
      started: [
        {
          instanceId: 'req-1',
          runtimeStatus: 'Failed',
          output: "Orchestrator function 'onboardCustomer' failed: …",
          customStatus: {
            phase: 'failed',
            detail: 'await-provider:a: ProviderDeadlineExceeded: not provisioned: circuit kept',
          },
        },
      ],
    });
    expect(outcome).toMatchObject({
      status: 'Failed',
      error: { code: 'ProviderDeadlineExceeded', message: 'await-provider:a: not provisioned: circuit kept' },
    });
  });

  it('a workflow that refused the spec: Rejected with every issue', () => {
    const outcome = classifyOutcome({
      ...delivered,
      started: [
        {
          instanceId: 'req-1',
          runtimeStatus: 'Completed',
          output: {
            status: 'Rejected',
            issues: [{ path: 'circuits.bandwidthMbps', message: 'not offered', rule: 'bandwidth.ladder' }],
          },
          customStatus: {},
        },
      ],
    });
    expect(outcome.error).toEqual({
      code: 'ValidationFailed',
      message: 'circuits.bandwidthMbps: not offered [bandwidth.ladder]',
    });
  });

  it('a message parked in the rejected queue: Rejected with its reason and issues', () => {
    const outcome = classifyOutcome({
      ...delivered,
      parked: [
        {
          body: {
            reason: 'ValidationFailed',
            description: 'subject: … [cloudevent.subject-matches-customer]',
            issues: [
              { path: 'subject', message: 'must equal the customer id', rule: 'cloudevent.subject-matches-customer' },
            ],
          },
          applicationProperties: {},
        },
      ],
    });
    expect(outcome).toMatchObject({
      status: 'Rejected',
      error: {
        code: 'ValidationFailed',
        message: 'subject: must equal the customer id [cloudevent.subject-matches-customer]',
      },
    });
  });

  it('a redelivery that started nothing new: Duplicate, pointing at the first delivery’s workflow', () => {
    const outcome = classifyOutcome({ ...delivered, earlierInstanceId: 'req-1' });
    expect(outcome).toMatchObject({ status: 'Duplicate', instanceId: 'req-1' });
    const byLedger = classifyOutcome({
      ...delivered,
      ledger: { status: 'Accepted', deliveries: 2, instanceId: 'req-9' },
    });
    expect(byLedger).toMatchObject({ status: 'Duplicate', instanceId: 'req-9' });
    expect(classifyOutcome({ ...nothing, droppedByBus: true }).status).toBe('Duplicate');
  });

  it('retries that ran out: Failed with the last error; another dead letter: Rejected with its reason', () => {
    const exhausted = classifyOutcome({
      ...nothing,
      deliveries: [{ settlement: 'abandoned', error: 'table storage unavailable' }],
      deadLettered: [{ reason: 'MaxDeliveryCountExceeded', description: undefined }],
    });
    expect(exhausted).toMatchObject({
      status: 'Failed',
      error: { code: 'MaxDeliveryCountExceeded', message: 'table storage unavailable' },
    });
    const refused = classifyOutcome({
      ...delivered,
      deadLettered: [{ reason: 'MalformedJson', description: 'Unexpected token' }],
    });
    expect(refused).toMatchObject({
      status: 'Rejected',
      error: { code: 'MalformedJson', message: 'Unexpected token' },
    });
  });

  it('nothing received it, or nothing came of it: Failed, saying which', () => {
    expect(classifyOutcome({ ...nothing, notReceived: 'no Service Bus trigger listens to er-x' }).error).toEqual({
      code: 'NotReceived',
      message: 'no Service Bus trigger listens to er-x',
    });
    const stuck = classifyOutcome({
      ...delivered,
      started: [
        { instanceId: 'req-1', runtimeStatus: 'Running', output: null, customStatus: {}, hostError: 'out of work' },
      ],
    });
    expect(stuck).toMatchObject({ status: 'Failed', error: { code: 'NotCompleted', message: 'out of work' } });
    expect(classifyOutcome(delivered).error?.code).toBe('NotStarted');
  });
});

describe('the provider catalogue a rehearsal runs on', () => {
  it('adds what the requests name that the sample lacks, and says so', () => {
    const fabrikam = example('02-onboard-fabrikam.json').spec;
    const contoso = example('01-onboard-contoso.json').spec;
    if (fabrikam === undefined || contoso === undefined) throw new Error('the examples must be valid onboardings');
    const base = [{ name: 'Colt', peeringLocations: ['Amsterdam'], bandwidthsOffered: [1000] }];
    const { providers, additions } = catalogueCovering([contoso, fabrikam], base);
    expect(additions).toEqual([
      'provider Equinix',
      'Equinix at Amsterdam, Amsterdam2',
      'Colt at Dublin, Dublin2',
      'Colt at 500 Mbps',
    ]);
    expect(providers.find((p) => p.name === 'Colt')).toEqual({
      name: 'Colt',
      peeringLocations: ['Amsterdam', 'Dublin', 'Dublin2'],
      bandwidthsOffered: [500, 1000],
    });
    expect(base[0]?.peeringLocations).toEqual(['Amsterdam']);
    expect(catalogueCovering([contoso]).additions).toEqual([]);
  });
});

describe('the last-line secret scan of the report', () => {
  const report = {
    ok: true,
    requests: [{ error: { code: 'X', message: 'peering failed with key s3cr3t-md5 and s3cr3t-md5' } }],
    notes: ['s3cr3t-md5'],
    redactedSecrets: 0,
  } as unknown as RehearsalReport;

  it('replaces each occurrence, counts them and fails the run', () => {
    const scrubbed = redactSecrets(report, ['s3cr3t-md5', 'unused']);
    expect(JSON.stringify(scrubbed)).not.toContain('s3cr3t-md5');
    expect(JSON.stringify(scrubbed)).toContain(REDACTED);
    expect(scrubbed.redactedSecrets).toBe(3);
    expect(scrubbed.ok).toBe(false);
  });

  it('leaves a clean report as it is', () => {
    expect(redactSecrets(report, ['not-there'])).toBe(report);
  });
});
