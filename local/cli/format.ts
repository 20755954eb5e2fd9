/** Shared text formatting: issue lines and small helpers. */
import type { ValidationIssue } from '../../shared/errors';
import type { Colors, TextOutput } from './io';

/** `  data.circuits.bandwidthMbps: 750 Mbps is not … [bandwidth.ladder]` */
export function writeIssues(
  out: TextOutput,
  issues: readonly ValidationIssue[],
  colors: Colors,
  indent = '    ',
): void {
  for (const issue of issues) {
    out.write(
      `${indent}${colors.bold(issue.path === '' ? '(root)' : issue.path)}: ${issue.message} ${colors.dim(`[${issue.rule}]`)}\n`,
    );
  }
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
