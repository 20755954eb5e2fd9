/**
 * One error hierarchy with stable string codes. Every error says whether retrying could help; activities throw only
 * retryable errors or bugs, and return expected business outcomes as typed results.
 */

/**
 * Every code the application itself gives an error. Azure's own codes (ARM's `error.code`, e.g.
 * `AnotherOperationInProgress`) pass through `ArmOperationError` unchanged and are not listed here; the ARM adapter's
 * own refusals are in shared/adapters/arm/armErrorCodes.ts.
 */
export const ErrorCodes = {
  // requests
  validationFailed: 'ValidationFailed',
  scopeViolation: 'ScopeViolation',
  unknownCustomer: 'UnknownCustomer',
  unsupportedRequestType: 'UnsupportedRequestType',
  requestIdConflict: 'RequestIdConflict',
  requestNotFound: 'RequestNotFound',
  // registry
  customerTenantMismatch: 'CustomerTenantMismatch',
  subscriptionOwnedByAnotherCustomer: 'SubscriptionOwnedByAnotherCustomer',
  customerNotFound: 'CustomerNotFound',
  // workflows
  instanceAlreadyExists: 'InstanceAlreadyExists',
  instanceNotFound: 'InstanceNotFound',
  workflowEngineUnavailable: 'WorkflowEngineUnavailable',
  // steps
  retriesExhausted: 'RetriesExhausted',
  providerDeadlineExceeded: 'ProviderDeadlineExceeded',
  serviceKeyUnavailable: 'ServiceKeyUnavailable',
  /** A step still under way (or not yet started) when its request ended at another step. */
  requestEnded: 'RequestEnded',
  provisioningFailed: 'ProvisioningFailed',
  provisioningTimedOut: 'ProvisioningTimedOut',
  /** An ensure found its resource mid-operation and it did not settle while the activity waited: wait, then again. */
  resourceNotSettled: 'ResourceNotSettled',
  resourceDisappeared: 'ResourceDisappeared',
  /** ARM accepted a DELETE, and then the resource settled without going (e.g. Failed). */
  deleteFailed: 'DeleteFailed',
  /** What a step needed another branch to build first (a connection's gateway) failed or never appeared. */
  prerequisiteFailed: 'PrerequisiteFailed',
  verificationFailed: 'VerificationFailed',
  circuitNotFound: 'CircuitNotFound',
  circuitQuotaExceeded: 'CircuitQuotaExceeded',
  wrongActivity: 'WrongActivity',
  // plans and ids
  invalidArmId: 'InvalidArmId',
  duplicatePlanStep: 'DuplicatePlanStep',
  unknownPlanDependency: 'UnknownPlanDependency',
  planCycle: 'PlanCycle',
  // ownership
  notManagedByAutomation: 'NotManagedByAutomation',
  subscriptionStillInUse: 'SubscriptionStillInUse',
  // storage, secrets, configuration
  tableConcurrencyConflict: 'TableConcurrencyConflict',
  secretResolverNotConfigured: 'SecretResolverNotConfigured',
  invalidTableKey: 'InvalidTableKey',
  invalidCheckpoint: 'InvalidCheckpoint',
  checkpointTooLarge: 'CheckpointTooLarge',
  corruptTableRow: 'CorruptTableRow',
  invalidArgument: 'InvalidArgument',
  invalidConfiguration: 'InvalidConfiguration',
  secretNotFound: 'SecretNotFound',
  secretEmpty: 'SecretEmpty',
  unexpected: 'Unexpected',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface ErrorDetails {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
}

/**
 * The application's errors. `code` is one of ErrorCodes; errors that carry another vocabulary say so by their type
 * (ArmOperationError: Azure's own codes and the ARM adapter's).
 */
export class AppError<Code extends string = ErrorCode> extends Error implements ErrorDetails {
  /** One of ErrorCodes (or, for the subclasses that say so, another vocabulary); the type parameter checks `new`. */
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: NoInfer<Code>, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
  toJSON(): ErrorDetails {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** One broken rule: where (a field path like `circuits.privatePeering.legs[0].vlanId`), which rule, and why. */
export interface ValidationIssue {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

/** The one way a broken rule reads in a line (problem details, parked messages, checkpoints): `path: message [rule]`. */
export function describeIssue(issue: ValidationIssue): string {
  return `${issue.path === '' ? '(root)' : issue.path}: ${issue.message} [${issue.rule}]`;
}

/** Several broken rules in one line, `;`-separated. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map(describeIssue).join('; ');
}

export class ValidationError extends AppError {
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[]) {
    super(ErrorCodes.validationFailed, describeIssues(issues));
    this.issues = issues;
  }
}

/** Azure (or the simulator) refused or failed an operation. `code` is ARM's error code when it gave one. */
export class ArmOperationError extends AppError<string> {
  readonly statusCode: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly target: string | undefined;
  constructor(
    code: string,
    message: string,
    options: { retryable: boolean; statusCode?: number; retryAfterMs?: number; target?: string; cause?: unknown },
  ) {
    super(code, message, options);
    this.statusCode = options.statusCode;
    this.retryAfterMs = options.retryAfterMs;
    this.target = options.target;
  }
}

/** A request reached for something outside its customer's allow-list, or a credential for the wrong tenant. */
export class ScopeViolationError extends AppError {
  constructor(message: string) {
    super(ErrorCodes.scopeViolation, message);
  }
}

/** The automation was asked to change or delete something it did not create. */
export class NotManagedError extends AppError {
  constructor(resourceId: string) {
    super(
      'NotManagedByAutomation',
      `${resourceId} does not carry the automation's managed-by tag; it is left untouched`,
    );
  }
}

/** A step ended for good: Azure refused it, or its retries ran out. The request stops there, safely. */
export class StepFailed extends AppError<string> {
  readonly stepKey: string;
  readonly details: ErrorDetails;
  constructor(stepKey: string, details: ErrorDetails) {
    super(details.code, `${stepKey}: ${details.code}: ${details.message}`, { retryable: false });
    this.stepKey = stepKey;
    this.details = details;
  }
}

export function ensureErrorType(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'string') return new Error(value);
  try {
    return new Error(JSON.stringify(value));
  } catch {
    return new Error(String(value));
  }
}

export function errorDetails(value: unknown): ErrorDetails {
  if (value instanceof AppError) return value.toJSON();
  const error = ensureErrorType(value);
  return { code: ErrorCodes.unexpected, message: error.message, retryable: false };
}
