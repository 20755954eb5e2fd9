/** A customer's view reads every CSP subscription placement put one of its pairs in, with the CSP's tenant. */
import { customerScopes } from '../../../shared/services/customerTopology';
import type { CustomerRecord } from '../../../shared/ports/customers';

const CSP = { tenantId: 'csp-tenant', subscriptionIds: ['csp-sub-1', 'csp-sub-2'] };

function record(placements?: Record<string, string>): CustomerRecord {
  return {
    id: 'contoso',
    tenantId: 'contoso-tenant',
    subscriptions: ['contoso-sub'],
    model: 'connect-through',
    circuitSubscriptionId: 'csp-sub-1',
    vnetIds: [],
    status: 'Active',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    lastRequestId: 'req',
    etag: '1',
    ...(placements === undefined ? {} : { placements }),
  };
}

describe('customerScopes', () => {
  it('reads the circuit subscription and the allow-list when nothing was placed', () => {
    expect(customerScopes(record(), CSP)).toEqual([
      { tenantId: 'csp-tenant', subscriptionId: 'csp-sub-1' },
      { tenantId: 'contoso-tenant', subscriptionId: 'contoso-sub' },
    ]);
  });

  it('adds each subscription a pair was placed in, once, with the CSP tenant', () => {
    expect(customerScopes(record({ dr: 'csp-sub-2', backup: 'CSP-SUB-1' }), CSP)).toEqual([
      { tenantId: 'csp-tenant', subscriptionId: 'csp-sub-1' },
      { tenantId: 'csp-tenant', subscriptionId: 'csp-sub-2' },
      { tenantId: 'contoso-tenant', subscriptionId: 'contoso-sub' },
    ]);
  });
});
