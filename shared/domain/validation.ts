/**
 * Validation of a customer spec: first its shape (the zod schema in spec.ts, which also checks every name against
 * Azure's naming rules), then every ExpressRoute rule that relates several fields. All broken rules are reported
 * together, each naming the field path and a stable rule id. The rules live by concern:
 * - validateCircuits.ts: the circuit pair and its peerings;
 * - validateVnetLinks.ts: VNet links and their gateways;
 * - validateRouting.ts: route tables and NSGs;
 * - validateEncryption.ts: encryption over ExpressRoute (IPsec over private peering, or firewall appliances);
 * - collisions.ts: what would collide in the topology or the plan (shared with topology.ts);
 * - issueWording.ts: paths, quoting of input, secrets, and the schema's messages.
 * Pure: no I/O, no Azure SDKs.
 */
import { ValidationError, type ValidationIssue } from '../errors';
import { collisionIssues } from './collisions';
import { validateWithSchema, type Validated } from './issueWording';
import { CustomerSpecSchema, type CspContext, type CustomerSpec } from './spec';
import { checkCircuits } from './validateCircuits';
import { checkEncryption } from './validateEncryption';
import type { Report } from './validateCommon';
import { checkRouting } from './validateRouting';
import { checkVnetLinks, type ExistingUsage } from './validateVnetLinks';

export { formatPath, validateWithSchema, validationIssuesFromZod, type Validated } from './issueWording';
export type { ExistingUsage } from './validateVnetLinks';

/** Validates an untrusted customer spec: its shape, then every ExpressRoute rule. Never throws. */
export function validateCustomerSpec(
  input: unknown,
  context: CspContext,
  usage: ExistingUsage = {},
): Validated<CustomerSpec> {
  const shape = validateWithSchema(CustomerSpecSchema, input);
  if (!shape.ok) return shape;
  const issues = expressRouteIssues(shape.value, context, usage);
  return issues.length === 0 ? shape : { ok: false, issues };
}

/** Returns the value, or throws a ValidationError listing every issue. */
export function assertValid<T>(result: Validated<T>): T {
  if (!result.ok) throw new ValidationError(result.issues);
  return result.value;
}

/** Every ExpressRoute rule over a spec whose shape is already valid. Empty when the spec is acceptable. */
export function expressRouteIssues(
  spec: CustomerSpec,
  context: CspContext,
  usage: ExistingUsage = {},
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const report: Report = (path, rule, message) => {
    issues.push({ path, rule, message });
  };
  checkCircuits(spec, context, report);
  checkVnetLinks(spec, usage, report);
  checkRouting(spec, report);
  checkEncryption(spec, report);
  issues.push(...collisionIssues(spec));
  return issues;
}
