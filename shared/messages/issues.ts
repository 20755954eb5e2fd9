/** Helpers for `ValidationIssue` paths when one document is validated inside another (a spec inside a CloudEvent). */
import type { ValidationIssue } from '../errors';

/** Joins a prefix and a path: `data` + `customer.id` → `data.customer.id`; `data` + `` → `data`; `a` + `[0]` → `a[0]`. */
export function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  if (path === '') return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** The same issues, with paths relative to an enclosing document (`circuits.sku` → `data.circuits.sku`). */
export function prefixIssues(issues: readonly ValidationIssue[], prefix: string): ValidationIssue[] {
  return issues.map((issue) => ({ ...issue, path: joinPath(prefix, issue.path) }));
}
