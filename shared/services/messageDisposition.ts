/**
 * What to do with a request message whose handling failed. A message that can never succeed (unparsable, invalid,
 * refused by a rule) is settled at once with a reason and a description saying which field broke which rule;
 * anything that might succeed later is rethrown so that Service Bus redelivers it, bounded by the entity's
 * MaxDeliveryCount. The settlement itself (an SDK receiver, a binding's message actions) is an adapter's.
 */
import { AppError, ValidationError, describeIssues, ensureErrorType } from '../errors';
import type { DeadLetterInstruction, DeadLetterSettlement } from '../ports/messageSettlement';

export type { DeadLetterInstruction, DeadLetterSettlement };

/** Service Bus keeps at most 4096 characters of a dead-letter reason or description (the .NET SDK enforces it). */
export const DEAD_LETTER_TEXT_MAX_LENGTH = 4096;

/** Reasons this app writes; an `AppError` that must not be retried is dead-lettered under its own code. */
export const DeadLetterReasons = {
  /** The body is not JSON. */
  malformedJson: 'MalformedJson',
  /** The message is JSON but not an acceptable request; the description lists every broken rule by field. */
  validationFailed: 'ValidationFailed',
} as const;

export type FailureDisposition =
  | ({ readonly action: 'deadLetter' } & DeadLetterInstruction)
  /** Might succeed on a later delivery: let the error propagate (the host abandons the message). */
  | { readonly action: 'retry'; readonly error: Error };

/**
 * Dead-letter what retrying cannot fix: a `ValidationError`, a `SyntaxError` from `JSON.parse`, an `AppError` with
 * `retryable: false`. Everything else (retryable `AppError`s, and unknown errors, which may be transient) is retried;
 * the entity's MaxDeliveryCount keeps that finite.
 */
export function dispositionFor(failure: unknown): FailureDisposition {
  if (failure instanceof ValidationError) {
    const description = describeIssues(failure.issues);
    return deadLetter(DeadLetterReasons.validationFailed, description);
  }
  if (failure instanceof SyntaxError) return deadLetter(DeadLetterReasons.malformedJson, failure.message);
  if (failure instanceof AppError && !failure.retryable) return deadLetter(failure.code, failure.message);
  return { action: 'retry', error: ensureErrorType(failure) };
}

function deadLetter(reason: string, description: string): FailureDisposition {
  return {
    action: 'deadLetter',
    reason: truncate(reason),
    description: truncate(description === '' ? reason : description),
  };
}

function truncate(text: string): string {
  return text.length <= DEAD_LETTER_TEXT_MAX_LENGTH ? text : `${text.slice(0, DEAD_LETTER_TEXT_MAX_LENGTH - 1)}…`;
}

/**
 * Settles a failure: dead-letters through `settlement` when retrying cannot help, otherwise rethrows the error so
 * that the message is redelivered.
 */
export async function deadLetterOrRethrow(failure: unknown, settlement: DeadLetterSettlement): Promise<void> {
  const disposition = dispositionFor(failure);
  if (disposition.action === 'retry') throw disposition.error;
  await settlement.deadLetter({ reason: disposition.reason, description: disposition.description });
}
