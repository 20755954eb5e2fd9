/**
 * What validation repeats of its input: nothing of a field that holds (or should hold) a secret, in whatever form
 * it was given, and nothing longer than about 64 characters of anything else.
 */
import fc from 'fast-check';
import type { ValidationIssue } from '../../../shared/errors';
import {
  MAX_QUOTED_LENGTH,
  SECRET_REFERENCE_MESSAGE,
  formatPath,
  mention,
  quoteValue,
} from '../../../shared/domain/issueWording';
import { validateCustomerSpec } from '../../../shared/domain/validation';
import { parseRequestEvent } from '../../../shared/messages/parse';
import { CSP_CONTEXT, validConnectThroughSpec } from '../../support/specs';

/** The quoted part of a message, quotes included: at most this long, plus the length note. */
const QUOTED_LIMIT = MAX_QUOTED_LENGTH + 2;

describe('quoteValue', () => {
  it('quotes short text whole', () => {
    expect(quoteValue('snet-app')).toBe('"snet-app"');
    expect(quoteValue('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('cuts a 10 kB value to at most 64 characters and says how long it was', () => {
    const quoted = quoteValue('n'.repeat(10_240));
    expect(quoted).toBe(`"${'n'.repeat(48)}…" (10240 characters)`);
    expect(quoted.split(' (')[0]!.length).toBeLessThanOrEqual(QUOTED_LIMIT);
  });

  it('escapes control and invisible characters instead of printing them', () => {
    expect(quoteValue('a\u0000b\u202Ec\n')).toBe('"a\\u0000b\\u202ec\\n"');
  });

  it('property: the quoted part never exceeds the limit, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const quoted = quoteValue(text);
        const shown = quoted.endsWith(' characters)') ? quoted.slice(0, quoted.lastIndexOf(' (')) : quoted;
        expect(shown.length).toBeLessThanOrEqual(QUOTED_LIMIT + 1);
        expect(quoted).not.toMatch(/[\p{Cc}\u202a-\u202e]/u);
      }),
      { numRuns: 1000 },
    );
  });

  it('mention shows plain short tokens bare and quotes anything else', () => {
    expect(mention('10.10.0.0/16')).toBe('10.10.0.0/16');
    expect(mention('vnet-contoso-hub')).toBe('vnet-contoso-hub');
    expect(mention('has space')).toBe('"has space"');
    expect(mention('v'.repeat(65))).toMatch(/\(65 characters\)$/);
  });

  it('formatPath quotes and cuts an unknown key a caller sent', () => {
    expect(formatPath(['customer', 'k'.repeat(5000)])).toBe(`customer["${'k'.repeat(48)}…" (5000 characters)]`);
  });
});

describe('no validation message or path repeats a secret given in the wrong form', () => {
  /** Secrets a careless caller pastes: long, random-looking, and free of JSON syntax so that a leak is visible as is. */
  const secretText = fc
    .string({
      minLength: 12,
      maxLength: 80,
      unit: fc.constantFrom(...Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+=_-!$%')),
    })
    // A symbol makes it unmistakably not a Key Vault name (which validation would rightly accept).
    .filter((text) => /[A-Z]/.test(text) && /[0-9]/.test(text) && /[+=_!$%]/.test(text));

  type Placement = (peering: Record<string, unknown>, secret: string) => void;
  const placements: Record<string, Placement> = {
    'md5Key as a plain string': (peering, secret) => {
      peering.md5Key = secret;
    },
    'md5Key as a number-looking string in a list': (peering, secret) => {
      peering.md5Key = [secret];
    },
    'md5Key.secret holding the value': (peering, secret) => {
      peering.md5Key = { vault: 'kv-ercsp-prod', secret };
    },
    'md5Key.vault holding the value': (peering, secret) => {
      peering.md5Key = { vault: secret, secret: 'contoso-bgp-md5' };
    },
    'md5Key.version holding the value': (peering, secret) => {
      peering.md5Key = { vault: 'kv-ercsp-prod', secret: 'contoso-bgp-md5', version: secret };
    },
    'an extra md5Key.value field': (peering, secret) => {
      peering.md5Key = { vault: 'kv-ercsp-prod', secret: 'contoso-bgp-md5', value: secret };
    },
    'the secret as an extra md5Key field name': (peering, secret) => {
      peering.md5Key = { vault: 'kv-ercsp-prod', secret: 'contoso-bgp-md5', [secret]: true };
    },
    'md5Key as an object with the secret only': (peering, secret) => {
      peering.md5Key = { key: secret };
    },
  };

  const issuesFor = (place: Placement, secret: string, microsoft: boolean): ValidationIssue[] => {
    const spec = validConnectThroughSpec({ microsoftPeering: true }) as unknown as {
      circuits: Record<string, Record<string, unknown>>;
    };
    place(spec.circuits[microsoft ? 'microsoftPeering' : 'privatePeering']!, secret);
    const result = validateCustomerSpec(spec, CSP_CONTEXT);
    if (result.ok) throw new Error('a secret in the wrong form was accepted');
    return result.issues;
  };

  it('says "must be a secret reference" for a plain-string MD5 key, and nothing of the key', () => {
    const issues = issuesFor(placements['md5Key as a plain string']!, 'Sup3rSecretBgpKey!', false);
    expect(issues).toEqual([
      { path: 'circuits.privatePeering.md5Key', rule: 'schema.type', message: SECRET_REFERENCE_MESSAGE },
    ]);
  });

  it('property: whatever the placement, the secret (or any 8 characters of it) appears in no message or path', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(placements)),
        secretText,
        fc.boolean(),
        (placement, secret, microsoft) => {
          const issues = issuesFor(placements[placement]!, secret, microsoft);
          const text = issues.map((issue) => `${issue.path} ${issue.message}`).join('\n');
          for (let start = 0; start + 8 <= secret.length; start += 1) {
            const piece = secret.slice(start, start + 8);
            if (text.includes(piece)) throw new Error(`${placement}: "${piece}" leaked in ${text}`);
          }
        },
      ),
      { numRuns: 600 },
    );
  });

  it('the intake (parseRequestEvent) repeats no secret either', () => {
    const secret = 'Zq9VtB2nX7LmP4sK8wR1';
    const spec = validConnectThroughSpec() as unknown as { circuits: { privatePeering: Record<string, unknown> } };
    spec.circuits.privatePeering.md5Key = secret;
    const parsed = parseRequestEvent(
      {
        specversion: '1.0',
        id: 'req-1',
        source: '/crm',
        type: 'com.csp.expressroute.onboarding.requested',
        subject: 'contoso',
        time: '2026-03-02T09:00:00Z',
        datacontenttype: 'application/json',
        data: spec,
      },
      CSP_CONTEXT,
    );
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).not.toContain(secret);
  });
});

describe('no validation message repeats more than about 64 characters of any input', () => {
  const long = 'Q'.repeat(10_240);
  type Mutation = (spec: ReturnType<typeof validConnectThroughSpec>) => void;
  const mutations: Record<string, Mutation> = {
    'a subnet name': (s) => void (s.routeTables[0]!.subnets[0] = long),
    'a route name': (s) => void (s.routeTables[0]!.routes[0]!.name = long),
    'a security rule name': (s) => void (s.networkSecurityGroups[0]!.rules[0]!.name = long),
    'a VNet name': (s) => void (s.vnetLinks[0]!.vnetId = s.vnetLinks[0]!.vnetId.replace('vnet-contoso-hub-weu', long)),
    'a resource group': (s) => void (s.circuits.resourceGroup = long),
    'a peering prefix': (s) => void (s.circuits.privatePeering.legs[0].primaryPeerAddressPrefix = long),
    'a forced-tunnel next hop': (s) => void (s.routeTables[1]!.forcedTunnelNextHop = long),
    'a peering location': (s) => void (s.circuits.peeringLocations = [long, long]),
    'a customer id': (s) => void (s.customer.id = long),
    'an unknown field': (s) => void Object.assign(s.customer, { [long]: long }),
    'a number given as text': (s) => void Object.assign(s.circuits, { bandwidthMbps: long }),
  };

  it.each(Object.keys(mutations))('%s of 10 kB is quoted at most ~64 characters long', (name) => {
    const spec = validConnectThroughSpec();
    mutations[name]!(spec);
    const result = validateCustomerSpec(spec, CSP_CONTEXT);
    if (result.ok) throw new Error('accepted');
    for (const issue of result.issues) {
      const text = `${issue.path} ${issue.message}`;
      expect(text).not.toContain('Q'.repeat(MAX_QUOTED_LENGTH + 1));
      expect(text.length).toBeLessThan(400);
    }
  });
});
