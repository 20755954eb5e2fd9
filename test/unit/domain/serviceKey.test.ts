import { PLACEHOLDER_SERVICE_KEY, isRealServiceKey } from '../../../shared/domain/serviceKey';

describe('isRealServiceKey', () => {
  it('accepts a GUID Azure issued, in either case', () => {
    expect(isRealServiceKey('f14e3667-99f1-4004-8b1a-02c46f276bb1')).toBe(true);
    expect(isRealServiceKey('F14E3667-99F1-4004-8B1A-02C46F276BB1')).toBe(true);
  });

  it('refuses the placeholder Azure shows while the circuit is being created', () => {
    expect(PLACEHOLDER_SERVICE_KEY).toBe('00000000-0000-0000-0000-000000000000');
    expect(isRealServiceKey(PLACEHOLDER_SERVICE_KEY)).toBe(false);
  });

  it.each([
    ['undefined', undefined],
    ['empty', ''],
    ['blank', '   '],
    ['not a GUID', 'service-key'],
    ['a GUID without dashes', 'f14e366799f140048b1a02c46f276bb1'],
    ['a GUID in braces', '{f14e3667-99f1-4004-8b1a-02c46f276bb1}'],
    ['a GUID with surrounding whitespace', ' f14e3667-99f1-4004-8b1a-02c46f276bb1 '],
    ['a GUID one digit short', 'f14e3667-99f1-4004-8b1a-02c46f276bb'],
  ])('refuses %s', (_label, key) => {
    expect(isRealServiceKey(key)).toBe(false);
  });
});
