/**
 * The CSP context for local runs (`ercsp validate`, `ercsp plan`, the rehearsal): a fictitious CSP whose tenant and
 * connectivity subscriptions the files in `examples/` use. A deployment reads the real values from configuration;
 * nothing here is ever deployed.
 */
import type { CspContext } from '../../shared/domain/spec';

export interface LocalCspContext extends CspContext {
  /** The CSP's own Entra tenant: connect-through circuits live there. */
  readonly cspTenantId: string;
}

export const DEFAULT_CSP_CONTEXT: LocalCspContext = {
  cspTenantId: 'b16b7637-60ff-4edb-874c-8510c1fcb252',
  cspSubscriptionIds: ['4f04bb67-b9c2-44f9-b5da-410c93dc0fc0', '913f019a-169c-4999-808d-63bd84765806'],
};
