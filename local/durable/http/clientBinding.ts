/**
 * The value of a `durableClient` input binding, as the extension gives it to the worker. durable-functions'
 * `df.getClient(context)` reads it from `context.extraInputs`; its DurableClient calls `rpcBaseUrl` for everything and
 * uses the management URLs only to build check-status responses.
 */
export interface DurableClientBindingData {
  readonly taskHubName: string;
  readonly creationUrls: Readonly<Record<string, string>>;
  readonly managementUrls: Readonly<Record<string, string>>;
  readonly baseUrl: string;
  readonly requiredQueryStringParameters: string;
  readonly rpcBaseUrl: string;
}

/** Placeholder for the instance id in management URLs, as the extension uses it. */
export const INSTANCE_ID_PLACEHOLDER = 'INSTANCEID';
export const RPC_PATH = '/durabletask/';
export const WEBHOOK_PATH = '/runtime/webhooks/durabletask/';

export function durableClientBinding(origin: string, taskHubName: string): DurableClientBindingData {
  const query = `taskHub=${encodeURIComponent(taskHubName)}&connection=Storage&code=local`;
  const webhooks = `${origin}${WEBHOOK_PATH}`;
  const instance = `${webhooks}instances/${INSTANCE_ID_PLACEHOLDER}`;
  return {
    taskHubName,
    creationUrls: {
      createNewInstancePostUri: `${webhooks}orchestrators/{functionName}[/{instanceId}]?code=local`,
      createAndWaitOnNewInstancePostUri: `${webhooks}orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&code=local`,
    },
    managementUrls: {
      id: INSTANCE_ID_PLACEHOLDER,
      statusQueryGetUri: `${instance}?${query}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
      purgeHistoryDeleteUri: `${instance}?${query}`,
      restartPostUri: `${instance}/restart?${query}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
      resumePostUri: `${instance}/resume?reason={text}&${query}`,
    },
    baseUrl: `${origin}${WEBHOOK_PATH.slice(0, -1)}`,
    requiredQueryStringParameters: query,
    rpcBaseUrl: `${origin}${RPC_PATH}`,
  };
}

/** The management payload the extension returns from startNew and check-status responses. */
export function managementPayload(binding: DurableClientBindingData, instanceId: string): Record<string, string> {
  const payload: Record<string, string> = {};
  for (const [key, template] of Object.entries(binding.managementUrls)) {
    if (key === 'id') continue;
    payload[key] = template.replace(INSTANCE_ID_PLACEHOLDER, encodeURIComponent(instanceId));
  }
  return { id: instanceId, ...payload };
}
