/**
 * A rehearsal scenario file (YAML or JSON, by extension): app settings, then steps that submit request files, advance
 * the simulated clock, change Azure out of band, run compliance sweeps, raise events, and state what must follow.
 * Parsing only; `scenario.ts` runs it. Every problem names the step index and the field.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '../../shared/duration';
import { FINDING_CODE_NAMES, type FindingCode } from '../../shared/domain/findings';

const findingCode = z.string().refine((code) => (FINDING_CODE_NAMES as readonly string[]).includes(code), {
  message: `not a finding code (known: ${FINDING_CODE_NAMES.join(', ')})`,
}) as unknown as z.ZodType<FindingCode>;

const duration = z
  .string()
  .refine((text) => (parseDuration(text) ?? 0) > 0, { message: 'not a duration such as 90m, 2h or 3d' });

/**
 * A resource: its full ARM id, or one the automation made, found among the planner's intents for the customer (the
 * spec of a request file the scenario submits): `{ customer, kind, index? }`, optionally narrowed to a route or a
 * security rule of it by index, or to a subnet of a gateway's VNet by name.
 */
export const resourceRefSchema = z.union([
  z.string().startsWith('/subscriptions/', { message: 'an ARM id starts with /subscriptions/' }),
  z
    .object({
      customer: z.string().min(1),
      kind: z.string().min(1),
      index: z.number().int().min(0).optional(),
      route: z.number().int().min(0).optional(),
      rule: z.number().int().min(0).optional(),
      subnet: z.string().min(1).optional(),
    })
    .strict(),
]);
export type ResourceRef = z.infer<typeof resourceRefSchema>;

const securityRule = z
  .object({
    name: z.string().min(1),
    priority: z.number().int().min(100).max(4096),
    direction: z.enum(['Inbound', 'Outbound']),
    access: z.enum(['Allow', 'Deny']),
    protocol: z.string().min(1),
    sourceAddressPrefix: z.string().min(1),
    sourcePortRange: z.string().min(1),
    destinationAddressPrefix: z.string().min(1),
    destinationPortRange: z.string().min(1),
  })
  .strict();

const jsonValue: z.ZodType = z.unknown();

/** A circuit nobody ordered, stored as is (an unmanaged circuit in a subscription the CSP watches). */
const strayCircuit = z
  .object({
    id: z
      .string()
      .regex(
        /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/expressRouteCircuits\/[^/]+$/i,
        {
          message: 'an expressRouteCircuits ARM id',
        },
      ),
    location: z.string().min(1),
    bandwidthMbps: z.number().int().positive(),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .strict();

/** Each change to Azure made out of band (local/arm/outOfBand.ts), by its key. */
export const OUT_OF_BAND_CHANGES = {
  deleteRoute: resourceRefSchema,
  addRoute: z
    .object({
      routeTable: resourceRefSchema,
      name: z.string().min(1),
      addressPrefix: z.string().min(1),
      nextHopType: z.enum(['VirtualNetworkGateway', 'VnetLocal', 'Internet', 'VirtualAppliance', 'None']),
      nextHopIpAddress: z.string().min(1).optional(),
    })
    .strict(),
  addSecurityRule: z.object({ nsg: resourceRefSchema, rule: securityRule }).strict(),
  setCircuitBandwidth: z.object({ circuit: resourceRefSchema, bandwidthMbps: z.number().int().positive() }).strict(),
  removeSubnetAssociation: z
    .object({ subnet: resourceRefSchema, association: z.enum(['routeTable', 'networkSecurityGroup', 'both']) })
    .strict(),
  setSubnetNsg: z.object({ subnet: resourceRefSchema, nsg: resourceRefSchema }).strict(),
  setTags: z.object({ resource: resourceRefSchema, tags: z.record(z.string(), z.string()) }).strict(),
  setProperty: z.object({ resource: resourceRefSchema, property: z.string().min(1), value: jsonValue }).strict(),
  deleteResource: resourceRefSchema,
  addCircuit: strayCircuit,
} as const;
export const outOfBandSchema = oneKeyOf(OUT_OF_BAND_CHANGES, 'change');
export type OutOfBandStep = {
  [K in keyof typeof OUT_OF_BAND_CHANGES]: { [P in K]: z.output<(typeof OUT_OF_BAND_CHANGES)[K]> };
}[keyof typeof OUT_OF_BAND_CHANGES];

const submitExpectation = z.string().regex(/^(Completed|Duplicate|Rejected|Failed)(:[A-Za-z]+)?$/, {
  message: 'Completed, Duplicate, Rejected or Failed, optionally :Code (e.g. Rejected:ValidationFailed)',
});

const submitStep = z.object({ submit: z.string().min(1), expect: submitExpectation.optional() }).strict();
const sweepExpectation = z
  .object({ findings: z.array(findingCode).optional(), repaired: z.array(findingCode).optional() })
  .strict();

/** Each step by its key. */
export const STEPS = {
  submit: submitStep,
  advance: z.object({ advance: duration }).strict(),
  outOfBand: z.object({ outOfBand: outOfBandSchema }).strict(),
  sweep: z.object({ sweep: z.object({ expect: sweepExpectation.optional() }).strict().nullable() }).strict(),
  event: z
    .object({
      event: z
        .object({
          request: z.string().min(1),
          name: z.string().min(1),
          data: z.record(z.string(), z.unknown()).optional(),
          expect: z.enum(['Completed', 'Failed', 'Running', 'Terminated']).optional(),
        })
        .strict(),
    })
    .strict(),
} as const;

/**
 * One of several single-key objects, chosen by its key before it is checked (so that an error names the field of
 * the step the author wrote, not every alternative of a union).
 */
function oneKeyOf<T extends Record<string, z.ZodType>>(
  shapes: T,
  what: string,
): z.ZodType<{ [K in keyof T]: { [P in K]: z.output<T[K]> } }[keyof T]> {
  const names = Object.keys(shapes);
  return z.unknown().transform((value, context) => {
    const keys = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
    const known = keys.filter((key) => names.includes(key));
    if (known.length !== 1 || keys.length !== 1) {
      context.addIssue({
        code: 'custom',
        message: `a ${what} has exactly one key, one of ${names.join(', ')}${keys.length === 0 ? '' : ` (got ${keys.join(', ')})`}`,
      });
      return z.NEVER;
    }
    const [key = ''] = known;
    const inner = (value as Record<string, unknown>)[key];
    const result = (shapes[key] as z.ZodType).safeParse(inner);
    if (!result.success) {
      for (const issue of result.error.issues) {
        context.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] });
      }
      return z.NEVER;
    }
    return { [key]: result.data } as never;
  });
}

export const stepSchema = z.unknown().transform((value, context) => {
  const keys = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
  const stepKey = Object.keys(STEPS).find((name) => keys.includes(name));
  if (stepKey === undefined) {
    context.addIssue({
      code: 'custom',
      message: `a step is one of ${Object.keys(STEPS).join(', ')}${keys.length === 0 ? '' : ` (got ${keys.join(', ')})`}`,
    });
    return z.NEVER;
  }
  const result = (STEPS[stepKey as keyof typeof STEPS] as z.ZodType).safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues)
      context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return result.data as StepOf<typeof STEPS>;
});
type StepOf<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.output<T[K]> }[keyof T];
export type ScenarioStep = StepOf<typeof STEPS>;

export const scenarioSchema = z
  .object({
    description: z.string().optional(),
    /** App settings for the run (e.g. ERCSP_SWEEP_REPAIR), over the rehearsal's own. */
    settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
    /** How long the provider takes to provision a circuit (default 2h). */
    providerDelay: duration.optional(),
    steps: z.array(stepSchema).min(1),
  })
  .strict();
export type Scenario = z.infer<typeof scenarioSchema>;

export type ParsedScenario =
  { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly problems: readonly string[] };

/** Files `ercsp rehearse` takes as scenarios rather than request files. */
export function isScenarioFile(file: string): boolean {
  return ['.yaml', '.yml'].includes(extname(file).toLowerCase());
}

/** Parses a scenario's text (YAML for .yaml/.yml, JSON otherwise) and checks it against the schema. */
export function parseScenario(text: string, file: string): ParsedScenario {
  let raw: unknown;
  try {
    raw = isScenarioFile(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${file}: not valid ${isScenarioFile(file) ? 'YAML' : 'JSON'}: ${message(error)}`] };
  }
  const result = scenarioSchema.safeParse(raw);
  if (result.success) return { ok: true, scenario: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => `${file}: ${describeIssue(issue)}`) };
}

export function readScenarioFile(path: string, shownAs: string = path): ParsedScenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`${shownAs}: cannot read (${message(error)})`] };
  }
  return parseScenario(text, shownAs);
}

/** `steps[3].outOfBand.setCircuitBandwidth.bandwidthMbps: Invalid input: expected number, received string`. */
function describeIssue(issue: { readonly path: readonly PropertyKey[]; readonly message: string }): string {
  return `${pathOf(issue.path)}: ${issue.message}`;
}

function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

function message(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}
