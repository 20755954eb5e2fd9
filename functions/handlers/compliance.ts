/**
 * The handler of the compliance API (compliance.http.ts), required at its first call (support/lazyHandler.ts): its
 * services and schemas are not part of a cold start. The route, bindings and behaviour are described in the
 * registration file.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { workflowClientFor } from '../../shared/adapters/durable/workflowClient';
import { appComposition } from '../../shared/composition';
import { FindingsQuerySchema, StartSweepRequestSchema, SweepIdSchema } from '../../shared/messages/compliance';
import { WorkflowErrors } from '../../shared/ports/workflows';
import { AppError } from '../../shared/errors';
import { Orchestrations } from '../../orchestrations/contracts';
import { SweepInstanceIds, complianceSweepInput } from '../../orchestrations/sweeps/contracts';
import { notFoundProblem, problemResponse, validationProblem } from '../http/problemDetails';
import { instanceOf } from '../http/problemOnError';
import { newSweepId } from '../http/complianceRoutes';

function issuesOf(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[] },
  prefix: string,
) {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    rule: `compliance.${issue.code}`,
    message: issue.message,
  }));
}

export async function startSweepHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const instance = instanceOf(request);
  const text = await request.text();
  let body: unknown = {};
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      return validationProblem([{ path: 'body', rule: 'body.json', message: 'must be a JSON object' }], { instance });
    }
  }
  const parsed = StartSweepRequestSchema.safeParse(body);
  if (!parsed.success) return validationProblem(issuesOf(parsed.error, ''), { instance });
  const { config, tables } = appComposition();
  const sweepId = parsed.data.sweepId ?? newSweepId(new Date());
  if (parsed.data.sweepId !== undefined && (await tables.compliance.getSweep(sweepId)) !== undefined) {
    return problemResponse({
      status: 409,
      title: 'The sweep id is taken',
      detail: `A sweep "${sweepId}" has already run; start another id, or read its report at /api/compliance/sweeps/${sweepId}.`,
      code: 'SweepAlreadyExists',
      errors: [{ path: 'sweepId', rule: 'compliance.sweep-id-unique', message: 'is already the id of a sweep' }],
      instance,
    });
  }
  const input = complianceSweepInput(sweepId, 'http', config);
  try {
    await workflowClientFor(context).start(Orchestrations.complianceSweep, SweepInstanceIds.sweep(sweepId), input);
  } catch (error) {
    if (error instanceof AppError && error.code === WorkflowErrors.instanceAlreadyExists) {
      return problemResponse({
        status: 409,
        title: 'The sweep is running',
        detail: `A sweep "${sweepId}" is already running; read its report.`,
        code: 'SweepAlreadyRunning',
        instance,
      });
    }
    throw error;
  }
  const statusUri = `/api/compliance/sweeps/${sweepId}`;
  return { status: 202, headers: { Location: statusUri }, jsonBody: { sweepId, statusUri } };
}

export async function sweepReportHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const instance = instanceOf(request);
  const sweepId = request.params.sweepId ?? '';
  const parsed = SweepIdSchema.safeParse(sweepId);
  if (!parsed.success) return validationProblem(issuesOf(parsed.error, 'sweepId'), { instance });
  const report = await appComposition().tables.compliance.getSweep(sweepId);
  if (report === undefined)
    return notFoundProblem(`No sweep "${sweepId}" has started.`, { code: 'SweepNotFound', instance });
  return { status: 200, jsonBody: report };
}

export async function findingsHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const instance = instanceOf(request);
  const parsed = FindingsQuerySchema.safeParse({ customerId: request.query.get('customerId') ?? undefined });
  if (!parsed.success) return validationProblem(issuesOf(parsed.error, ''), { instance });
  const { customerId } = parsed.data;
  const { tables } = appComposition();
  if ((await tables.customers.get(customerId)) === undefined) {
    return notFoundProblem(`No customer "${customerId}" is registered.`, { code: 'CustomerNotFound', instance });
  }
  return { status: 200, jsonBody: { customerId, findings: await tables.compliance.openFindings(customerId) } };
}
