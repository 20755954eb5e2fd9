import type { ValidationIssue } from '../../../shared/errors';
import {
  BANDWIDTH_CHANGE_REQUESTED,
  DECOMMISSION_REQUESTED,
  MESSAGE_RULES,
  ONBOARDING_REQUESTED,
  REQUEST_EVENT_TYPES,
  parseRequestEvent,
  requestCustomerId,
} from '../../../shared/messages';
import { CSP_CONTEXT, validConnectThroughSpec, validConnectToSpec } from '../../support/specs';

type Json = Record<string, unknown>;

function envelope(type: string, subject: string, data: unknown): Json {
  return {
    specversion: '1.0',
    id: 'crm-req-20260302-0001',
    source: 'https://crm.csp.example/expressroute',
    type,
    subject,
    time: '2026-03-02T09:15:00Z',
    datacontenttype: 'application/json',
    data,
  };
}

function onboarding(spec = validConnectThroughSpec()): Json {
  return envelope(ONBOARDING_REQUESTED, spec.customer.id, spec);
}

function bandwidthChange(data: Json = {}): Json {
  return envelope(BANDWIDTH_CHANGE_REQUESTED, 'contoso', { customerId: 'contoso', bandwidthMbps: 2000, ...data });
}

function decommission(data: Json = {}): Json {
  return envelope(DECOMMISSION_REQUESTED, 'contoso', {
    customerId: 'contoso',
    confirmCustomerId: 'contoso',
    reason: 'Customer contract ends on 2026-12-31',
    approvedBy: 'maria.lopez@csp.example',
    ...data,
  });
}

function issuesOf(input: unknown): readonly ValidationIssue[] {
  const result = parseRequestEvent(input, CSP_CONTEXT);
  if (result.ok) throw new Error(`expected the request to be rejected, but it parsed as ${result.event.type}`);
  for (const issue of result.issues) {
    expect(issue.message.length).toBeGreaterThan(5);
    expect(issue.message).not.toMatch(/undefined|\[object/);
  }
  return result.issues;
}

function expectIssue(input: unknown, path: string, rule: string | RegExp): ValidationIssue {
  const issues = issuesOf(input);
  const found = issues.find((issue) => issue.path === path);
  if (found === undefined) {
    throw new Error(`no issue at ${path}; got ${issues.map((issue) => `${issue.path} [${issue.rule}]`).join(', ')}`);
  }
  if (typeof rule === 'string') expect(found.rule).toBe(rule);
  else expect(found.rule).toMatch(rule);
  return found;
}

describe('parseRequestEvent: accepted requests', () => {
  it('accepts a connect-through onboarding and returns the spec with defaults applied', () => {
    const spec = validConnectThroughSpec();
    const input = onboarding(spec);
    const full = parseRequestEvent(input, CSP_CONTEXT);
    if (!full.ok) throw new Error(JSON.stringify(full.issues));
    expect(full.event.type).toBe(ONBOARDING_REQUESTED);
    expect(full.event.id).toBe('crm-req-20260302-0001');
    expect(requestCustomerId(full.event)).toBe('contoso');
    if (full.event.type !== ONBOARDING_REQUESTED) throw new Error('not narrowed');
    expect(full.event.data.routeTables).toEqual(spec.routeTables);
  });

  it('applies the onboarding spec defaults (a producer may leave them out)', () => {
    const spec = validConnectToSpec() as unknown as Json;
    delete spec.routeTables;
    delete spec.networkSecurityGroups;
    const result = parseRequestEvent(envelope(ONBOARDING_REQUESTED, 'contoso', spec), CSP_CONTEXT);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    if (result.event.type !== ONBOARDING_REQUESTED) throw new Error('not narrowed');
    expect(result.event.data.routeTables).toEqual([]);
    expect(result.event.data.networkSecurityGroups).toEqual([]);
  });

  it('accepts a bandwidth change, with and without SKU and approval', () => {
    expect(parseRequestEvent(bandwidthChange(), CSP_CONTEXT).ok).toBe(true);
    const full = parseRequestEvent(
      bandwidthChange({
        bandwidthMbps: 500,
        sku: { tier: 'Premium', family: 'UnlimitedData' },
        approval: { approvedBy: 'jane.doe@csp.example', ticket: 'CHG0012345', approvedAt: '2026-03-01T17:00:00+01:00' },
        reason: 'Right-size after the migration',
      }),
      CSP_CONTEXT,
    );
    if (!full.ok) throw new Error(JSON.stringify(full.issues));
    expect(full.event.type).toBe(BANDWIDTH_CHANGE_REQUESTED);
  });

  it('accepts a decommission, with deleteSharedResources false or absent', () => {
    expect(parseRequestEvent(decommission(), CSP_CONTEXT).ok).toBe(true);
    expect(parseRequestEvent(decommission({ deleteSharedResources: false }), CSP_CONTEXT).ok).toBe(true);
  });

  it('accepts relative and URN sources, offsets in time, no datacontenttype, and trace context', () => {
    const input = bandwidthChange();
    delete input.datacontenttype;
    const variants: Json[] = [
      { ...input, source: '/crm/expressroute' },
      { ...input, source: 'urn:csp:crm:expressroute' },
      { ...input, time: '2026-03-02T10:15:00.123+01:00' },
      { ...input, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'csp=1' },
    ];
    for (const variant of variants) expect(parseRequestEvent(variant, CSP_CONTEXT)).toMatchObject({ ok: true });
  });
});

describe('parseRequestEvent: envelope rules', () => {
  it('rejects anything but a JSON object, at the root', () => {
    for (const input of [null, 'text', 42, [onboarding()]]) {
      expect(issuesOf(input)).toEqual([expect.objectContaining({ path: '', rule: MESSAGE_RULES.object })]);
    }
  });

  it('requires specversion 1.0', () => {
    expect(expectIssue({ ...bandwidthChange(), specversion: '0.3' }, 'specversion', 'schema.enum').message).toContain(
      '1.0',
    );
    const missing = bandwidthChange();
    delete missing.specversion;
    expectIssue(missing, 'specversion', 'schema.required');
  });

  it('requires an id of 1-128 characters of [A-Za-z0-9._:-]', () => {
    const missing = bandwidthChange();
    delete missing.id;
    expect(expectIssue(missing, 'id', 'schema.required').message).toBe('is required');
    expectIssue({ ...bandwidthChange(), id: '' }, 'id', 'schema.format');
    expectIssue({ ...bandwidthChange(), id: 'has space' }, 'id', 'schema.format');
    expectIssue({ ...bandwidthChange(), id: 'x'.repeat(129) }, 'id', 'schema.format');
    expect(parseRequestEvent({ ...bandwidthChange(), id: 'a'.repeat(128) }, CSP_CONTEXT).ok).toBe(true);
    expect(parseRequestEvent({ ...bandwidthChange(), id: 'sb:msg-1.2_3' }, CSP_CONTEXT).ok).toBe(true);
  });

  it('requires source to be a URI-reference', () => {
    expectIssue({ ...bandwidthChange(), source: 'not a uri' }, 'source', 'schema.format');
    expectIssue({ ...bandwidthChange(), source: '' }, 'source', 'schema.format');
    expectIssue({ ...bandwidthChange(), source: '1http://x' }, 'source', 'schema.format');
  });

  it('requires time to be an RFC 3339 date-time with a zone', () => {
    expectIssue({ ...bandwidthChange(), time: '2026-03-02T09:15:00' }, 'time', 'schema.format');
    expectIssue({ ...bandwidthChange(), time: '2026-03-02' }, 'time', 'schema.format');
    expectIssue({ ...bandwidthChange(), time: 'yesterday' }, 'time', 'schema.format');
  });

  it('allows only application/json as datacontenttype', () => {
    expectIssue({ ...bandwidthChange(), datacontenttype: 'application/xml' }, 'datacontenttype', 'schema.enum');
  });

  it('rejects unknown attributes by name, so that typos surface', () => {
    const input = bandwidthChange();
    const { subject, ...rest } = input;
    const issues = issuesOf({ ...rest, subjet: subject });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'subjet', rule: 'schema.unknown-field' }),
        expect.objectContaining({ path: 'subject', rule: 'schema.required' }),
      ]),
    );
    expectIssue({ ...bandwidthChange(), data_base64: 'e30=' }, 'data_base64', 'schema.unknown-field');
  });

  it('rejects an unknown type at path `type`, listing the known ones, and still checks the envelope', () => {
    const issue = expectIssue(
      { ...bandwidthChange(), type: 'com.csp.expressroute.upgrade' },
      'type',
      MESSAGE_RULES.knownType,
    );
    for (const type of REQUEST_EVENT_TYPES) expect(issue.message).toContain(type);
    expect(issue.message).toContain('com.csp.expressroute.upgrade');

    const missingType = bandwidthChange();
    delete missingType.type;
    expectIssue(missingType, 'type', MESSAGE_RULES.knownType);

    const both = issuesOf({ ...bandwidthChange(), type: 'nope', specversion: '2.0' });
    expect(both.map((i) => i.path)).toEqual(expect.arrayContaining(['type', 'specversion']));
  });

  it('requires subject to be a customer id equal to the one in data, for every type', () => {
    const onboardingIssue = expectIssue(
      { ...onboarding(), subject: 'fabrikam' },
      'subject',
      MESSAGE_RULES.subjectMatchesCustomer,
    );
    expect(onboardingIssue.message).toContain('"contoso"');
    expect(onboardingIssue.message).toContain('"fabrikam"');
    expectIssue({ ...bandwidthChange(), subject: 'fabrikam' }, 'subject', MESSAGE_RULES.subjectMatchesCustomer);
    expectIssue({ ...decommission(), subject: 'fabrikam' }, 'subject', MESSAGE_RULES.subjectMatchesCustomer);
    expectIssue({ ...bandwidthChange(), subject: 'Contoso Ltd' }, 'subject', 'schema.format');
  });

  it('requires data', () => {
    for (const input of [onboarding(), bandwidthChange(), decommission()]) {
      delete input.data;
      expectIssue(input, 'data', 'schema.required');
    }
  });

  it('reports every problem at once', () => {
    const input: Json = { ...bandwidthChange({ bandwidthMbps: 750 }), specversion: '0.3', subject: 'fabrikam' };
    delete input.id;
    expect(issuesOf(input).map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['specversion', 'id', 'subject', 'data.bandwidthMbps']),
    );
  });
});

describe('parseRequestEvent: onboarding data goes through the full customer-spec validation', () => {
  it('reports shape errors under data.', () => {
    const spec = validConnectThroughSpec() as unknown as { circuits: Json };
    spec.circuits.bandwidthMbps = 'fast';
    expectIssue(envelope(ONBOARDING_REQUESTED, 'contoso', spec), 'data.circuits.bandwidthMbps', 'schema.type');
  });

  it('reports ExpressRoute rules under data., with their rule ids', () => {
    const spec = validConnectThroughSpec();
    spec.circuits.bandwidthMbps = 750;
    expectIssue(onboarding(spec), 'data.circuits.bandwidthMbps', 'bandwidth.ladder');
    const legs = spec.circuits.privatePeering.legs;
    legs[1].primaryPeerAddressPrefix = legs[0].primaryPeerAddressPrefix;
    expectIssue(onboarding(spec), 'data.circuits.privatePeering.legs[1].primaryPeerAddressPrefix', 'prefix.overlap');
  });

  it('applies the CSP context: connect-through circuits must sit in a CSP subscription', () => {
    const result = parseRequestEvent(onboarding(), { cspSubscriptionIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual(
      expect.objectContaining({ path: 'data.circuits.subscriptionId', rule: 'subscription.allow-list' }),
    );
  });
});

describe('parseRequestEvent: bandwidth change rules', () => {
  it('requires a bandwidth on the provider ladder', () => {
    const issue = expectIssue(
      bandwidthChange({ bandwidthMbps: 1500 }),
      'data.bandwidthMbps',
      MESSAGE_RULES.bandwidthLadder,
    );
    expect(issue.message).toContain('1500');
    expect(issue.message).toContain('10000');
    expectIssue(bandwidthChange({ bandwidthMbps: '2 Gbps' }), 'data.bandwidthMbps', 'schema.type');
    expectIssue(bandwidthChange({ bandwidthMbps: 1000.5 }), 'data.bandwidthMbps', /^schema\./);
  });

  it('checks the SKU and the approval reference field by field', () => {
    expectIssue(bandwidthChange({ sku: { tier: 'Ultra', family: 'UnlimitedData' } }), 'data.sku.tier', 'schema.enum');
    const approval = { approvedBy: 'jane.doe@csp.example', ticket: 'CHG0012345', approvedAt: '2026-03-01T17:00:00Z' };
    expectIssue(
      bandwidthChange({ approval: { ...approval, approvedBy: 'jane' } }),
      'data.approval.approvedBy',
      'schema.format',
    );
    expectIssue(bandwidthChange({ approval: { ...approval, ticket: '' } }), 'data.approval.ticket', 'schema.format');
    expectIssue(
      bandwidthChange({ approval: { ...approval, approvedAt: 'today' } }),
      'data.approval.approvedAt',
      'schema.format',
    );
    const { ticket: _ticket, ...withoutTicket } = approval;
    expectIssue(bandwidthChange({ approval: withoutTicket }), 'data.approval.ticket', 'schema.required');
  });

  it('rejects unknown data fields', () => {
    expectIssue(bandwidthChange({ bandwidthGbps: 2 }), 'data.bandwidthGbps', 'schema.unknown-field');
  });
});

describe('parseRequestEvent: decommission rules', () => {
  it('requires confirmCustomerId to repeat customerId exactly', () => {
    const issue = expectIssue(
      decommission({ confirmCustomerId: 'contoso2' }),
      'data.confirmCustomerId',
      MESSAGE_RULES.confirmCustomerId,
    );
    expect(issue.message).toContain('"contoso"');
    const missing = decommission();
    delete (missing.data as Json).confirmCustomerId;
    expectIssue(missing, 'data.confirmCustomerId', 'schema.required');
  });

  it('requires a reason of at least 10 characters (spaces around it do not count)', () => {
    expectIssue(decommission({ reason: 'too short' }), 'data.reason', 'schema.too-small');
    expectIssue(decommission({ reason: '   too short    ' }), 'data.reason', 'schema.too-small');
    const missing = decommission();
    delete (missing.data as Json).reason;
    expectIssue(missing, 'data.reason', 'schema.required');
  });

  it('requires who approved it, as a principal name', () => {
    expectIssue(decommission({ approvedBy: 'Maria' }), 'data.approvedBy', 'schema.format');
  });

  it('never accepts deleting shared resources', () => {
    const issue = expectIssue(
      decommission({ deleteSharedResources: true }),
      'data.deleteSharedResources',
      'schema.enum',
    );
    expect(issue.message).toContain('shared resources');
  });
});
