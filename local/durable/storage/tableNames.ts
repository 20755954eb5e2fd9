/**
 * Table names for a task hub, after the Azure Storage provider (`{hub}Instances`, `{hub}History`) plus `{hub}Messages`
 * standing in for its control queues. Table names are 3-63 alphanumerics starting with a letter.
 */
export interface TaskHubTables {
  readonly instances: string;
  readonly history: string;
  readonly messages: string;
}

const SUFFIXES = { instances: 'Instances', history: 'History', messages: 'Messages' } as const;
const LONGEST_SUFFIX = Math.max(...Object.values(SUFFIXES).map((suffix) => suffix.length));

export class InvalidTaskHubNameError extends Error {
  override readonly name = 'InvalidTaskHubNameError';
  constructor(taskHub: string) {
    super(
      `Task hub name '${taskHub}' is invalid: use 3-${63 - LONGEST_SUFFIX} letters and digits, starting with a ` +
        'letter (it prefixes the table names).',
    );
  }
}

export function tableNamesFor(taskHub: string): TaskHubTables {
  if (!/^[A-Za-z][A-Za-z0-9]{2,}$/.test(taskHub) || taskHub.length + LONGEST_SUFFIX > 63) {
    throw new InvalidTaskHubNameError(taskHub);
  }
  return {
    instances: taskHub + SUFFIXES.instances,
    history: taskHub + SUFFIXES.history,
    messages: taskHub + SUFFIXES.messages,
  };
}
