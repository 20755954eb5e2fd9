/**
 * The ARM mapping must round-trip (`toIntent(fromIntent(x)) == x`): drift detection diffs desired intents against
 * what `toIntent` makes of Azure's bodies, so any asymmetry would show up as permanent drift.
 */
import { fromIntent, toIntent } from '../../../shared/adapters/arm/mapping/intentMapping';
import { routeTableBody } from '../../../shared/adapters/arm/mapping/routeTableMapping';
import type { ResourceIntent } from '../../../shared/domain/intents';
import { deriveTopology } from '../../../shared/domain/topology';
import { validConnectThroughSpec, validConnectToSpec } from '../../support/specs';

const CSP_TENANT_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';

/** The reference-only fields ARM cannot return (see intentMapping.ts). */
function withoutReferences(intent: ResourceIntent): ResourceIntent {
  if (intent.kind === 'peering') {
    const { md5Key: _md5Key, ...rest } = intent;
    return rest;
  }
  if (intent.kind === 'connection') {
    const { authorization: _authorization, ...rest } = intent;
    return rest;
  }
  return intent;
}

describe.each([
  ['connect-through', () => validConnectThroughSpec({ microsoftPeering: true })],
  ['connect-to', () => validConnectToSpec({ microsoftPeering: true })],
])('round trip of every %s intent', (_model, spec) => {
  const topology = deriveTopology(spec(), { cspTenantId: CSP_TENANT_ID });

  it('covers every kind the topology uses', () => {
    const kinds = new Set(topology.resources.map((intent) => intent.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(_model === 'connect-through' ? 9 : 8);
  });

  it.each(topology.resources.map((intent) => [intent.kind, intent.name, intent] as const))(
    '%s %s',
    (_kind, _name, intent) => {
      const body = fromIntent(intent);
      // ARM adds the id and the name; a body built from an intent has no secrets in it.
      expect(JSON.stringify(body)).not.toMatch(/authorizationKey|sharedKey/);
      expect(toIntent(intent.kind, body, { id: intent.id, scope: intent.scope })).toEqual(withoutReferences(intent));
    },
  );
});

describe('toIntent of a body ARM wrote more into', () => {
  it('ignores tags that are not the automation’s and read-only fields', () => {
    const topology = deriveTopology(validConnectThroughSpec(), { cspTenantId: CSP_TENANT_ID });
    const table = topology.resources.find((intent) => intent.kind === 'routeTable');
    if (table?.kind !== 'routeTable') throw new Error('no route table in the topology');
    const body = routeTableBody(table);
    const armBody = {
      ...body,
      id: table.id,
      name: table.name,
      tags: { ...body.tags, 'cost-center': '42' },
      provisioningState: 'Succeeded',
      subnets: [{ id: `${table.id}/whatever` }],
      etag: 'W/"x"',
    };
    expect(toIntent('routeTable', armBody, { id: table.id, scope: table.scope })).toEqual(table);
  });
});
