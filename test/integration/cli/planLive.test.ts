/**
 * `ercsp plan --live` against the ARM simulator and Azurite, with the app's settings from the environment: the
 * what-if of `POST /api/plan` (reads only) and the live provider list; `--detailed-exitcode` says 2 for changes.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import { EXAMPLES_DIR } from '../../../local/cli/paths';
import { runCli } from '../../../local/cli/program';
import { standInEnvironment } from '../../../local/rehearsal/environment';
import { startTestArmSimulator, type TestArmSimulator } from '../../support/armSimulator';
import { captureIo, tempDir } from '../../unit/cli/harness';

type Json = Record<string, unknown>;

// Starting the simulator and reading it can take a while on a loaded machine.
jest.setTimeout(60_000);

const CONTOSO = 'examples/onboard-contoso-connect-through.json';

let arm: TestArmSimulator;
let env: Record<string, string>;
const temp = tempDir();

beforeAll(async () => {
  arm = await startTestArmSimulator();
  env = standInEnvironment({
    cspTenantId: DEFAULT_CSP_CONTEXT.cspTenantId,
    cspSubscriptionIds: DEFAULT_CSP_CONTEXT.cspSubscriptionIds,
    arm: { endpoint: arm.endpoint, caFile: arm.caFile },
    tables: {
      connectionString: process.env.ERCSP_TEST_TABLES_CONNECTION ?? '',
      prefix: `plan${randomUUID().replaceAll('-', '').slice(0, 12)}`,
    },
  });
});

afterAll(async () => {
  temp.cleanup();
  await arm.stop();
});

async function plan(argv: readonly string[]) {
  const { io, stdout, stderr } = captureIo();
  const code = await runCli(['plan', ...argv], { ...io, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('ercsp plan --live', () => {
  it('shows what the request would create in the simulator and exits 2 with --detailed-exitcode', async () => {
    const before = arm.control.resources().length;
    const run = await plan([CONTOSO, '--live', '--detailed-exitcode']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Against Azure now (--live, read only)');
    expect(run.stdout).toMatch(
      /^ {2}\+ create +circuit +\/subscriptions\/4f04bb67-b9c2-44f9-b5da-410c93dc0fc0\/.*er-contoso-a$/m,
    );
    expect(run.stdout).toMatch(/^18 to create, 0 to update, 0 to delete, 0 unchanged$/m);
    // Read only: nothing was written.
    expect(arm.control.resources().length).toBe(before);
  });

  it("refuses a provider Azure's live list does not know (exit 1)", async () => {
    const event = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'onboard-contoso-connect-through.json'), 'utf8')) as Json;
    (event.data as { circuits: Json }).circuits.provider = 'Acme Fibre';
    const run = await plan([temp.write('acme.json', event), '--live', '--detailed-exitcode']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^ {4}data\.circuits\.provider: "Acme Fibre" is not a connectivity provider in Azure's expressRouteServiceProviders; .*\[provider\.known\]$/m,
    );
  });
});
