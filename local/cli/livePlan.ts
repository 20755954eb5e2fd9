/**
 * `ercsp plan --live`: what a request would change in Azure now, exactly as `POST /api/plan` answers it
 * (shared/services/whatIf.ts over the app's own composition: GETs only), and the request's provider, peering
 * locations and bandwidth against the live `expressRouteServiceProviders`. The app's settings come from the
 * environment and local.settings.json (`Values`), the environment winning, with the command's CSP context on top.
 */
import { ConfigurationError, loadConfig } from '../../shared/config';
import { createComposition } from '../../shared/composition';
import { providerOfferIssues } from '../../shared/domain/providerOffers';
import type { ValidationIssue } from '../../shared/errors';
import { ONBOARDING_REQUESTED, parseRequestEvent, prefixIssues } from '../../shared/messages';
import { customerResourcePorts } from '../../shared/services/customerTopology';
import { whatIf, type WhatIfResult } from '../../shared/services/whatIf';
import { CSP_SUBSCRIPTIONS_SETTING, CSP_TENANT_SETTING, readLocalSettings } from './cspContext';
import type { LocalCspContext } from './defaults';
import { readJsonFile } from './files';
import { plural, writeIssues } from './format';
import type { CliIo, Colors, TextOutput } from './io';

export type LivePlan =
  | {
      readonly ok: true;
      readonly whatIf: WhatIfResult;
      /** What the live provider list refuses: the workflow would refuse the request before its first write. */
      readonly providerIssues: readonly ValidationIssue[];
    }
  | { readonly ok: false; readonly problems: readonly string[]; readonly issues: readonly ValidationIssue[] };

const LIVE_SOURCE = "Azure's expressRouteServiceProviders";

function failure(problems: readonly string[], issues: readonly ValidationIssue[] = []): LivePlan {
  return { ok: false, problems, issues };
}

export async function planLive(file: string, io: CliIo, csp: LocalCspContext): Promise<LivePlan> {
  const read = readJsonFile(file, io.cwd);
  if (!read.ok) return failure([`${file}: ${read.problem}`]);
  const parsed = parseRequestEvent(read.value, csp);
  if (!parsed.ok) return failure([`${file} is not a valid request`], parsed.issues);
  const local = readLocalSettings(io.cwd);
  if ('problem' in local) return failure([local.problem]);

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({
      ...local.values,
      ...io.env,
      [CSP_TENANT_SETTING]: csp.cspTenantId,
      [CSP_SUBSCRIPTIONS_SETTING]: csp.cspSubscriptionIds.join(','),
    });
  } catch (error) {
    if (error instanceof ConfigurationError) {
      return failure([`--live needs the app's settings (environment or local.settings.json): ${error.message}`]);
    }
    throw error;
  }
  const composition = createComposition(config);
  try {
    const { activities } = composition;
    const outcome = await whatIf(parsed.event, {
      ...customerResourcePorts({ ...activities, csp: config.csp }),
      customers: activities.customers,
    });
    if (!outcome.ok) {
      const { code, detail, issues } = outcome.rejection;
      return failure([`${code}: ${detail}`], issues);
    }
    let providerIssues: ValidationIssue[] = [];
    const catalogueSubscription = config.csp.subscriptionIds[0];
    if (parsed.event.type === ONBOARDING_REQUESTED && catalogueSubscription !== undefined) {
      // The list is the same in every subscription of a cloud: read it where the CSP's own tenant vouches for it.
      const offers = await activities.providerOffers.list({
        tenantId: config.csp.tenantId,
        subscriptionId: catalogueSubscription,
      });
      providerIssues = prefixIssues(providerOfferIssues(parsed.event.data, offers, LIVE_SOURCE), 'data');
    }
    return { ok: true, whatIf: outcome.result, providerIssues };
  } catch (error) {
    return failure([
      `reading ${config.arm.endpoint} failed: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  } finally {
    await composition.close();
  }
}

const SIGN = { create: '+', update: '~', delete: '-', unchanged: '=' } as const;

function shown(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

export function writeLiveResult(out: TextOutput, err: TextOutput, live: LivePlan, colors: Colors): void {
  if (!live.ok) {
    for (const problem of live.problems) err.write(`${colors.red('error')}: --live: ${problem}\n`);
    writeIssues(err, live.issues, colors);
    return;
  }
  const { whatIf: result } = live;
  out.write(`\n${colors.bold('Against Azure now (--live, read only)')}\n`);
  for (const change of result.changes) {
    if (change.action === 'unchanged') continue;
    const colour = change.action === 'create' ? colors.green : change.action === 'delete' ? colors.red : colors.yellow;
    out.write(`  ${colour(`${SIGN[change.action]} ${change.action.padEnd(6)}`)}  ${change.kind}  ${change.id}\n`);
    for (const field of change.fields) {
      out.write(`      ${colors.dim(`${field.path}: ${shown(field.actual)} → ${shown(field.desired)}`)}\n`);
    }
  }
  const { summary } = result;
  out.write(
    `${summary.create} to create, ${summary.update} to update, ${summary.delete} to delete, ${summary.unchanged} unchanged\n`,
  );
  for (const note of result.notes) out.write(`${colors.dim(`note: ${note}`)}\n`);
  if (live.providerIssues.length > 0) {
    out.write(
      `${colors.red(plural(live.providerIssues.length, 'problem'))} with ${LIVE_SOURCE} (the workflow would refuse the request):\n`,
    );
    writeIssues(out, live.providerIssues, colors);
  }
}
