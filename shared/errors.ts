/**
 * One error hierarchy with stable string codes. Every error says whether retrying could help; activities throw only
 * retryable errors or bugs, and return expected business outcomes as typed results.
 */

export interface ErrorDetails {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
}

export class AppError extends Error implements ErrorDetails {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
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

export class ValidationError extends AppError {
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[]) {
    super('ValidationFailed', issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; '));
    this.issues = issues;
  }
}

/** Azure (or the simulator) refused or failed an operation. `code` is ARM's error code when it gave one. */
export class ArmOperationError extends AppError {
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
    super('ScopeViolation', message);
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
  return { code: 'Unexpected', message: error.message, retryable: false };
}
