import type { ErrorDetails } from '../../shared/errors';

/** A step ended for good: Azure refused it, or its retries ran out. The request stops here, safely. */
export class StepFailed extends Error {
  constructor(
    readonly stepKey: string,
    readonly details: ErrorDetails,
  ) {
    super(`${stepKey}: ${details.code}: ${details.message}`);
    this.name = 'StepFailed';
  }
}

/** What an orchestrator records when anything escapes a step. */
export function failureDetails(error: unknown, fallbackStep: string): { stepKey: string; details: ErrorDetails } {
  if (error instanceof StepFailed) return { stepKey: error.stepKey, details: error.details };
  const message = error instanceof Error ? error.message : String(error);
  return { stepKey: fallbackStep, details: { code: 'Unexpected', message, retryable: false } };
}
