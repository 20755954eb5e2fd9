import { scrubDetail, scrubSecrets } from '../../../shared/ports/checkpoints';

const GUID = '0f3c9a2e-1b2c-4d5e-8f90-a1b2c3d4e5f6';

describe('scrubSecrets', () => {
  it.each([
    ['JSON field', `{"authorizationKey":"${GUID}","name":"x"}`, '{"authorizationKey":"[redacted]","name":"x"}'],
    ['non-GUID value with an escaped quote', '{"sharedKey": "ab\\"c", "n": 1}', '{"sharedKey": "[redacted]", "n": 1}'],
    [
      'JSON escaped inside a string',
      '{"body":"{\\"sharedKey\\":\\"s3cr3t\\"}"}',
      '{"body":"{\\"sharedKey\\":\\"[redacted]\\"}"}',
    ],
    ['JS-like output', "{ authKey: 'p@ss', peerAsn: 65001 }", "{ authKey: '[redacted]', peerAsn: 65001 }"],
    ['name=value', 'sharedKey=abc123; next', 'sharedKey=[redacted]; next'],
    [
      'connection string',
      'AccountName=a;AccountKey=abc/def+==;EndpointSuffix=x',
      'AccountName=a;AccountKey=[redacted];EndpointSuffix=x',
    ],
    ['bearer token', 'Authorization: Bearer eyJ0.eyJz.c2ln', 'Authorization: Bearer [redacted]'],
    ['GUID after "key"', `authorization key ${GUID} was used`, 'authorization key [redacted] was used'],
    ['GUID after "Key="', `serviceKey=${GUID}`, 'serviceKey=[redacted]'],
    ['GUID after "key is"', `the Key is ${GUID}.`, 'the Key is [redacted].'],
  ])('redacts a %s', (_name, input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
  });

  it('keeps GUIDs that are ids, not keys, and text without secrets', () => {
    const text = `subscription ${GUID} in tenant ${GUID} is not allowed; keys rotate daily`;
    expect(scrubSecrets(text)).toBe(text);
  });

  it('keeps redacted JSON parseable', () => {
    const json = JSON.stringify({ outer: JSON.stringify({ authorizationKey: 'x"y', sharedKey: GUID }), authKey: 'z' });
    const inner: unknown = JSON.parse((JSON.parse(scrubSecrets(json)) as { outer: string }).outer);
    expect(inner).toEqual({ authorizationKey: '[redacted]', sharedKey: '[redacted]' });
  });
});

describe('scrubDetail', () => {
  it('redacts secret-named fields at any depth and GUIDs in *Key fields, and scrubs every string', () => {
    expect(
      scrubDetail({
        connection: { sharedKey: 'hunter2', authorizationKey: null, peer: 'ok' },
        serviceKey: GUID,
        subscriptionId: GUID,
        md5Key: { vault: 'kv-csp', secret: 'bgp-md5' },
        log: [`key ${GUID}`, 3, true],
      }),
    ).toEqual({
      connection: { sharedKey: '[redacted]', authorizationKey: '[redacted]', peer: 'ok' },
      serviceKey: '[redacted]',
      subscriptionId: GUID,
      md5Key: { vault: 'kv-csp', secret: 'bgp-md5' },
      log: ['key [redacted]', 3, true],
    });
  });
});
