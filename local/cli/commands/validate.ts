/**
 * `ercsp validate <file...>`: checks request files exactly as the app checks a message on arrival, for the CSP
 * context of the flags, the environment or local.settings.json (cspContext.ts; the built-in sample when none).
 * One verdict per file (✓ valid, ✗ invalid, ! unreadable) and every problem as `path: message [rule]`. An onboarding's
 * provider, peering locations and bandwidth are also checked against the catalogue shipped with the project: a
 * finding there is a warning (Azure's list changes; the workflow checks the live list before its first write).
 * Exit 0 when every file is valid, 1 when any is invalid, 2 when any cannot be read or is not JSON.
 */
import type { Command } from 'commander';
import type { ValidationIssue } from '../../../shared/errors';
import type { CspContext } from '../../../shared/domain/spec';
import { SHIPPED_PROVIDER_CATALOGUE, shippedCatalogueName } from '../../../shared/domain/providerCatalogue';
import { providerOfferIssues } from '../../../shared/domain/providerOffers';
import { ONBOARDING_REQUESTED, parseRequestEvent, prefixIssues, requestCustomerId } from '../../../shared/messages';
import type { CommandContext } from '../context';
import { addCspContextOptions, commandCspContext, type CspContextOptions } from '../cspContext';
import { readJsonFile } from '../files';
import { writeIssues, plural } from '../format';
import { EXIT, type Colors, type ExitCode, type TextOutput } from '../io';

export type FileVerdict =
  | {
      readonly file: string;
      readonly status: 'valid';
      readonly type: string;
      readonly id: string;
      readonly customerId: string;
      /** Findings against the shipped provider catalogue: reported, never a refusal. */
      readonly warnings: readonly ValidationIssue[];
    }
  | { readonly file: string; readonly status: 'invalid'; readonly issues: readonly ValidationIssue[] }
  | { readonly file: string; readonly status: 'unreadable'; readonly problem: string };

export function validateFile(file: string, cwd: string, cspContext: CspContext): FileVerdict {
  const read = readJsonFile(file, cwd);
  if (!read.ok) return { file, status: 'unreadable', problem: read.problem };
  const parsed = parseRequestEvent(read.value, cspContext);
  if (!parsed.ok) return { file, status: 'invalid', issues: parsed.issues };
  const { event } = parsed;
  return {
    file,
    status: 'valid',
    type: event.type,
    id: event.id,
    customerId: requestCustomerId(event),
    warnings: event.type === ONBOARDING_REQUESTED ? offlineProviderWarnings(event.data) : [],
  };
}

/** The spec's provider, peering locations and bandwidth against the shipped catalogue, at request paths (`data.…`). */
export function offlineProviderWarnings(spec: Parameters<typeof providerOfferIssues>[0]): ValidationIssue[] {
  return prefixIssues(providerOfferIssues(spec, SHIPPED_PROVIDER_CATALOGUE.providers, shippedCatalogueName()), 'data');
}

export function exitCodeOf(verdicts: readonly FileVerdict[]): ExitCode {
  if (verdicts.some((verdict) => verdict.status === 'unreadable')) return EXIT.usage;
  if (verdicts.some((verdict) => verdict.status === 'invalid')) return EXIT.invalid;
  return EXIT.ok;
}

export function writeVerdicts(out: TextOutput, verdicts: readonly FileVerdict[], colors: Colors): void {
  for (const verdict of verdicts) {
    switch (verdict.status) {
      case 'valid':
        out.write(
          `${colors.green('✓')} ${verdict.file}  ${colors.dim(`${verdict.type} · ${verdict.customerId} · id ${verdict.id}`)}\n`,
        );
        writeWarnings(out, verdict.warnings, colors);
        break;
      case 'invalid':
        out.write(`${colors.red('✗')} ${verdict.file}  ${colors.red(plural(verdict.issues.length, 'problem'))}\n`);
        writeIssues(out, verdict.issues, colors);
        break;
      case 'unreadable':
        out.write(`${colors.yellow('!')} ${verdict.file}  ${colors.yellow(verdict.problem)}\n`);
        break;
    }
  }
  const count = (status: FileVerdict['status']) => verdicts.filter((verdict) => verdict.status === status).length;
  const parts = [`${count('valid')} valid`, `${count('invalid')} invalid`];
  if (count('unreadable') > 0) parts.push(`${count('unreadable')} unreadable`);
  out.write(`${plural(verdicts.length, 'file')}: ${parts.join(', ')}\n`);
}

/** `  warning data.circuits.provider: … [provider.known]` */
export function writeWarnings(out: TextOutput, warnings: readonly ValidationIssue[], colors: Colors): void {
  for (const warning of warnings) {
    out.write(
      `    ${colors.yellow('warning')} ${colors.bold(warning.path)}: ${warning.message} ${colors.dim(`[${warning.rule}]`)}\n`,
    );
  }
}

export function registerValidateCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('validate')
    .description('check request files (CloudEvents) as the app does on arrival')
    .argument('<file...>', 'request files, one CloudEvent JSON each')
    .option('--json', 'print the verdicts as JSON');
  addCspContextOptions(command).action((files: string[], options: { json?: boolean } & CspContextOptions) => {
    const csp = commandCspContext(context, options);
    if (csp === undefined) return;
    const verdicts = files.map((file) => validateFile(file, context.io.cwd, csp.context));
    if (options.json === true) context.io.stdout.write(`${JSON.stringify(verdicts, null, 2)}\n`);
    else writeVerdicts(context.io.stdout, verdicts, context.colors);
    context.exit(exitCodeOf(verdicts));
  });
}
