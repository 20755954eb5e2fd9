import type { InstanceStatus } from './instanceStatus';

export class InstanceAlreadyExistsError extends Error {
  override readonly name = 'InstanceAlreadyExistsError';
  constructor(
    readonly instanceId: string,
    readonly runtimeStatus: string,
  ) {
    super(
      `An orchestration instance with ID '${instanceId}' already exists and is ${runtimeStatus}; ` +
        'the extension only reuses the ID of a Completed, Failed or Terminated instance.',
    );
  }
}

export class InstanceNotFoundError extends Error {
  override readonly name = 'InstanceNotFoundError';
  constructor(readonly instanceId: string) {
    super(`No orchestration instance with ID '${instanceId}' exists.`);
  }
}

export class InstanceNotCompletedError extends Error {
  override readonly name = 'InstanceNotCompletedError';
  constructor(
    readonly status: InstanceStatus,
    lastWarning: string | undefined,
  ) {
    super(
      `Instance '${status.instanceId}' (${status.name}) is still ${status.runtimeStatus} after the simulator ran out ` +
        `of work (${status.episodes} episodes).` +
        (lastWarning === undefined
          ? ' Is it waiting for an event or a timer beyond the run limit?'
          : ` ${lastWarning}`),
    );
  }
}

export class InvalidInstanceIdError extends Error {
  override readonly name = 'InvalidInstanceIdError';
  constructor(instanceId: string) {
    super(
      `Instance ID '${instanceId}' is invalid: it must be 1-100 characters without '/', '\\', '#', '?' or control ` +
        'characters, and must not start with @.',
    );
  }
}

/** Thrown inside work that was cut short by `stopAfter` or `stop()`; never escapes the simulator. */
export class SimulatorHaltedError extends Error {
  override readonly name = 'SimulatorHaltedError';
  constructor() {
    super('The durable host simulator was halted.');
  }
}

export class SimulatorStateError extends Error {
  override readonly name = 'SimulatorStateError';
}

export function validateInstanceId(instanceId: string): void {
  // Table keys forbid / \ # ? and control characters; the extension reserves a leading @ for entities.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be rejected
  if (instanceId.length === 0 || instanceId.length > 100 || /[/\\#?\u0000-\u001f\u007f-\u009f]/.test(instanceId)) {
    throw new InvalidInstanceIdError(instanceId);
  }
  if (instanceId.startsWith('@')) throw new InvalidInstanceIdError(instanceId);
}
