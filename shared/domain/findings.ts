/**
 * Compliance findings: what a sweep reports about a customer's (or the fleet's) resources, each with a stable code,
 * a severity, a class (what repairs it, if anything) and the resource. Pure: no I/O, no Azure SDKs.
 *
 * Classes are the unit of repair policy (`report` or `repair`, configuration): only the safe ones (a route, an NSG
 * rule, a subnet association, a tag) can ever be set to `repair`; everything else is destructive or needs a person,
 * and is reported (with a `drift.detected` event), never repaired automatically.
 */
import type { ArmId, ResourceKind } from './intents';

export const FINDING_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export const SAFE_FINDING_CLASSES = ['route', 'nsgRule', 'subnetAssociation', 'tag'] as const;
export const FINDING_CLASSES = [
  ...SAFE_FINDING_CLASSES,
  'circuit',
  'peering',
  'connection',
  'resource',
  'gatewaySubnet',
  'authorization',
  'billing',
  'unmanaged',
] as const;
export type FindingClass = (typeof FINDING_CLASSES)[number];
export type SafeFindingClass = (typeof SAFE_FINDING_CLASSES)[number];

export function isSafeClass(findingClass: FindingClass): findingClass is SafeFindingClass {
  return (SAFE_FINDING_CLASSES as readonly string[]).includes(findingClass);
}

interface CodeDefinition {
  readonly severity: FindingSeverity;
  readonly class: FindingClass;
  /** Drift that repairing would need a destructive or billed change: reported with `drift.detected`, never repaired. */
  readonly destructive: boolean;
  readonly title: string;
}

/** Every finding code. Codes are stable: dashboards, alerts and tickets key on them. */
export const FINDING_CODES = {
  CircuitMissing: { severity: 'critical', class: 'circuit', destructive: true, title: 'circuit missing' },
  CircuitNotProvisioned: {
    severity: 'high',
    class: 'circuit',
    destructive: false,
    title: 'circuit not Provisioned by its provider, or not Succeeded',
  },
  CircuitsShareLocation: {
    severity: 'critical',
    class: 'circuit',
    destructive: true,
    title: 'both circuits of a pair at one peering location',
  },
  CircuitBandwidthChanged: {
    severity: 'high',
    class: 'circuit',
    destructive: true,
    title: 'bandwidth not as ordered',
  },
  CircuitSkuChanged: { severity: 'high', class: 'circuit', destructive: true, title: 'SKU not as ordered' },
  PeeringMissing: { severity: 'critical', class: 'peering', destructive: true, title: 'peering missing' },
  PeeringDisabled: { severity: 'high', class: 'peering', destructive: true, title: 'peering disabled' },
  ConnectionMissing: { severity: 'critical', class: 'connection', destructive: true, title: 'connection missing' },
  ConnectionNotConnected: {
    severity: 'high',
    class: 'connection',
    destructive: false,
    title: 'connection not Connected',
  },
  // Encryption over ExpressRoute (docs/encryption.md)
  EncryptionTunnelMissing: {
    severity: 'critical',
    class: 'connection',
    destructive: false,
    title: 'IPsec tunnel over private peering missing: the encrypted prefixes are not encrypted',
  },
  EncryptionTunnelNotConnected: {
    severity: 'critical',
    class: 'connection',
    destructive: false,
    title: 'IPsec tunnel over private peering not Connected',
  },
  EncryptionApplianceRouteMissing: {
    severity: 'critical',
    class: 'route',
    destructive: false,
    title: 'route through the encrypting appliance missing: on-premises traffic bypasses it',
  },
  RouteAdded: { severity: 'medium', class: 'route', destructive: false, title: 'route added by hand' },
  RouteRemoved: { severity: 'high', class: 'route', destructive: false, title: 'route removed' },
  RouteChanged: { severity: 'high', class: 'route', destructive: false, title: 'route changed' },
  NsgRuleAdded: { severity: 'high', class: 'nsgRule', destructive: false, title: 'NSG rule added by hand' },
  NsgRuleRemoved: { severity: 'high', class: 'nsgRule', destructive: false, title: 'NSG rule removed' },
  NsgRuleChanged: { severity: 'high', class: 'nsgRule', destructive: false, title: 'NSG rule changed' },
  SubnetAssociationMissing: {
    severity: 'high',
    class: 'subnetAssociation',
    destructive: false,
    title: 'subnet lost its route table or NSG',
  },
  TagsChanged: { severity: 'low', class: 'tag', destructive: false, title: "the automation's tags changed" },
  ResourceMissing: { severity: 'high', class: 'resource', destructive: true, title: 'resource missing' },
  ResourceChanged: { severity: 'medium', class: 'resource', destructive: false, title: 'resource changed' },
  GatewaySubnetHasNsg: {
    severity: 'high',
    class: 'gatewaySubnet',
    destructive: false,
    title: 'an NSG on GatewaySubnet (unsupported by ExpressRoute gateways)',
  },
  GatewaySubnetDefaultRoute: {
    severity: 'high',
    class: 'gatewaySubnet',
    destructive: false,
    title: 'a 0.0.0.0/0 route on GatewaySubnet',
  },
  AuthorizationUnused: {
    severity: 'low',
    class: 'authorization',
    destructive: false,
    title: 'authorization unused for too long',
  },
  CircuitBilledNotProvisioned: {
    severity: 'high',
    class: 'billing',
    destructive: false,
    title: 'circuit billed while NotProvisioned for too long',
  },
  UnmanagedCircuit: {
    severity: 'info',
    class: 'unmanaged',
    destructive: false,
    title: 'ExpressRoute circuit the automation does not manage',
  },
} as const satisfies Readonly<Record<string, CodeDefinition>>;

export type FindingCode = keyof typeof FINDING_CODES;
export const FINDING_CODE_NAMES = Object.keys(FINDING_CODES) as FindingCode[];

export interface Finding {
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  readonly class: FindingClass;
  /** The customer it concerns; absent for fleet findings (an unmanaged circuit in a CSP subscription). */
  readonly customerId?: string;
  /** The resource (child resources by their own id: a route, a rule, a peering, a subnet). */
  readonly resourceId: ArmId;
  /** The intent kind whose ensure would repair it (the owning resource's), when the automation owns one. */
  readonly kind?: ResourceKind;
  /** The id of that owning intent (a route's table, a rule's NSG), for the repair. */
  readonly intentId?: ArmId;
  /** What was found, in one line (no secrets). */
  readonly message: string;
  /** Small facts for readers: expected and actual values, days, cost. */
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
}

/** The key that identifies one finding across sweeps (its first-seen time is kept under it). */
export function findingKey(finding: Pick<Finding, 'code' | 'resourceId'>): string {
  return `${finding.code}|${finding.resourceId.toLowerCase()}`;
}

export function defineFinding(code: FindingCode, fields: Omit<Finding, 'code' | 'severity' | 'class'>): Finding {
  const definition = FINDING_CODES[code];
  return { code, severity: definition.severity, class: definition.class, ...fields };
}

export function isDestructive(code: FindingCode): boolean {
  return FINDING_CODES[code].destructive;
}

// ---- repair policy ----

export type RepairAction = 'report' | 'repair';
export type RepairPolicy = Readonly<Record<FindingClass, RepairAction>>;

/** Safe defaults: every class is reported; safe classes are repaired only when configuration says so. */
export const DEFAULT_REPAIR_POLICY: RepairPolicy = Object.fromEntries(
  FINDING_CLASSES.map((findingClass) => [findingClass, 'report']),
) as Record<FindingClass, RepairAction>;

/**
 * Parses `route=repair,nsgRule=repair` (the `ERCSP_SWEEP_REPAIR` setting) over the defaults. Returns the issues
 * instead of throwing: a class that is not safe cannot be set to `repair`, and names must be known.
 */
export function parseRepairPolicy(text: string): { policy: RepairPolicy; issues: string[] } {
  const policy: Record<FindingClass, RepairAction> = { ...DEFAULT_REPAIR_POLICY };
  const issues: string[] = [];
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const [name = '', action = ''] = entry.split('=').map((part) => part.trim());
    if (!(FINDING_CLASSES as readonly string[]).includes(name)) {
      issues.push(`unknown finding class "${name}" (known: ${FINDING_CLASSES.join(', ')})`);
      continue;
    }
    const findingClass = name as FindingClass;
    if (action !== 'report' && action !== 'repair') {
      issues.push(`${name}: the action must be report or repair, got "${action}"`);
      continue;
    }
    if (action === 'repair' && !isSafeClass(findingClass)) {
      issues.push(`${name} cannot be repaired automatically (only ${SAFE_FINDING_CLASSES.join(', ')} can)`);
      continue;
    }
    policy[findingClass] = action;
  }
  return { policy, issues };
}
