/**
 * The compliance API's request and response contracts (zod), for the HTTP routes (functions/compliance.http.ts) and
 * for docs/openapi.yaml, which is generated from them:
 *   POST /api/compliance/sweeps                       StartSweepRequest → 202 SweepAccepted
 *   GET  /api/compliance/sweeps/{sweepId}             → 200 SweepReport
 *   GET  /api/compliance/findings?customerId=…        → 200 FindingsResponse
 */
import { z } from 'zod';
import { FINDING_CLASSES, FINDING_CODE_NAMES, FINDING_SEVERITIES } from '../domain/findings';
import { CustomerIdSchema } from '../domain/spec';

/** A sweep id: 1-64 characters of a-z, 0-9 and "-" (it names Durable instances and table keys). */
export const SweepIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1-64 characters of a-z, 0-9 and "-", starting with a letter or digit');

export const StartSweepRequestSchema = z
  .strictObject({
    sweepId: SweepIdSchema.optional().describe('Default: one is made from the time. Starting an id again is refused.'),
  })
  .describe('Starts a compliance sweep of every Active customer.');
export type StartSweepRequest = z.infer<typeof StartSweepRequestSchema>;

export const SweepAcceptedSchema = z.strictObject({
  sweepId: SweepIdSchema,
  statusUri: z.string().describe('GET it for the report.'),
});
export type SweepAccepted = z.infer<typeof SweepAcceptedSchema>;

const Counts = {
  customers: z.number().int(),
  customersWithFindings: z.number().int(),
  findings: z.number().int(),
  byCode: z.record(z.string(), z.number().int()),
  repaired: z.number().int(),
  repairsFailed: z.number().int(),
  driftEvents: z.number().int(),
  resourceGraphQueries: z.number().int(),
  armReads: z.number().int().describe('Per-resource ARM reads, made only for customers with findings.'),
};

export const SweepReportSchema = z.strictObject({
  sweepId: SweepIdSchema,
  trigger: z.enum(['timer', 'http', 'rehearsal']),
  status: z.enum(['Running', 'Completed', 'Failed']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  batches: z.number().int(),
  fleetFindings: z.number().int(),
  error: z.string().optional(),
  ...Counts,
});

export const FindingSchema = z.strictObject({
  code: z.enum(FINDING_CODE_NAMES as [string, ...string[]]),
  severity: z.enum(FINDING_SEVERITIES),
  class: z.enum(FINDING_CLASSES),
  customerId: z.string().optional(),
  resourceId: z.string(),
  kind: z.string().optional(),
  intentId: z.string().optional(),
  message: z.string(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  status: z.literal('open'),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  sweepId: z.string(),
  action: z.enum(['reported', 'repaired', 'repair-failed']),
});

export const FindingsQuerySchema = z.strictObject({ customerId: CustomerIdSchema });

export const FindingsResponseSchema = z.strictObject({
  customerId: CustomerIdSchema,
  findings: z.array(FindingSchema),
});
