/**
 * The rehearsal's bookkeeping, without running anything: totals that add up (each request and each ARM request counted
 * once per way of counting), the clock's start at the first request's `time`, and tenant bindings that only accepted
 * requests make and none rewrites.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import { EXAMPLES_DIR } from '../../../local/cli/paths';
import { TenantBindings } from '../../../local/rehearsal/customerNetworks';
import { unfinishedCheckpoints } from '../../../local/rehearsal/outcome';
import { armTraffic, countContradictions, requestTotals } from '../../../local/rehearsal/report';
import { describeRequest, firstRequestTime, type RehearsalRequest } from '../../../local/rehearsal/requestFiles';
import type { CustomerSpec } from '../../../shared/domain/spec';

function example(name: string): RehearsalRequest {
  const file = join(EXAMPLES_DIR, 'rehearsal', name);
  return describeRequest(file, readFileSync(file, 'utf8'), DEFAULT_CSP_CONTEXT);
}

function withTime(time: string | undefined): RehearsalRequest {
  const request = example('01-onboard-contoso.json');
  const { time: _dropped, ...rest } = request;
  return time === undefined ? rest : { ...rest, time };
}

describe('totals that add up', () => {
  it('counts each request once by its ending, and once as expected or not', () => {
    const totals = requestTotals([
      { status: 'Completed', asExpected: true },
      { status: 'Completed', asExpected: false },
      { status: 'Rejected', asExpected: true },
      { status: 'Duplicate', asExpected: true },
    ]);
    expect(totals).toEqual({
      requests: 4,
      byStatus: { Completed: 2, Failed: 0, Rejected: 1, Duplicate: 1 },
      asExpected: 3,
      notAsExpected: 1,
    });
    expect(countContradictions(totals, armTraffic(zero))).toEqual([]);
  });

  it('splits ARM requests two ways, each adding up to the total: by kind, and answered / throttled / faulted', () => {
    const arm = armTraffic({ reads: 300, writes: 40, deletes: 2, polls: 70, throttled: 5, faults: 60 });
    expect(arm).toEqual({
      requests: 412,
      reads: 300,
      writes: 40,
      deletes: 2,
      polls: 70,
      answered: 347,
      throttled: 5,
      faults: 60,
    });
    expect(countContradictions(requestTotals([]), arm)).toEqual([]);
  });

  it('says so when a request was counted twice (more throttled and faulted than received)', () => {
    const arm = armTraffic({ reads: 3, writes: 0, deletes: 0, polls: 0, throttled: 2, faults: 2 });
    expect(arm.answered).toBe(-1);
    expect(countContradictions(requestTotals([]), arm)).toEqual([
      'ARM requests answered (-1), throttled (2) and faulted (2) do not add up to the 3 received: some request was counted twice',
    ]);
    const lopsided = {
      requests: 2,
      byStatus: { Completed: 1, Failed: 0, Rejected: 0, Duplicate: 0 },
      asExpected: 2,
      notAsExpected: 1,
    };
    expect(countContradictions(lopsided, armTraffic(zero))).toEqual([
      'requests by ending add up to 1, not the 2 delivered',
      '2 as expected + 1 not as expected is not 2 requests',
    ]);
  });
});

const zero = { reads: 0, writes: 0, deletes: 0, polls: 0, throttled: 0, faults: 0 };

describe('the simulated clock starts at the first request’s time', () => {
  it('takes the CloudEvent time of the first request that has one', () => {
    expect(example('01-onboard-contoso.json').time).toBe('2026-03-02T09:15:00Z');
    expect(firstRequestTime([withTime(undefined), withTime('not a time'), withTime('2026-05-01T08:00:00+02:00')])).toBe(
      Date.UTC(2026, 4, 1, 6, 0, 0),
    );
    expect(firstRequestTime([withTime('2027-01-01T00:00:00Z'), withTime('2026-01-01T00:00:00Z')])).toBe(
      Date.UTC(2027, 0, 1),
    );
    expect(firstRequestTime([withTime(undefined)])).toBeUndefined();
  });
});

describe('tenant bindings', () => {
  const contoso = example('01-onboard-contoso.json').spec as CustomerSpec;
  const fabrikam = example('02-onboard-fabrikam.json').spec as CustomerSpec;

  function recording() {
    const calls: [string, string][] = [];
    const control = {
      setSubscriptionTenant: (subscriptionId: string, tenantId: string) => {
        calls.push([subscriptionId, tenantId]);
      },
    };
    return { calls, arm: { control } as unknown as ConstructorParameters<typeof TenantBindings>[0] };
  }

  it('binds every subscription an accepted spec names: the CSP’s to the CSP’s tenant, the others to the customer’s', () => {
    const { calls, arm } = recording();
    const tenants = new TenantBindings(arm, {
      tenantId: DEFAULT_CSP_CONTEXT.cspTenantId,
      subscriptionIds: DEFAULT_CSP_CONTEXT.cspSubscriptionIds,
    });
    expect(tenants.bindAccepted(contoso)).toEqual([]);
    // The circuits live in the CSP's subscription; the VNets in the customer's two.
    expect(DEFAULT_CSP_CONTEXT.cspSubscriptionIds).toContain(contoso.circuits.subscriptionId);
    expect(new Map(calls)).toEqual(
      new Map([
        ...contoso.customer.subscriptions.map((id) => [id.toLowerCase(), contoso.customer.tenantId] as const),
        [contoso.circuits.subscriptionId.toLowerCase(), DEFAULT_CSP_CONTEXT.cspTenantId],
      ]),
    );
  });

  it('never rewrites a binding: a later spec naming the subscription for another tenant is reported, not bound', () => {
    const { calls, arm } = recording();
    const tenants = new TenantBindings(arm, { tenantId: DEFAULT_CSP_CONTEXT.cspTenantId, subscriptionIds: [] });
    tenants.bindAccepted(contoso);
    const bound = calls.length;
    const [claimed = ''] = contoso.customer.subscriptions;
    const intruder: CustomerSpec = {
      ...fabrikam,
      customer: { ...fabrikam.customer, subscriptions: [claimed] },
    };
    const conflicts = tenants.bindAccepted(intruder);
    expect(conflicts).toContain(
      `subscription ${claimed.toLowerCase()} stays bound to tenant ${contoso.customer.tenantId}; ` +
        `this request names it for tenant ${fabrikam.customer.tenantId}`,
    );
    expect(calls.slice(bound).map(([subscriptionId]) => subscriptionId)).not.toContain(claimed.toLowerCase());
    expect(tenants.bindings().get(claimed.toLowerCase())).toBe(contoso.customer.tenantId);
  });
});

describe('no checkpoint is left under way when a request ends', () => {
  it('names each step left Started or Waiting (or in any status that is not final)', () => {
    expect(
      unfinishedCheckpoints([
        { stepKey: 'circuit:a', status: 'Succeeded' },
        { stepKey: 'circuit:b', status: 'Failed' },
        { stepKey: 'route-table:workload', status: 'Skipped' },
        { stepKey: 'provider:a', status: 'Waiting' },
        { stepKey: 'gateway:vnet-1', status: 'Started' },
        { stepKey: 'connection:vnet-1#a', status: 'Running' },
      ]),
    ).toEqual([
      'checkpoint provider:a is still Waiting after the request ended',
      'checkpoint gateway:vnet-1 is still Started after the request ended',
      'checkpoint connection:vnet-1#a is still Running after the request ended',
    ]);
    expect(unfinishedCheckpoints([{ stepKey: 'circuit:a', status: 'Succeeded' }])).toEqual([]);
  });
});
