import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../../../shared/domain/plan';
import { planTopology } from '../../../shared/domain/planner';
import { deriveTopology } from '../../../shared/domain/topology';
import { summarizePlan, writePlanText } from '../../../local/cli/commands/plan';
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import { colorsFor } from '../../../local/cli/io';
import { EXAMPLES_DIR } from '../../../local/cli/paths';
import { ONBOARDING_REQUESTED, parseRequestEvent } from '../../../shared/messages';
import { Capture, captureIo, ercsp, tempDir } from './harness';

type Json = Record<string, unknown>;

const CONTOSO = 'examples/onboard-contoso-connect-through.json';
const FABRIKAM = 'examples/onboard-fabrikam-connect-to.json';
const INCREASE = 'examples/bandwidth-increase-contoso.json';
const DECOMMISSION = 'examples/decommission-fabrikam.json';

function example(name: string): Json {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, name), 'utf8')) as Json;
}

function expectedPlan(file: string): Plan {
  const parsed = parseRequestEvent(example(file.replace('examples/', '')), DEFAULT_CSP_CONTEXT);
  if (!parsed.ok || parsed.event.type !== ONBOARDING_REQUESTED) throw new Error(`${file} is not a valid onboarding`);
  return planTopology(deriveTopology(parsed.event.data, DEFAULT_CSP_CONTEXT));
}

/** Every step's dependencies are in earlier stages, and the stages hold every step once. */
function expectWellStaged(plan: Plan): void {
  const stageOf = new Map<string, number>();
  plan.stages.forEach((keys, index) => {
    for (const key of keys) stageOf.set(key, index);
  });
  expect([...stageOf.keys()].sort()).toEqual(plan.steps.map((step) => step.key).sort());
  for (const step of plan.steps) {
    for (const dependency of step.dependsOn) {
      expect([step.key, dependency, (stageOf.get(dependency) ?? Infinity) < (stageOf.get(step.key) ?? -1)]).toEqual([
        step.key,
        dependency,
        true,
      ]);
    }
  }
}

const temp = tempDir();
afterAll(() => {
  temp.cleanup();
});

describe('ercsp plan: onboarding', () => {
  it('prints the waves the workflow runs, each step with key, action, resource, dependencies and a summary line', async () => {
    const run = await ercsp(['plan', CONTOSO]);
    expect(run.code).toBe(0);
    const plan = expectedPlan(CONTOSO);
    expect(run.stdout).toContain('Onboarding plan for contoso (connect-through) · request crm-req-20260302-0001');
    expect(run.stdout).toMatch(
      /^Wave 1 · before any circuit exists: route filters, route tables and NSGs, in parallel$/m,
    );
    expect(run.stdout).toMatch(/^ {2}circuit:a +ensure +circuit er-contoso-a$/m);
    expect(run.stdout).toMatch(/^ {2}await-provider:a +awaitProvider +circuit er-contoso-a +after notify-provider:a$/m);
    expect(run.stdout).toMatch(
      /^ {2}connection:vnet-contoso-prod-weu:a +ensure +connection \S+ +after gateway:vnet-contoso-prod-weu, peering:a:AzurePrivatePeering, authorization:vnet-contoso-prod-weu:a$/m,
    );
    for (const step of plan.steps) expect(run.stdout).toMatch(new RegExp(`^  ${step.key} `, 'm'));
    const summary = new RegExp(
      `^${plan.steps.filter((s) => 'intent' in s).length} resources, ${plan.steps.length} steps, 4 waves; ` +
        'alongside the provider wait \\(await-provider:a, await-provider:b\\): (.+)$',
      'm',
    );
    // While the provider works: the gateway builds and each circuit's authorizations (route tables and NSGs run
    // before, peerings, connections and subnets after).
    expect(summary.exec(run.stdout)?.[1]?.split(', ')).toEqual([
      'gateway:vnet-contoso-prod-weu',
      'gateway:vnet-contoso-shared-weu',
      'authorization:vnet-contoso-prod-weu:a',
      'authorization:vnet-contoso-shared-weu:a',
      'authorization:vnet-contoso-prod-weu:b',
      'authorization:vnet-contoso-shared-weu:b',
    ]);
  });

  it('prints the Plan object with --json: it parses, and every dependsOn is in an earlier stage', async () => {
    for (const file of [CONTOSO, FABRIKAM]) {
      const run = await ercsp(['plan', file, '--json']);
      expect(run.code).toBe(0);
      const plan = JSON.parse(run.stdout) as Plan;
      expect(plan).toEqual(JSON.parse(JSON.stringify(expectedPlan(file))));
      expectWellStaged(plan);
    }
  });

  it('exits 1 with the problems when the request is invalid, and 2 when it cannot be read', async () => {
    const broken = example('onboard-fabrikam-connect-to.json');
    (broken.data as { circuits: Json }).circuits.peeringLocations = ['Dublin', 'dublin'];
    const file = temp.write('same-location.json', broken);
    const run = await ercsp(['plan', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {4}data\.circuits\.peeringLocations\[1\]: .*\[peering-location\.distinct\]$/m);
    const missing = await ercsp(['plan', join(temp.dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });

  it('refuses --spec for an onboarding (usage, exit 2)', async () => {
    const run = await ercsp(['plan', CONTOSO, '--spec', CONTOSO]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--spec applies to bandwidth change and decommission requests only');
  });
});

describe('ercsp plan: bandwidth change', () => {
  it('without --spec, says which plan applies and what it needs', async () => {
    const run = await ercsp(['plan', INCREASE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Bandwidth change for contoso to 2000 Mbps');
    expect(run.stdout).toMatch(/increase .* in place/);
    expect(run.stdout).toContain('--spec');
    const json = JSON.parse((await ercsp(['plan', INCREASE, '--json'])).stdout) as Json;
    expect(json).toMatchObject({ customerId: 'contoso', plan: null });
  });

  it('with --spec, plans an increase in place, one leg after the other, telling the provider each time', async () => {
    const run = await ercsp(['plan', INCREASE, '--spec', CONTOSO]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1000 Mbps Standard/MeteredData → 2000 Mbps Standard/MeteredData, in place');
    expect(run.stdout).toMatch(/^ {2}circuit:b +ensure +circuit er-contoso-b +after circuit:a$/m);
    expect(run.stdout).toMatch(/^ {2}notify-provider:b +notifyProvider +circuit er-contoso-b +after circuit:b$/m);
    expect(run.stdout).toContain('2 resources, 4 steps, 3 stages');

    const plan = JSON.parse((await ercsp(['plan', INCREASE, '--spec', CONTOSO, '--json'])).stdout) as Plan;
    expectWellStaged(plan);
    expect(
      plan.steps.filter((step) => step.action === 'ensure').map((step) => 'intent' in step && step.intent),
    ).toEqual([
      expect.objectContaining({ kind: 'circuit', leg: 'a', bandwidthMbps: 2000 }),
      expect.objectContaining({ kind: 'circuit', leg: 'b', bandwidthMbps: 2000 }),
    ]);
  });

  it('refuses a decrease without an approval (exit 1), and explains the migration when approved', async () => {
    const decrease = example('bandwidth-increase-contoso.json');
    (decrease.data as Json).bandwidthMbps = 500;
    const unapproved = temp.write('decrease.json', decrease);
    const run = await ercsp(['plan', unapproved, '--spec', CONTOSO]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^ {4}data\.approval: is required: .*1000 → 500 Mbps.*\[bandwidth\.approval-required\]$/m,
    );

    (decrease.data as Json).approval = {
      approvedBy: 'jane.doe@csp.example',
      ticket: 'CHG0012345',
      approvedAt: '2026-04-09T17:00:00Z',
    };
    const approved = await ercsp(['plan', temp.write('decrease-approved.json', decrease), '--spec', CONTOSO]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('as a migration to a new pair');
    expect(approved.stdout).toContain('Approved by jane.doe@csp.example under CHG0012345');
  });

  it('accepts a bare customer spec as --spec, and refuses another customer’s spec (exit 2)', async () => {
    const bareSpec = temp.write('contoso-spec.json', example('onboard-contoso-connect-through.json').data);
    expect((await ercsp(['plan', INCREASE, '--spec', bareSpec])).code).toBe(0);
    const other = await ercsp(['plan', INCREASE, '--spec', FABRIKAM]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('is the spec of "fabrikam", but the request is for "contoso"');
  });
});

describe('ercsp plan: decommission', () => {
  it('without --spec, says the teardown plan needs the customer spec', async () => {
    const run = await ercsp(['plan', DECOMMISSION]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('needs the customer spec');
  });

  it('with --spec, prints the teardown plan: provider deprovisioning before each circuit delete, existing gateway kept', async () => {
    const run = await ercsp(['plan', DECOMMISSION, '--spec', FABRIKAM]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Teardown plan for fabrikam');
    expect(run.stdout).toMatch(/^ {2}circuit:a +delete +circuit er-fabrikam-a +after await-deprovision:a$/m);
    expect(run.stdout).toContain('Kept (not created by the automation): vgw-er-fabrikam-hub-neu.');
    expect(run.stdout).not.toMatch(/^ {2}gateway:vnet-fabrikam-hub-neu /m);

    const plan = JSON.parse((await ercsp(['plan', DECOMMISSION, '--spec', FABRIKAM, '--json'])).stdout) as Plan;
    expectWellStaged(plan);
    expect(new Set(plan.steps.map((step) => step.action))).toEqual(
      new Set(['delete', 'requestDeprovision', 'awaitDeprovision']),
    );
  });
});

describe('plan output functions', () => {
  it('write to any stream and summarize what runs alongside the provider wait', () => {
    const plan = expectedPlan(FABRIKAM);
    const out = new Capture();
    writePlanText(out, 'Title', plan, ['a note'], colorsFor(captureIo().io));
    expect(out.text.split('\n')[0]).toBe('Title');
    expect(out.text).toContain('note: a note');
    const summary = summarizePlan(plan);
    expect(summary.waits).toEqual(['await-provider:a', 'await-provider:b']);
    expect(summary.alongsideWaits).toEqual(expect.arrayContaining(['route-filter', 'gateway:vnet-fabrikam-prod-neu']));
    expect(summary.alongsideWaits).not.toContain('peering:a:MicrosoftPeering');
  });
});

describe('ercsp plan: several circuit pairs', () => {
  const TWO_PAIRS = 'examples/onboarding-two-private-pairs-20g.json';

  it('names both pairs in the title and names the pair of each circuit, peering, authorization and connection', async () => {
    const run = await ercsp(['plan', TWO_PAIRS]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Onboarding plan for tailspin (connect-through) · 2 pairs: primary, second · request crm-req-20260309-0102',
    );
    expect(run.stdout).toMatch(/^ {2}circuit:a +ensure +circuit er-tailspin-a \(pair primary\)$/m);
    expect(run.stdout).toMatch(/^ {2}circuit:second:b +ensure +circuit er-tailspin-second-b \(pair second\)$/m);
    expect(run.stdout).toMatch(
      /^ {2}await-provider:second:a +awaitProvider +circuit er-tailspin-second-a \(pair second\) +after notify-provider:second:a$/m,
    );
    expect(run.stdout).toMatch(
      /^ {2}peering:second:a:AzurePrivatePeering +ensure +peering AzurePrivatePeering \(pair second\) +after /m,
    );
    expect(run.stdout).toMatch(
      /^ {2}authorization:vnet-tailspin-prod-weu:second:b +ensure +authorization \S+ \(pair second\) /m,
    );
    expect(run.stdout).toMatch(/^ {2}connection:vnet-tailspin-prod-weu:a +ensure +connection \S+ \(pair primary\) /m);
    expect(run.stdout).toMatch(
      /^ {2}connection:vnet-tailspin-prod-weu:second:a +ensure +connection \S+ \(pair second\) /m,
    );
    // A resource of no pair names none.
    expect(run.stdout).toMatch(
      /^ {2}gateway:vnet-tailspin-prod-weu +ensure +gateway ergw-vnet-tailspin-prod-weu(?: +after .*)?$/m,
    );
  });

  it('names no pair in the plan of a single pair', async () => {
    const run = await ercsp(['plan', CONTOSO]);
    expect(run.stdout).not.toContain('pair');
  });
});
