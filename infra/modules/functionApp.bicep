metadata name = 'Function App'
metadata description = 'Flex Consumption Function App (Node 22) running as the user-assigned managed identity, VNet-integrated, identity-based connections only, with the app settings shared/config.ts reads and optional Entra authentication (App Service Authentication) in front of the HTTP API.'

@description('Function App name (globally unique host name).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan and the app; the app also gets azd-service-name.')
param tags object = {}

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('Client id of that managed identity.')
param identityClientId string

@description('Storage account for the host, the Durable task hub and the deployment package.')
param storageAccountName string

@description('URL of the blob container the plan deploys the package from.')
param deploymentContainerUrl string

@description('Table endpoint of the same account (registry, ledger, checkpoints).')
param tableEndpoint string

@description('Fully qualified Service Bus namespace (triggers and outbound events).')
param serviceBusNamespace string

@description('Queue names: onboarding, bandwidth, decommission, rejected (parked).')
param queueNames {
  onboarding: string
  bandwidth: string
  decommission: string
  rejected: string
}

@description('Topic for outbound events.')
param eventsTopicName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Resource id of the subnet the app integrates with (reaches Key Vault through its private endpoint).')
param subnetId string

@description('Durable Functions task hub name (letters and digits).')
param taskHubName string

@description('Entra tenant of the CSP (partner tenant).')
param cspTenantId string

@description('Comma-separated CSP subscriptions that hold connect-through circuits.')
param cspSubscriptionIds string

@description('Client id of the CSP multi-tenant app registration; the managed identity is its federated credential.')
param appClientId string

@description('Provider wait settings (durations such as 1m, 30m, 2d, 14d).')
param providerTiming {
  pollMin: string
  pollMax: string
  reminderEvery: string
  deadline: string
}

@description('Maximum number of instances (Flex Consumption).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Put Entra authentication (App Service Authentication) in front of the HTTP API: callers need a token for apiAudience issued by cspTenantId.')
param enableApiAuthentication bool = false

@description('Client id of the Entra app that represents the HTTP API (token audience); required when enableApiAuthentication is true.')
param apiClientId string = ''

@description('Client ids of the applications allowed to call the API; empty allows any caller holding a token for the audience.')
param apiAllowedClientIds array = []

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'app' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: subnetId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: maximumInstanceCount, instanceMemoryMB: 2048 }
      runtime: { name: 'node', version: '22' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      vnetRouteAllEnabled: true
      // Every setting shared/config.ts reads, and the host's own (test/unit/infra/settingsParity.test.ts).
      appSettings: [
        // Host: identity-based connections.
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'ServiceBusConnection__fullyQualifiedNamespace', value: serviceBusNamespace }
        { name: 'ServiceBusConnection__credential', value: 'managedidentity' }
        { name: 'ServiceBusConnection__clientId', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        { name: 'DurableTaskHubName', value: taskHubName }
        // shared/config.ts
        { name: 'ERCSP_CSP_TENANT_ID', value: cspTenantId }
        { name: 'ERCSP_CSP_SUBSCRIPTION_IDS', value: cspSubscriptionIds }
        { name: 'ERCSP_ARM_ENDPOINT', value: environment().resourceManager }
        { name: 'ERCSP_ARM_POLL_INTERVAL', value: '10s' }
        { name: 'ERCSP_ARM_MAX_RETRIES', value: '1' }
        { name: 'ERCSP_ARM_RETRY_DELAY', value: '2s' }
        { name: 'ERCSP_ARM_MAX_RETRY_DELAY', value: '60s' }
        { name: 'ERCSP_ARM_CLIENT_CACHE_SIZE', value: '1000' }
        { name: 'ERCSP_CREDENTIAL_CACHE_SIZE', value: '1000' }
        { name: 'ERCSP_CLIENT_CACHE_TTL', value: '1h' }
        { name: 'ERCSP_TENANT_CONFIRMATION_CACHE_SIZE', value: '10000' }
        { name: 'ERCSP_TENANT_CONFIRMATION_TTL', value: '60s' }
        { name: 'ERCSP_CREDENTIAL_MODE', value: 'federated-app' }
        { name: 'ERCSP_APP_CLIENT_ID', value: appClientId }
        { name: 'ERCSP_MANAGED_IDENTITY_CLIENT_ID', value: identityClientId }
        { name: 'ERCSP_TABLES_ENDPOINT', value: tableEndpoint }
        { name: 'ERCSP_TABLES_PREFIX', value: 'ercsp' }
        { name: 'ERCSP_SERVICEBUS_NAMESPACE', value: serviceBusNamespace }
        { name: 'ERCSP_EVENTS_TOPIC', value: eventsTopicName }
        { name: 'ERCSP_EVENTS_SOURCE', value: '/expressroute-csp' }
        { name: 'ERCSP_ONBOARDING_QUEUE', value: queueNames.onboarding }
        { name: 'ERCSP_BANDWIDTH_QUEUE', value: queueNames.bandwidth }
        { name: 'ERCSP_DECOMMISSION_QUEUE', value: queueNames.decommission }
        { name: 'ERCSP_REJECTED_QUEUE', value: queueNames.rejected }
        { name: 'ERCSP_SECRETS_SOURCE', value: 'keyvault' }
        { name: 'ERCSP_KEYVAULT_DNS_SUFFIX', value: substring(environment().suffixes.keyvaultDns, 1) }
        { name: 'ERCSP_PROVIDER_POLL_MIN', value: providerTiming.pollMin }
        { name: 'ERCSP_PROVIDER_POLL_MAX', value: providerTiming.pollMax }
        { name: 'ERCSP_PROVIDER_REMINDER_EVERY', value: providerTiming.reminderEvery }
        { name: 'ERCSP_PROVIDER_DEADLINE', value: providerTiming.deadline }
        { name: 'ERCSP_RESOURCE_POLL', value: '1m' }
        { name: 'ERCSP_LEASE_POLL', value: '5m' }
        { name: 'ERCSP_APPROVAL_TIMEOUT', value: '7d' }
        { name: 'ERCSP_SWEEP_SCHEDULE', value: '0 0 * * * *' }
        { name: 'ERCSP_PROVIDER_WATCH_SCHEDULE', value: '0 */5 * * * *' }
        { name: 'ERCSP_PROVIDER_CLOSE_WATCH_SCHEDULE', value: '0 * * * * *' }
        { name: 'ERCSP_SWEEP_REPAIR', value: '' }
        { name: 'ERCSP_SWEEP_BATCH_SIZE', value: '200' }
        { name: 'ERCSP_SWEEP_CONCURRENCY', value: '4' }
        { name: 'ERCSP_RESOURCE_GRAPH_SCOPE', value: 'per-tenant' }
        { name: 'ERCSP_FINDING_AUTHORIZATION_UNUSED_DAYS', value: '30' }
        { name: 'ERCSP_FINDING_NOT_PROVISIONED_DAYS', value: '7' }
        { name: 'ERCSP_PROVIDER_CONFIRMS_BANDWIDTH', value: 'false' }
      ]
    }
  }
}

// Bearer tokens only (an API, no browser sign-in, so no client secret and no token store).
resource authentication 'Microsoft.Web/sites/config@2025-03-01' = if (enableApiAuthentication) {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${cspTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [apiClientId, 'api://${apiClientId}']
          defaultAuthorizationPolicy: { allowedApplications: apiAllowedClientIds }
        }
      }
    }
    login: { tokenStore: { enabled: false } }
  }
}

@description('Function App name (azd deploys the package to it).')
output name string = functionApp.name

@description('Default host name of the HTTP API.')
output defaultHostName string = functionApp.properties.defaultHostName
