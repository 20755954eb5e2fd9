/**
 * The single-pair specs whose plans must never change when the model learns several pairs: every onboarding example
 * in `examples/` (rehearsal included) and the fixtures of test/support/specs.ts, each with the CSP context it is
 * validated under. `plans.single-pair.json` holds `planTopology(deriveTopology(spec))` of each, as the
 * single-pair code computed it (commit "Snapshot of every single-pair plan" before the pair model).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import { planTopology } from '../../../shared/domain/planner';
import type { Plan } from '../../../shared/domain/plan';
import { deriveTopology } from '../../../shared/domain/topology';
import { assertValid, validateCustomerSpec } from '../../../shared/domain/validation';
import { CSP_CONTEXT, validConnectThroughSpec, validConnectToSpec } from '../../support/specs';

const EXAMPLES = join(__dirname, '../../../examples');
const FIXTURE_CSP_TENANT_ID = '0f1e2d3c-4b5a-4969-8877-665544332211';

interface NamedSpec {
  readonly name: string;
  readonly spec: unknown;
  readonly cspSubscriptionIds: readonly string[];
  readonly cspTenantId: string;
}

function hasEncryption(spec: unknown): boolean {
  return typeof spec === 'object' && spec !== null && 'encryption' in spec;
}

function onboardingExamples(): NamedSpec[] {
  const files = [
    ...readdirSync(EXAMPLES).map((file) => join(EXAMPLES, file)),
    ...readdirSync(join(EXAMPLES, 'rehearsal')).map((file) => join(EXAMPLES, 'rehearsal', file)),
  ].filter((file) => file.endsWith('.json'));
  return files.flatMap((file) => {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { type?: unknown; data?: unknown };
    if (json.type !== 'com.csp.expressroute.onboarding.requested') return [];
    const name = file.slice(EXAMPLES.length + 1);
    // Examples that must be refused (malformed) have no plan; the rest validate under the CLI's default CSP.
    const valid = validateCustomerSpec(json.data, DEFAULT_CSP_CONTEXT).ok;
    return valid ? [{ name, spec: json.data, ...DEFAULT_CSP_CONTEXT }] : [];
  });
}

/**
 * The single-pair specs of the snapshot. Examples of what the model learned later (several pairs, encryption) are
 * not among them: they have no "before".
 */
export function singlePairSpecs(): NamedSpec[] {
  const fixtures = { ...CSP_CONTEXT, cspTenantId: FIXTURE_CSP_TENANT_ID };
  return [
    ...onboardingExamples().filter(
      (entry) => !entry.name.includes('pairs') && !entry.name.includes('separate') && !hasEncryption(entry.spec),
    ),
    { name: 'validConnectThroughSpec', spec: validConnectThroughSpec(), ...fixtures },
    {
      name: 'validConnectThroughSpec (Microsoft peering)',
      spec: validConnectThroughSpec({ microsoftPeering: true }),
      ...fixtures,
    },
    { name: 'validConnectToSpec', spec: validConnectToSpec(), ...fixtures },
    {
      name: 'validConnectToSpec (Microsoft peering)',
      spec: validConnectToSpec({ microsoftPeering: true }),
      ...fixtures,
    },
  ];
}

export function planOf(entry: NamedSpec): Plan {
  const spec = assertValid(validateCustomerSpec(entry.spec, { cspSubscriptionIds: entry.cspSubscriptionIds }));
  return planTopology(deriveTopology(spec, { cspTenantId: entry.cspTenantId }));
}

export const SNAPSHOT_FILE = join(__dirname, 'fixtures', 'plans.single-pair.json');
