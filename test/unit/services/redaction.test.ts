/** The one redaction policy (shared/redaction.ts), as checkpoints, the ledger, parked records and ARM errors use it. */
import { scrubDetail } from '../../../shared/ports/checkpoints';
import { scrubSecretFields } from '../../../shared/adapters/arm/secretScrubbing';
import {
  isSecretFieldName,
  MAX_ECHO_LENGTH,
  REDACTED,
  redactFields,
  scrubSecrets,
  shortenForEcho,
  TOO_DEEP,
} from '../../../shared/redaction';

const PLAIN = 'Plain-Md5-Value-123';

describe('redaction', () => {
  it('knows the fields that hold, or should hold, a secret', () => {
    for (const name of ['md5Key', 'authorizationKey', 'sharedKey', 'password', 'clientSecret', 'AccountKey', 'token']) {
      expect(isSecretFieldName(name)).toBe(true);
    }
    for (const name of ['subscriptionId', 'tenantId', 'vnetId', 'peerAsn', 'serviceKey', 'keyVault']) {
      expect(isSecretFieldName(name)).toBe(false);
    }
  });

  it.each([
    ['a plain string', PLAIN],
    ['a number', 123456],
    ['an object that is not a reference', { value: PLAIN }],
    ['an array', [PLAIN]],
    ['a reference with an extra field', { vault: 'kv', secret: 's', value: PLAIN }],
  ])('redacts an md5Key given as %s', (_form, md5Key) => {
    const redacted = redactFields({ peering: { md5Key, vlanId: 100 } });
    expect(redacted).toEqual({ peering: { md5Key: REDACTED, vlanId: 100 } });
    expect(JSON.stringify(redacted)).not.toContain(PLAIN);
  });

  it('keeps a well-formed Key Vault reference, which names a secret without holding it', () => {
    const reference = { vault: 'kv-ercsp-prod', secret: 'contoso-bgp-md5' };
    expect(redactFields({ md5Key: reference })).toEqual({ md5Key: reference });
  });

  it('scrubs secret values from text in the forms they come in', () => {
    for (const text of [
      `{"md5Key":"${PLAIN}"}`,
      `md5Key=${PLAIN}; next=1`,
      `"sharedKey": "${PLAIN}"`,
      `{\\"authorizationKey\\":\\"${PLAIN}\\"}`,
      `Authorization: Bearer ${PLAIN}`,
    ]) {
      expect(scrubSecrets(text)).not.toContain(PLAIN);
    }
    expect(scrubSecrets(`the value ${PLAIN} again`, [PLAIN])).toBe(`the value ${REDACTED} again`);
  });

  it('is the policy of checkpoints and of the ARM adapter alike', () => {
    const body = { properties: { sharedKey: PLAIN, md5Key: PLAIN, name: 'x' } };
    expect(scrubSecretFields(body)).toEqual(redactFields(body));
    expect(scrubDetail(body)).toEqual(redactFields(body));
  });

  it('stops walking a value nested deeper than it should ever be, without overflowing the stack', () => {
    const deep: unknown = JSON.parse('['.repeat(50_000) + ']'.repeat(50_000));
    expect(JSON.stringify(redactFields(deep))).toContain(TOO_DEEP);
  });

  it('shortens a long value to about 64 characters and says how long it was', () => {
    expect(shortenForEcho('short')).toBe('short');
    const shortened = shortenForEcho('v'.repeat(5000));
    expect(shortened.length).toBeLessThanOrEqual(MAX_ECHO_LENGTH + 24);
    expect(shortened).toMatch(/\(5000 characters\)$/);
  });
});
