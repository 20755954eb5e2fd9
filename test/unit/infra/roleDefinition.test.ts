/**
 * Least privilege: the custom ExpressRoute role in Bicep lists exactly the ARM actions the network adapter needs,
 * and armActions.ts covers exactly the SDK calls the adapter makes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ARM_ACTIONS_BY_SDK_CALL, requiredArmActions } from '../../../shared/adapters/arm/armActions';
import { BICEP_TIMEOUT_MS, REPO_ROOT, compileBicep, resourcesOfType } from './bicepSupport';

const ADAPTER_DIR = path.join(REPO_ROOT, 'shared/adapters/arm');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `client.<operationGroup>.<method>(` calls on NetworkManagementClient in the adapter's source. */
function sdkCallsInAdapter(): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  for (const file of sourceFiles(ADAPTER_DIR)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bclient\s*\.\s*(\w+)\s*\.\s*(\w+)\s*\(/g)) {
      const [, group, method] = match;
      if (group === undefined || method === undefined || group === 'pipeline') continue;
      const key = `${group}.${method}`;
      calls.set(key, [...(calls.get(key) ?? []), path.relative(REPO_ROOT, file)]);
    }
  }
  return calls;
}

function roleActions(template: unknown): string[][] {
  return resourcesOfType(template, 'Microsoft.Authorization/roleDefinitions').map((role) => {
    const permissions = role.properties?.permissions as { actions?: string[] }[] | undefined;
    return permissions?.flatMap((p) => p.actions ?? []) ?? [];
  });
}

const sortedLower = (actions: readonly string[]) => actions.map((a) => a.toLowerCase()).sort();

describe('ARM actions of the network adapter', () => {
  const calls = sdkCallsInAdapter();

  it('finds the SDK calls it is meant to cover (the scan itself works)', () => {
    expect(calls.has('expressRouteCircuits.get')).toBe(true);
    expect(calls.has('subnets.beginCreateOrUpdate')).toBe(true);
    expect(calls.size).toBeGreaterThan(20);
  });

  it('armActions.ts has an entry for every SDK call the adapter makes', () => {
    const missing = [...calls.keys()].filter((call) => !(call in ARM_ACTIONS_BY_SDK_CALL));
    expect(missing.map((call) => `${call} (called in ${(calls.get(call) ?? []).join(', ')})`)).toEqual([]);
  });

  it('armActions.ts lists no call the adapter no longer makes', () => {
    expect(Object.keys(ARM_ACTIONS_BY_SDK_CALL).filter((call) => !calls.has(call))).toEqual([]);
  });

  it('names only concrete Microsoft.Network actions: no wildcards, no data actions', () => {
    for (const action of requiredArmActions()) {
      expect(action).toMatch(/^Microsoft\.Network\/[A-Za-z]+(\/[A-Za-z]+)*\/(read|write|delete|action)$/);
    }
  });
});

describe('the custom ExpressRoute role in Bicep', () => {
  it(
    'grants exactly the adapter actions on the CSP connectivity subscriptions (infra/main.bicep)',
    () => {
      const roles = roleActions(compileBicep('infra/main.bicep'));
      expect(roles).toHaveLength(1);
      expect(sortedLower(roles[0] ?? [])).toEqual(sortedLower(requiredArmActions()));
    },
    BICEP_TIMEOUT_MS,
  );

  it(
    'grants exactly the same actions in the customer kit (infra/customer/appConsentRole.bicep)',
    () => {
      const roles = roleActions(compileBicep('infra/customer/appConsentRole.bicep'));
      expect(roles).toHaveLength(1);
      expect(sortedLower(roles[0] ?? [])).toEqual(sortedLower(requiredArmActions()));
    },
    BICEP_TIMEOUT_MS,
  );
});
