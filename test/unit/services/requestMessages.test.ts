import { AppError } from '../../../shared/errors';
import { BANDWIDTH_CHANGE_REQUESTED, ONBOARDING_REQUESTED } from '../../../shared/messages';
import { WorkflowUnavailableError } from '../../../shared/ports/workflows';
import type { IntakeDependencies } from '../../../shared/services/requestIntake';
import {
  handleRequestMessage,
  parkedSummary,
  type ReceivedMessage,
  type RequestMessageOptions,
  type ParkedRequest,
} from '../../../shared/services/requestMessages';
import { FakeWorkflows, InMemoryRequestLedger } from '../../support/inMemoryIntakePorts';
import { customerRecord, fakeCustomers } from '../../support/readOnlyFakes';
import { onboardingEvent } from '../../support/requestCloudEvents';
import { CONTOSO_TENANT_ID, CSP_CONTEXT } from '../../support/specs';

const TIMING = {
  providerPollMinMs: 1,
  providerPollMaxMs: 2,
  providerReminderEveryMs: 3,
  providerDeadlineMs: 4,
  resourcePollMs: 5,
  leasePollMs: 6,
};
const ONBOARDING: RequestMessageOptions = { acceptedType: ONBOARDING_REQUESTED };

function setUp() {
  const requests = new InMemoryRequestLedger();
  const workflows = new FakeWorkflows();
  const deps: IntakeDependencies = {
    requests,
    workflows,
    customers: fakeCustomers([customerRecord({ id: 'contoso', tenantId: CONTOSO_TENANT_ID })]),
    csp: CSP_CONTEXT,
    timing: TIMING,
  };
  return { requests, workflows, deps };
}

function message(body: unknown): ReceivedMessage {
  return {
    body,
    messageId: 'msg-1',
    deliveryCount: 1,
    enqueuedTimeUtc: '2026-11-02T08:00:00Z',
    queue: 'er-onboarding',
  };
}

async function parked(body: unknown, deps = setUp().deps, options = ONBOARDING): Promise<ParkedRequest> {
  const disposition = await handleRequestMessage(message(body), deps, options);
  if (disposition.action !== 'park') throw new Error(`expected the message to be parked, got ${disposition.action}`);
  return disposition.record;
}

describe('handleRequestMessage', () => {
  it('completes an accepted request and a redelivered one alike, starting one run', async () => {
    const { workflows, deps } = setUp();
    const first = await handleRequestMessage(message(onboardingEvent('req-1')), deps, ONBOARDING);
    const again = await handleRequestMessage(message(onboardingEvent('req-1')), deps, ONBOARDING);
    expect([first, again].map((d) => (d.action === 'complete' ? d.outcome.kind : d.action))).toEqual([
      'accepted',
      'duplicate',
    ]);
    expect(workflows.started).toHaveLength(1);
  });

  it('parks a refused request with its reason, every issue as "path: message [rule]", the message identity and the body', async () => {
    const body = { ...onboardingEvent('req-1'), specversion: '0.3' };
    const record = await parked(body);
    expect(record).toMatchObject({
      reason: 'ValidationFailed',
      messageId: 'msg-1',
      deliveryCount: 1,
      enqueuedTimeUtc: '2026-11-02T08:00:00Z',
      queue: 'er-onboarding',
      requestId: 'req-1',
      customerId: 'contoso',
      body,
    });
    expect(record.description).toMatch(/^specversion: must be "1\.0" \(CloudEvents 1\.0\) \[schema\.[a-z_-]+\]$/);
  });

  it('parses a body the binding left as text, and parks text that is not JSON as MalformedJson at the root', async () => {
    const { workflows, deps } = setUp();
    const asText = await handleRequestMessage(message(JSON.stringify(onboardingEvent('req-1'))), deps, ONBOARDING);
    expect(asText).toMatchObject({ action: 'complete', outcome: { kind: 'accepted' } });
    expect(workflows.started).toHaveLength(1);

    const record = await parked('{"specversion": "1.0", "id": ');
    expect(record).toMatchObject({ reason: 'MalformedJson', body: '{"specversion": "1.0", "id": ' });
    expect(record.description).toMatch(/^\(root\): the message body is not valid JSON \(.+\) \[json-syntax\]$/);
  });

  it('keeps a binary body as base64', async () => {
    const record = await parked(Buffer.from([0xff, 0x00, 0x7b]));
    expect(record).toMatchObject({ reason: 'MalformedJson', body: Buffer.from([0xff, 0x00, 0x7b]).toString('base64') });
  });

  it('parks a request of another type than the queue carries', async () => {
    const record = await parked(onboardingEvent('req-1'), setUp().deps, { acceptedType: BANDWIDTH_CHANGE_REQUESTED });
    expect(record.reason).toBe('ValidationFailed');
    expect(record.description).toContain('[intake.type-for-channel]');
  });

  it('throws what a redelivery could fix, and parks a non-retryable failure under its code', async () => {
    const { workflows, deps } = setUp();
    workflows.failWith = () => new WorkflowUnavailableError('the task hub is unreachable');
    await expect(handleRequestMessage(message(onboardingEvent('req-1')), deps, ONBOARDING)).rejects.toThrow(
      'unreachable',
    );
    workflows.failWith = () => new AppError('CorruptTableRow', 'request row has status "Unknown"');
    expect(await parked(onboardingEvent('req-2'), deps)).toMatchObject({
      reason: 'CorruptTableRow',
      description: 'request row has status "Unknown"',
    });
  });

  it('sums a parked message up in one line of rules and paths, never values from the body', async () => {
    const body = { ...onboardingEvent('req-1'), subject: 'secret-looking-subject-value' };
    const line = parkedSummary(await parked(body));
    expect(line).toBe(
      'Parked message msg-1 from er-onboarding; delivery 1; request req-1; ValidationFailed: subject [schema.format], subject [cloudevent.subject-matches-customer]',
    );
    expect(line).not.toContain('secret-looking');
  });
});
