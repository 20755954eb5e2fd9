/** The customer diagram shows the route tables and NSGs the automation made and the subnets they were given to. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import { EXAMPLES_DIR } from '../../../local/cli/paths';
import { deriveTopology } from '../../../shared/domain/topology';
import { ONBOARDING_REQUESTED, parseRequestEvent } from '../../../shared/messages';
import { toView } from '../../../shared/services/customerTopology';
import { renderTopologyMermaid } from '../../../shared/services/mermaid';

function contosoViews() {
  const event: unknown = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'onboard-contoso-connect-through.json'), 'utf8'));
  const parsed = parseRequestEvent(event, DEFAULT_CSP_CONTEXT);
  if (!parsed.ok || parsed.event.type !== ONBOARDING_REQUESTED) throw new Error('the Contoso example is not valid');
  return deriveTopology(parsed.event.data, DEFAULT_CSP_CONTEXT).resources.map((intent) =>
    toView({ intent, state: { provisioningState: 'Succeeded', managed: true } }),
  );
}

describe('renderTopologyMermaid: route tables, NSGs and subnets', () => {
  const lines = renderTopologyMermaid({ resources: contosoViews() }).trimEnd().split('\n');

  it('draws each associated subnet under its VNet, with the route table and NSG it was given', () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        '  subnet_snet_app["snet-app<br/>subnet · Succeeded"]',
        '  routeTable_rt_contoso_workload["rt-contoso-workload<br/>route table · Succeeded"]',
        '  nsg_nsg_contoso_workload["nsg-contoso-workload<br/>NSG · Succeeded"]',
        '  vnet_vnet_contoso_prod_weu --> subnet_snet_app',
        '  vnet_vnet_contoso_prod_weu --> subnet_snet_data',
        '  routeTable_rt_contoso_workload -->|"route table"| subnet_snet_app',
        '  nsg_nsg_contoso_workload -->|"NSG"| subnet_snet_data',
      ]),
    );
  });

  it('draws a route table or NSG that no subnet uses yet on its own, and one that was not read as not found', () => {
    const views = contosoViews();
    const alone = renderTopologyMermaid({ resources: views.filter((view) => view.kind !== 'subnetAssociation') });
    expect(alone).toContain('routeTable_rt_contoso_workload["rt-contoso-workload<br/>route table · Succeeded"]');
    expect(alone).not.toContain('subnet_');
    const unread = renderTopologyMermaid({ resources: views.filter((view) => view.kind !== 'nsg') });
    expect(unread).toContain('nsg_nsg_contoso_workload["nsg-contoso-workload<br/>NSG · not found"]');
  });
});
