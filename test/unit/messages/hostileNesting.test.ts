/**
 * `parseRequestEvent` (used by the CLI, the triggers and the plan endpoint) on hostile nesting: 100,000 levels of
 * arrays or objects, at the root and in every kind of field, give issues, never a stack overflow. Measured: the
 * schemas stop at the first level that does not match, so nothing walks the whole depth.
 */
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import { parseRequestEvent } from '../../../shared/messages';
import { onboardingEvent } from '../../support/requestCloudEvents';

const DEPTH = 100_000;
const deepArrays = (): unknown => JSON.parse('['.repeat(DEPTH) + ']'.repeat(DEPTH));
const deepObjects = (): unknown => JSON.parse('{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH));

type Event = { data: { customer: Record<string, unknown>; circuits: { privatePeering: Record<string, unknown> } } };
const PLACES: Record<string, (event: Event, deep: unknown) => void> = {
  data: (event, deep) => {
    (event as unknown as Record<string, unknown>).data = deep;
  },
  'customer.displayName': (event, deep) => {
    event.data.customer.displayName = deep;
  },
  'privatePeering.md5Key': (event, deep) => {
    event.data.circuits.privatePeering.md5Key = deep;
  },
  'privatePeering.legs': (event, deep) => {
    event.data.circuits.privatePeering.legs = deep;
  },
  'an unknown field': (event, deep) => {
    event.data.customer.extra = deep;
  },
};

describe('parseRequestEvent on hostile nesting', () => {
  it.each([
    ['arrays', deepArrays],
    ['objects', deepObjects],
  ])('refuses %s 100,000 levels deep at the root', (_kind, deep) => {
    expect(parseRequestEvent(deep(), DEFAULT_CSP_CONTEXT).ok).toBe(false);
  });

  for (const [place, put] of Object.entries(PLACES)) {
    it.each([
      ['arrays', deepArrays],
      ['objects', deepObjects],
    ])(`refuses %s 100,000 levels deep in ${place} with issues, without throwing`, (_kind, deep) => {
      const event = onboardingEvent('deep-1') as unknown as Event;
      put(event, deep());
      const result = parseRequestEvent(event, DEFAULT_CSP_CONTEXT);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
    });
  }
});
