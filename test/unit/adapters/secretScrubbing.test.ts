import { REDACTED, scrubSecretFields, scrubSecrets } from '../../../shared/adapters/arm/secretScrubbing';

describe('scrubSecrets', () => {
  const key = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

  it('redacts JSON fields, free-text assignments and keys mentioned next to a GUID', () => {
    expect(scrubSecrets(`{"authorizationKey":"${key}","name":"x"}`)).toBe(
      `{"authorizationKey":"${REDACTED}","name":"x"}`,
    );
    expect(scrubSecrets('sharedKey=hunter2; other=1')).toBe(`sharedKey=${REDACTED}; other=1`);
    expect(scrubSecrets(`the authorization key ${key} is invalid`)).not.toContain(key);
    expect(scrubSecrets(`"sharedKey" : "with \\"quotes\\" inside"`)).toBe(`"sharedKey" : "${REDACTED}"`);
  });

  it('redacts known values wherever they appear, and leaves ordinary text alone', () => {
    expect(scrubSecrets('value s3cr3t-md5 leaked in a message', ['s3cr3t-md5'])).toBe(
      `value ${REDACTED} leaked in a message`,
    );
    const ordinary = 'Circuit er-contoso-a is Provisioned; peering AzurePrivatePeering has vlanId 100.';
    expect(scrubSecrets(ordinary)).toBe(ordinary);
  });
});

describe('scrubSecretFields', () => {
  it('replaces secret fields at any depth, case-insensitively', () => {
    expect(
      scrubSecretFields({
        properties: { AuthorizationKey: 'k', peerings: [{ properties: { sharedKey: 'm', vlanId: 1 } }] },
      }),
    ).toEqual({
      properties: { AuthorizationKey: REDACTED, peerings: [{ properties: { sharedKey: REDACTED, vlanId: 1 } }] },
    });
  });
});
