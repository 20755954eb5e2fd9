import { assessBandwidthChange, BANDWIDTH_CHANGE_RULES, type BandwidthChangeData } from '../../../shared/messages';
import type { CustomerSpec } from '../../../shared/domain/spec';
import { validConnectThroughSpec } from '../../support/specs';

/** Contoso runs 1000 Mbps Standard/MeteredData at Equinix Amsterdam/Amsterdam2, with two VNet links. */
function current(change: (spec: CustomerSpec) => void = () => undefined): CustomerSpec {
  const spec = validConnectThroughSpec();
  change(spec);
  return spec;
}

function request(data: Partial<BandwidthChangeData> = {}): BandwidthChangeData {
  return { customerId: 'contoso', bandwidthMbps: 2000, ...data };
}

const APPROVAL = { approvedBy: 'jane.doe@csp.example', ticket: 'CHG0012345', approvedAt: '2026-03-01T17:00:00Z' };

describe('assessBandwidthChange', () => {
  it('makes an increase in place, with the provider notes', () => {
    const assessment = assessBandwidthChange(current(), request());
    expect(assessment.mode).toBe('in-place');
    expect(assessment.issues).toEqual([]);
    expect(assessment.from.bandwidthMbps).toBe(1000);
    expect(assessment.to).toEqual({ bandwidthMbps: 2000, sku: { tier: 'Standard', family: 'MeteredData' } });
    expect(assessment.notes.join(' ')).toMatch(/Equinix must offer 2000 Mbps at Amsterdam and Amsterdam2/);
    expect(assessment.notes.join(' ')).toMatch(/throttles/);
  });

  it('treats a request for what already exists as nothing to do (a redelivery after completion)', () => {
    const assessment = assessBandwidthChange(current(), request({ bandwidthMbps: 1000 }));
    expect(assessment.mode).toBe('unchanged');
    expect(assessment.issues).toEqual([]);
  });

  it('requires an approval for a decrease, which runs as a migration', () => {
    const assessment = assessBandwidthChange(current(), request({ bandwidthMbps: 500 }));
    expect(assessment.mode).toBe('migration');
    expect(assessment.migrationReasons.join(' ')).toMatch(/1000 → 500 Mbps/);
    expect(assessment.issues).toEqual([
      expect.objectContaining({ path: 'data.approval', rule: BANDWIDTH_CHANGE_RULES.approvalRequired }),
    ]);
    expect(assessment.issues[0]?.message).toMatch(/new order with the provider/);

    const approved = assessBandwidthChange(current(), request({ bandwidthMbps: 500, approval: APPROVAL }));
    expect(approved.mode).toBe('migration');
    expect(approved.issues).toEqual([]);
  });

  it('treats UnlimitedData → MeteredData as a migration, even at the same bandwidth', () => {
    const spec = current((s) => {
      s.circuits.sku = { tier: 'Standard', family: 'UnlimitedData' };
    });
    const assessment = assessBandwidthChange(
      spec,
      request({ bandwidthMbps: 1000, sku: { tier: 'Standard', family: 'MeteredData' } }),
    );
    expect(assessment.mode).toBe('migration');
    expect(assessment.issues.map((issue) => issue.path)).toEqual(['data.approval']);
  });

  it('allows MeteredData → UnlimitedData and Standard → Premium in place', () => {
    const assessment = assessBandwidthChange(
      current(),
      request({ bandwidthMbps: 1000, sku: { tier: 'Premium', family: 'UnlimitedData' } }),
    );
    expect(assessment.mode).toBe('in-place');
    expect(assessment.notes.join(' ')).toMatch(/Premium add-on is billed/);
  });

  it('refuses a Local circuit on MeteredData, at data.sku.family', () => {
    const assessment = assessBandwidthChange(current(), request({ sku: { tier: 'Local', family: 'MeteredData' } }));
    expect(assessment.mode).toBe('refused');
    expect(assessment.issues).toContainEqual(
      expect.objectContaining({ path: 'data.sku.family', rule: 'sku.local-unlimited-data' }),
    );
  });

  it('refuses Premium → Standard when more VNets are linked than Standard allows; warns about what it cannot see', () => {
    const premium = (s: CustomerSpec) => {
      s.circuits.sku = { tier: 'Premium', family: 'MeteredData' };
    };
    const toStandard = request({ bandwidthMbps: 1000, sku: { tier: 'Standard', family: 'MeteredData' } });
    const crowded = current((s) => {
      premium(s);
      const link = s.vnetLinks[0]!;
      s.vnetLinks = Array.from({ length: 11 }, (_, index) => ({
        ...link,
        vnetId: link.vnetId.replace(/[^/]+$/, `vnet-${index}`),
      }));
    });
    const refused = assessBandwidthChange(crowded, toStandard);
    expect(refused.mode).toBe('refused');
    expect(refused.issues).toContainEqual(
      expect.objectContaining({ path: 'data.sku', rule: 'limit.vnet-links-per-circuit' }),
    );

    const fits = assessBandwidthChange(current(premium), toStandard);
    expect(fits.mode).toBe('in-place');
    expect(fits.notes.join(' ')).toMatch(/4,000 private-peering routes/);

    const tooManyRoutes = assessBandwidthChange(current(premium), toStandard, { privatePeeringRoutes: 5000 });
    expect(tooManyRoutes.issues).toContainEqual(
      expect.objectContaining({ path: 'data.sku.tier', rule: 'limit.private-peering-routes' }),
    );
  });

  it('refuses to assess a request against another customer’s spec', () => {
    const assessment = assessBandwidthChange(current(), request({ customerId: 'fabrikam' }));
    expect(assessment.issues).toContainEqual(
      expect.objectContaining({ path: 'data.customerId', rule: BANDWIDTH_CHANGE_RULES.sameCustomer }),
    );
  });
});
