/** `ercsp rehearse` options for the provider's deprovisioning: a delay, or never, not both. */
import { parseRehearseOptions } from '../../../local/cli/commands/rehearse';

describe('rehearse deprovisioning options', () => {
  it('takes a deprovision delay or never, and refuses both together or a bad duration', () => {
    expect(parseRehearseOptions({ deprovisionDelay: '6h' })).toMatchObject({
      ok: true,
      options: { deprovisionDelayMs: 6 * 3_600_000 },
    });
    expect(parseRehearseOptions({ deprovisionNever: true })).toMatchObject({
      ok: true,
      options: { deprovisionDelayMs: 'never' },
    });
    expect(parseRehearseOptions({})).toMatchObject({ ok: true, options: { providerDelayMs: 2 * 3_600_000 } });
    expect(parseRehearseOptions({ deprovisionDelay: 'soon', deprovisionNever: true })).toEqual({
      ok: false,
      problems: [
        '--deprovision-delay and --deprovision-never exclude each other',
        "--deprovision-delay: 'soon' is not a duration such as 90m, 2h or 3d",
      ],
    });
  });
});
