/** How broken rules read in one line (problem details, parked messages): `path: message [rule]`, `;`-separated. */
import type { ValidationIssue } from '../errors';

export function describeIssue(issue: ValidationIssue): string {
  return `${issue.path === '' ? '(root)' : issue.path}: ${issue.message} [${issue.rule}]`;
}

export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map(describeIssue).join('; ');
}
