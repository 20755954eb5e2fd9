/**
 * ARM's error shape (CloudError): `{ "error": { "code", "message", "target"?, "details": [] } }`. Handlers throw
 * `ArmError`; the server turns it into the response. Every code the simulator can answer is built in `errors.ts`.
 */
import type { JsonObject } from './json';

export interface CloudErrorBody {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly target?: string,
  ) {
    super(message);
    this.name = 'ArmError';
  }

  get cloudError(): CloudErrorBody {
    return this.target === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, target: this.target };
  }

  toBody(): JsonObject {
    return { error: { ...this.cloudError, details: [] } };
  }
}
