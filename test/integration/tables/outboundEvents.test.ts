import { OutboundEventTypes, type OutboundEvent } from '../../../shared/ports/outbound';
import { adapters, uniquePrefix } from './tablesTestSupport';

const prefix = uniquePrefix('out');
const { outbound } = adapters(prefix);

function event(id: string, subject: string, data: Record<string, unknown> = {}): OutboundEvent {
  return { id, type: OutboundEventTypes.serviceKeyReady, subject, time: '2026-01-01T00:00:00Z', data };
}

describe('TableOutboundEventRecorder', () => {
  it('records each event id once, whoever publishes it and whatever the retry carries', async () => {
    const other = adapters(prefix).outbound;
    const first = event('contoso:req-1:servicekey', 'contoso', { serviceKeys: ['a', 'b'] });
    await Promise.all([outbound.publish(first), other.publish(first), outbound.publish(first)]);
    await outbound.publish({ ...first, data: { serviceKeys: ['changed'] } });

    const recorded = await outbound.list('contoso');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ ...first, data: { serviceKeys: ['a', 'b'] } });
  });

  it("lists one customer's events or all of them, in time order", async () => {
    await outbound.publish({
      ...event('f-2', 'fabrikam'),
      time: '2026-01-03T00:00:00Z',
      type: OutboundEventTypes.onboardingCompleted,
    });
    await outbound.publish({ ...event('f-1', 'fabrikam'), time: '2026-01-02T00:00:00Z' });
    await outbound.publish(event('odd/id#1?', 'fabrikam-2'));

    expect((await outbound.list('fabrikam')).map((e) => e.id)).toEqual(['f-1', 'f-2']);
    expect((await outbound.list()).map((e) => e.id)).toEqual(['contoso:req-1:servicekey', 'odd/id#1?', 'f-1', 'f-2']);
  });

  it('names every event type com.csp.expressroute.<area>.<event>, uniquely', () => {
    const types = Object.values(OutboundEventTypes);
    expect(new Set(types).size).toBe(types.length);
    for (const type of types) expect(type).toMatch(/^com\.csp\.expressroute(\.[a-z]+){2,3}$/);
  });
});
