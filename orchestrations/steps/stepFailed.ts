import { ErrorCodes, StepFailed, type ErrorDetails } from '../../shared/errors';

export { StepFailed };

/** What an orchestrator records when anything escapes a step. */
export function failureDetails(error: unknown, fallbackStep: string): { stepKey: string; details: ErrorDetails } {
  if (error instanceof StepFailed) return { stepKey: error.stepKey, details: error.details };
  const message = error instanceof Error ? error.message : String(error);
  return { stepKey: fallbackStep, details: { code: ErrorCodes.unexpected, message, retryable: false } };
}
