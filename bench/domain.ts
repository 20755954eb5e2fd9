/**
 * How fast the domain validates, plans and diffs, and how much memory it needs, for customers of growing size.
 * `npm run bench -- domain`.
 */
import { performance } from 'node:perf_hooks';
import { asObservable, diffTopology } from '../shared/domain/diff';
import { planTopology } from '../shared/domain/planner';
import type { CustomerSpec } from '../shared/domain/spec';
import { deriveTopology } from '../shared/domain/topology';
import { validateCustomerSpec } from '../shared/domain/validation';
import { CSP_CONTEXT, validConnectThroughSpec } from '../test/support/specs';

const CSP_TENANT = { cspTenantId: '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b' };

/** A connect-through customer with `vnets` linked VNets (each with its own /16), in the customer's subscriptions. */
function customerWith(vnets: number): CustomerSpec {
  const spec = validConnectThroughSpec();
  const [template] = spec.vnetLinks;
  if (template === undefined) throw new Error('the fixture has no VNet link');
  spec.vnetLinks = Array.from({ length: vnets }, (_, i) => ({
    ...template,
    vnetId: template.vnetId.replace(/virtualNetworks\/.*/, `virtualNetworks/vnet-bench-${i}`),
    addressSpace: [`10.${100 + i}.0.0/16`],
    gateway: { sku: 'ErGw3AZ' as const },
  }));
  spec.routeTables = [];
  spec.networkSecurityGroups = [];
  spec.circuits.sku = { tier: 'Premium', family: 'MeteredData' };
  return spec;
}

function measure(label: string, iterations: number, work: () => void): void {
  for (let i = 0; i < Math.min(50, iterations); i++) work(); // warm up
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  for (let i = 0; i < iterations; i++) work();
  const elapsed = performance.now() - started;
  const heapDelta = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const perOp = (elapsed / iterations) * 1000;
  console.log(
    `${label.padEnd(44)} ${String(iterations).padStart(6)} ops  ${perOp.toFixed(1).padStart(9)} µs/op  ` +
      `${Math.round((iterations / elapsed) * 1000)
        .toLocaleString('en')
        .padStart(9)} ops/s  heap ${heapDelta >= 0 ? '+' : ''}${heapDelta.toFixed(1)} MiB`,
  );
}

export function run(): Promise<void> {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const vnets of [1, 10, 40]) {
    const spec = customerWith(vnets);
    const checked = validateCustomerSpec(spec, CSP_CONTEXT);
    if (!checked.ok) throw new Error(`benchmark spec is invalid: ${checked.issues.map((i) => i.path).join(', ')}`);
    const topology = deriveTopology(checked.value, CSP_TENANT);
    const observable = topology.resources.map(asObservable);
    const iterations = vnets >= 40 ? 200 : 2000;
    console.log(
      `\ncustomer with ${vnets} VNet link(s): ${topology.resources.length} resources, ${planTopology(topology).steps.length} plan steps`,
    );
    measure('validate (schema + every ExpressRoute rule)', iterations, () => validateCustomerSpec(spec, CSP_CONTEXT));
    measure('derive topology + plan', iterations, () => planTopology(deriveTopology(checked.value, CSP_TENANT)));
    measure('diff against an unchanged Azure state', iterations, () => diffTopology(observable, observable));
  }

  const malformed = { ...validConnectThroughSpec(), circuits: { bandwidthMbps: 'fast' } };
  console.log('');
  measure('reject a malformed spec', 20_000, () => validateCustomerSpec(malformed, CSP_CONTEXT));
  return Promise.resolve();
}
