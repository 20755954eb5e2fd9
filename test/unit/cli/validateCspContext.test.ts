/**
 * `ercsp validate` (and plan, rehearse) act for the CSP the user names: flags, then the environment (`ERCSP_*`, as
 * the app reads it), then local.settings.json; the built-in sample only when none is given, and then it says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCspContext } from '../../../local/cli/cspContext';
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import { EXAMPLES_DIR } from '../../../local/cli/paths';
import { runCli } from '../../../local/cli/program';
import { captureIo, tempDir } from './harness';

type Json = Record<string, unknown>;

const OWN_TENANT = '7d1e6f2a-3b4c-4d5e-8f90-a1b2c3d4e5f6';
const OWN_SUBSCRIPTION = 'c0ffee00-1234-4567-89ab-cdef01234567';

const temp = tempDir();
afterAll(() => {
  temp.cleanup();
});

/** Contoso's connect-through onboarding with its circuits in a subscription the built-in sample does not own. */
function onboardingInOwnSubscription(): string {
  const event = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'onboard-contoso-connect-through.json'), 'utf8')) as Json;
  (event.data as { circuits: Json }).circuits.subscriptionId = OWN_SUBSCRIPTION;
  return temp.write('contoso-own-csp.json', event);
}

async function validate(argv: readonly string[], env: Record<string, string> = {}, cwd = temp.dir) {
  const { io, stdout, stderr } = captureIo({ cwd });
  const code = await runCli(['validate', ...argv], { ...io, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('ercsp validate: the CSP context', () => {
  const file = onboardingInOwnSubscription();

  it('refuses the request under the built-in sample, and says the sample was used', async () => {
    const run = await validate([file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('data.circuits.subscriptionId');
    expect(run.stderr).toContain('note: CSP context: the built-in sample');
  });

  it('accepts it with ERCSP_CSP_SUBSCRIPTION_IDS set to that subscription, without mentioning the sample', async () => {
    const run = await validate([file], {
      ERCSP_CSP_TENANT_ID: OWN_TENANT,
      ERCSP_CSP_SUBSCRIPTION_IDS: `${OWN_SUBSCRIPTION}, ${DEFAULT_CSP_CONTEXT.cspSubscriptionIds[0] ?? ''}`,
    });
    expect([run.code, run.stdout]).toEqual([0, expect.stringContaining(`✓ ${file}`)]);
    expect(run.stderr).toBe('');
  });

  it('takes the flags over the environment, and local.settings.json when nothing else is given', async () => {
    const flagged = await validate(['--csp-tenant', OWN_TENANT, '--csp-subscription', OWN_SUBSCRIPTION, file], {
      ERCSP_CSP_TENANT_ID: OWN_TENANT,
      ERCSP_CSP_SUBSCRIPTION_IDS: DEFAULT_CSP_CONTEXT.cspSubscriptionIds.join(','),
    });
    expect(flagged.code).toBe(0);

    const project = tempDir();
    try {
      project.write('local.settings.json', {
        IsEncrypted: false,
        Values: { ERCSP_CSP_TENANT_ID: OWN_TENANT, ERCSP_CSP_SUBSCRIPTION_IDS: OWN_SUBSCRIPTION },
      });
      expect((await validate([file], {}, project.dir)).code).toBe(0);
      const resolution = resolveCspContext({}, {}, project.dir);
      expect(resolution).toEqual({
        ok: true,
        resolved: {
          context: { cspTenantId: OWN_TENANT, cspSubscriptionIds: [OWN_SUBSCRIPTION] },
          tenantFrom: 'local.settings.json',
          subscriptionsFrom: 'local.settings.json',
        },
      });
    } finally {
      project.cleanup();
    }
  });

  it('never completes a partial context from the sample: a usage error names what is missing or malformed', async () => {
    const missingTenant = await validate(['--csp-subscription', OWN_SUBSCRIPTION, file]);
    expect(missingTenant.code).toBe(2);
    expect(missingTenant.stderr).toContain('the CSP tenant is missing: give --csp-tenant <id>, ERCSP_CSP_TENANT_ID');
    const malformed = await validate([file], { ERCSP_CSP_TENANT_ID: OWN_TENANT, ERCSP_CSP_SUBSCRIPTION_IDS: 'sub-1' });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('ERCSP_CSP_SUBSCRIPTION_IDS: "sub-1" is not a GUID');
  });
});

describe('ercsp validate: the shipped provider catalogue', () => {
  it('warns about a provider it does not list, without refusing the request', async () => {
    const event = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'onboard-contoso-connect-through.json'), 'utf8')) as Json;
    (event.data as { circuits: Json }).circuits.provider = 'Acme Fibre';
    const run = await validate([temp.write('acme.json', event)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^ {4}warning data\.circuits\.provider: "Acme Fibre" is not a connectivity provider in the catalogue shipped with ercsp \(as of \d{4}-\d{2}-\d{2}\); known: Equinix, .*\[provider\.known\]$/m,
    );
  });
});
