/**
 * Whose CSP the local commands (`validate`, `plan`, `rehearse`) act for: the tenant and connectivity subscriptions
 * that decide which requests are connect-through, whose subscriptions a customer may not name, and where
 * connect-through circuits live. Taken, field by field, from the first of:
 *   1. the flags `--csp-tenant <id>` and `--csp-subscription <id>` (repeatable, or comma-separated);
 *   2. the environment, under the names the app reads (`ERCSP_CSP_TENANT_ID`, `ERCSP_CSP_SUBSCRIPTION_IDS`);
 *   3. `local.settings.json` in the working directory (its `Values`, as `func start` reads them).
 * Only when none of them gives anything is the built-in sample used (the fictitious CSP of `examples/`), and the
 * commands then say so. A context given in part (a tenant without subscriptions, or the reverse) is completed from the
 * next source, never from the sample.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { CommandContext } from './context';
import { DEFAULT_CSP_CONTEXT, type LocalCspContext } from './defaults';
import { EXIT } from './io';

export const CSP_TENANT_SETTING = 'ERCSP_CSP_TENANT_ID';
export const CSP_SUBSCRIPTIONS_SETTING = 'ERCSP_CSP_SUBSCRIPTION_IDS';
const LOCAL_SETTINGS_FILE = 'local.settings.json';

export type CspContextSource = 'flags' | 'environment' | typeof LOCAL_SETTINGS_FILE | 'sample';

export interface CspContextFlags {
  readonly cspTenant?: string;
  readonly cspSubscription?: readonly string[];
}

export interface ResolvedCspContext {
  readonly context: LocalCspContext;
  /** Where the tenant and the subscriptions came from. */
  readonly tenantFrom: CspContextSource;
  readonly subscriptionsFrom: CspContextSource;
}

export type CspContextResolution =
  | { readonly ok: true; readonly resolved: ResolvedCspContext }
  | { readonly ok: false; readonly problems: readonly string[] };

type Settings = Readonly<Record<string, string | undefined>>;

const guid = z.guid();

function splitIds(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}

/** `local.settings.json`'s `Values`, or a problem when the file exists but cannot be used. */
export function readLocalSettings(cwd: string): { values: Settings } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, LOCAL_SETTINGS_FILE), 'utf8');
  } catch {
    return { values: {} };
  }
  try {
    const parsed = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    const values = typeof parsed === 'object' && parsed !== null && 'Values' in parsed ? parsed.Values : undefined;
    if (values === undefined) return { values: {} };
    if (typeof values !== 'object' || values === null)
      return { problem: `${LOCAL_SETTINGS_FILE}: Values is not an object` };
    return {
      values: Object.fromEntries(
        Object.entries(values).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])),
      ),
    };
  } catch (error) {
    return { problem: `${LOCAL_SETTINGS_FILE}: not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

export function resolveCspContext(flags: CspContextFlags, env: Settings, cwd: string): CspContextResolution {
  const local = readLocalSettings(cwd);
  if ('problem' in local) return { ok: false, problems: [local.problem] };

  const tenantCandidates: [CspContextSource, string, string | undefined][] = [
    ['flags', '--csp-tenant', flags.cspTenant],
    ['environment', CSP_TENANT_SETTING, env[CSP_TENANT_SETTING]],
    [LOCAL_SETTINGS_FILE, `${LOCAL_SETTINGS_FILE} Values.${CSP_TENANT_SETTING}`, local.values[CSP_TENANT_SETTING]],
  ];
  const subscriptionCandidates: [CspContextSource, string, string | undefined][] = [
    ['flags', '--csp-subscription', flags.cspSubscription === undefined ? undefined : flags.cspSubscription.join(',')],
    ['environment', CSP_SUBSCRIPTIONS_SETTING, env[CSP_SUBSCRIPTIONS_SETTING]],
    [
      LOCAL_SETTINGS_FILE,
      `${LOCAL_SETTINGS_FILE} Values.${CSP_SUBSCRIPTIONS_SETTING}`,
      local.values[CSP_SUBSCRIPTIONS_SETTING],
    ],
  ];
  const tenant = tenantCandidates.find(([, , value]) => present(value));
  const subscriptions = subscriptionCandidates.find(([, , value]) => present(value));
  if (tenant === undefined && subscriptions === undefined) {
    return { ok: true, resolved: { context: DEFAULT_CSP_CONTEXT, tenantFrom: 'sample', subscriptionsFrom: 'sample' } };
  }

  const problems: string[] = [];
  let tenantId = '';
  if (tenant === undefined) {
    problems.push(
      `the CSP tenant is missing: give --csp-tenant <id>, ${CSP_TENANT_SETTING} or ${LOCAL_SETTINGS_FILE} ` +
        `(the subscriptions came from ${subscriptions?.[1] ?? ''})`,
    );
  } else {
    tenantId = (tenant[2] ?? '').trim();
    if (!guid.safeParse(tenantId).success) problems.push(`${tenant[1]}: ${JSON.stringify(tenantId)} is not a GUID`);
  }
  let subscriptionIds: string[] = [];
  if (subscriptions === undefined) {
    problems.push(
      `the CSP's subscriptions are missing: give --csp-subscription <id> (repeatable), ${CSP_SUBSCRIPTIONS_SETTING} ` +
        `or ${LOCAL_SETTINGS_FILE} (the tenant came from ${tenant?.[1] ?? ''})`,
    );
  } else {
    subscriptionIds = splitIds([subscriptions[2] ?? '']);
    for (const id of subscriptionIds) {
      if (!guid.safeParse(id).success) problems.push(`${subscriptions[1]}: ${JSON.stringify(id)} is not a GUID`);
    }
  }
  if (problems.length > 0 || tenant === undefined || subscriptions === undefined) return { ok: false, problems };
  return {
    ok: true,
    resolved: {
      context: { cspTenantId: tenantId, cspSubscriptionIds: subscriptionIds },
      tenantFrom: tenant[0],
      subscriptionsFrom: subscriptions[0],
    },
  };
}

/** The line a command prints (on stderr) about the context it used: always for the sample, which is no one's. */
export function describeCspContext(resolved: ResolvedCspContext): string {
  const { context } = resolved;
  const ids = `tenant ${context.cspTenantId}, subscriptions ${context.cspSubscriptionIds.join(', ')}`;
  if (resolved.tenantFrom === 'sample') {
    return (
      `CSP context: the built-in sample of examples/ (${ids}); give your own with --csp-tenant and ` +
      `--csp-subscription, ${CSP_TENANT_SETTING} and ${CSP_SUBSCRIPTIONS_SETTING}, or ${LOCAL_SETTINGS_FILE}`
    );
  }
  const from =
    resolved.tenantFrom === resolved.subscriptionsFrom
      ? resolved.tenantFrom
      : `${resolved.tenantFrom} (tenant) and ${resolved.subscriptionsFrom} (subscriptions)`;
  return `CSP context from ${from}: ${ids}`;
}

/** Commander options shared by the commands that take a CSP context. */
export interface CspContextOptions {
  readonly cspTenant?: string;
  readonly cspSubscription?: string[];
}

/** Commander's accumulator for `--csp-subscription`, repeatable. */
export function collectSubscription(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds `--csp-tenant` and `--csp-subscription` to a command. */
export function addCspContextOptions(command: Command): Command {
  return command
    .option('--csp-tenant <id>', `the CSP's Entra tenant (else ${CSP_TENANT_SETTING}, then ${LOCAL_SETTINGS_FILE})`)
    .option(
      '--csp-subscription <id>',
      `a CSP connectivity subscription; repeatable (else ${CSP_SUBSCRIPTIONS_SETTING}, then ${LOCAL_SETTINGS_FILE})`,
      collectSubscription,
    );
}

/**
 * The command's CSP context, or undefined after writing the problems and recording a usage error. Says on stderr
 * when the built-in sample is used (stdout stays the command's own output, JSON included).
 */
export function commandCspContext(context: CommandContext, options: CspContextOptions): ResolvedCspContext | undefined {
  const { io, colors } = context;
  const resolution = resolveCspContext(
    {
      ...(options.cspTenant === undefined ? {} : { cspTenant: options.cspTenant }),
      ...(options.cspSubscription === undefined ? {} : { cspSubscription: options.cspSubscription }),
    },
    io.env ?? {},
    io.cwd,
  );
  if (!resolution.ok) {
    for (const problem of resolution.problems) io.stderr.write(`error: ${problem}\n`);
    context.exit(EXIT.usage);
    return undefined;
  }
  if (resolution.resolved.tenantFrom === 'sample') {
    io.stderr.write(`${colors.dim(`note: ${describeCspContext(resolution.resolved)}`)}\n`);
  }
  return resolution.resolved;
}
