/** A control-API request that cannot be done (unknown circuit, a provider step out of order). HTTP: `status`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
