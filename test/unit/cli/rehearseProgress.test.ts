/** The live rehearsal display: what each request waits for, and the simulated time. */
import { colorsFor } from '../../../local/cli/io';
import { progressText } from '../../../local/rehearsal/progressDisplay';
import { describeWaits, formatSimulatedTime, waitOf } from '../../../local/rehearsal/waits';
import { captureIo } from './harness';

const colors = colorsFor(captureIo().io);

describe('what a request waits for', () => {
  it('names the provider per leg with the state Azure showed, an ARM operation, a build another waits for, and the customer lease', () => {
    expect(
      waitOf({
        runtimeStatus: 'Running',
        customStatus: { phase: 'awaiting-provider', leg: 'a', serviceProviderProvisioningState: 'NotProvisioned' },
      }),
    ).toBe('the provider (leg a: NotProvisioned)');
    expect(
      waitOf({ runtimeStatus: 'Running', customStatus: { phase: 'awaiting-provider', leg: 'b', pair: 'dr' } }),
    ).toBe('the provider (leg b of pair dr)');
    expect(
      waitOf({
        runtimeStatus: 'Running',
        customStatus: { stepKey: 'gateway:vnet-hub', provisioningState: 'Updating' },
      }),
    ).toBe('Azure (gateway:vnet-hub: Updating)');
    expect(
      waitOf({
        runtimeStatus: 'Running',
        customStatus: { stepKey: 'connection:vnet-hub:a', waitingFor: 'gateway:vnet-hub' },
      }),
    ).toBe('gateway:vnet-hub (before connection:vnet-hub:a)');
    expect(waitOf({ runtimeStatus: 'Running', customStatus: { phase: 'queued', heldBy: 'req-other' } })).toBe(
      'the customer lease (held by req-other)',
    );
  });

  it('ignores finished instances and phases that wait on nothing outside, and names at most three waits', () => {
    expect(waitOf({ runtimeStatus: 'Completed', customStatus: { phase: 'awaiting-provider', leg: 'a' } })).toBe(
      undefined,
    );
    expect(describeWaits([{ runtimeStatus: 'Running', customStatus: { phase: 'connecting' } }])).toBeUndefined();
    // The request's own phase names no leg; a leg and its provider wait are one wait, with Azure's state.
    expect(
      describeWaits([
        { runtimeStatus: 'Running', customStatus: { phase: 'awaiting-provider', requestId: 'r' } },
        { runtimeStatus: 'Running', customStatus: { phase: 'awaiting-provider', leg: 'a' } },
        {
          runtimeStatus: 'Running',
          customStatus: { phase: 'awaiting-provider', leg: 'a', serviceProviderProvisioningState: 'NotProvisioned' },
        },
      ]),
    ).toBe('the provider (leg a: NotProvisioned)');
    const legs = ['a', 'b', 'c', 'd'].map((leg) => ({
      runtimeStatus: 'Running',
      customStatus: { phase: 'awaiting-provider', leg },
    }));
    expect(describeWaits([...legs, ...legs])).toBe(
      'the provider (leg a), the provider (leg b), the provider (leg c), +1 more',
    );
  });
});

describe('a live line', () => {
  it('shows the phase, the wait and the simulated time', () => {
    const at = Date.UTC(2026, 2, 2, 10, 15);
    expect(formatSimulatedTime(at)).toBe('2026-03-02 10:15 UTC');
    expect(
      progressText(
        {
          phase: 'awaiting-provider',
          waitingFor: 'the provider (leg a: NotProvisioned)',
          simulatedAt: at,
          done: 4,
          total: 22,
        },
        colors,
      ),
    ).toBe('awaiting-provider · waits for the provider (leg a: NotProvisioned) · 2026-03-02 10:15 UTC');
  });
});
