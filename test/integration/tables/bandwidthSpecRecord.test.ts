/**
 * The customer registry keeps the customer's desired spec (what a bandwidth change is assessed against and updates
 * once both circuits have the new size): recorded idempotently, kept by every other write of the customer, refused
 * for another customer's spec, and a corrupt one is reported, not guessed.
 */
import { AppError } from '../../../shared/errors';
import { validConnectThroughSpec } from '../../support/specs';
import { adapters, rawClient, uniquePrefix } from './tablesTestSupport';

const { customers, tableNames, ensureTables } = adapters(uniquePrefix('spec'));

async function registeredContoso() {
  const spec = validConnectThroughSpec();
  await customers.register(spec.customer, {
    circuitSubscriptionId: spec.circuits.subscriptionId,
    vnetIds: [],
    requestId: 'onboard-1',
  });
  return spec;
}

describe('TableCustomerRegistry: the desired spec', () => {
  it('records it, keeps it through status changes, and records the same spec again without a write', async () => {
    const spec = await registeredContoso();
    expect((await customers.get('contoso'))?.spec).toBeUndefined();

    const recorded = await customers.recordSpec('contoso', spec, 'onboard-1');
    expect(recorded.spec).toEqual(spec);
    const again = await customers.recordSpec('contoso', spec, 'onboard-2');
    expect(again.etag).toBe(recorded.etag);

    await customers.setStatus('contoso', 'Changing', { requestId: 'bw-1' });
    const resized = { ...spec, circuits: { ...spec.circuits, bandwidthMbps: 2000 } };
    await customers.recordSpec('contoso', resized, 'bw-1');
    await customers.setStatus('contoso', 'Active', { requestId: 'bw-1' });
    expect(await customers.get('contoso')).toMatchObject({ status: 'Active', spec: resized, lastRequestId: 'bw-1' });
  });

  it("refuses another customer's spec, and reports a spec that does not parse", async () => {
    const spec = await registeredContoso();
    const refusal: unknown = await customers.recordSpec('fabrikam', spec, 'x').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'InvalidArgument' });

    await ensureTables();
    await rawClient(tableNames.customers).updateEntity(
      { partitionKey: 'customer', rowKey: 'contoso', spec: '{"customer": "not a spec"}' },
      'Merge',
    );
    await expect(customers.get('contoso')).rejects.toMatchObject({ code: 'CorruptTableRow' });
  });
});
