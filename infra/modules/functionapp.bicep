// The Linux function app that runs MotCua as a custom handler, on an Elastic Premium plan (why: docs/deploy.md).
param namePrefix string
param location string

@allowed(['EP1', 'EP2', 'EP3'])
param sku string

@description('Instances kept warm, so a request never waits for the executable to start.')
@minValue(1)
param alwaysReadyInstances int

@description('The most instances the plan scales out to.')
@minValue(1)
@maxValue(100)
param maximumInstances int

param storageAccountName string
param keyVaultUri string
param appInsightsConnectionString string

@description('The static website origin, allowed to call the API from the browser.')
param webOrigin string

@description('IANA zone: Linux reads WEBSITE_TIME_ZONE from the tz database.')
param timeZone string

param webhookRetrySchedule string
param webhookTimestampToleranceSeconds int
param webhookTimeout string
param maxFileBytes int
param maxDossierBytes int
param maxFiles int
param feedbackDefaultAgencyId string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${namePrefix}-plan'
  location: location
  kind: 'elastic'
  sku: {
    name: sku
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true
    maximumElasticWorkerCount: maximumInstances
  }
}

// A versionless secret URI: the app follows the newest version of the secret.
var keyVaultReference = 'SecretUri=${keyVaultUri}secrets'

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: '${namePrefix}-func'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    reserved: true
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      minimumElasticInstanceCount: alwaysReadyInstances
      functionAppScaleLimit: maximumInstances
      cors: {
        allowedOrigins: [webOrigin]
      }
      appSettings: [
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        // The host and the app both reach storage with the app's managed identity: no key in any setting.
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        // Zip deployment runs the package as it was uploaded (a read-only mount), so no Azure Files share is needed.
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'WEBSITE_TIME_ZONE', value: timeZone }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'FunctionKeys__Default', value: '@Microsoft.KeyVault(${keyVaultReference}/function-key-default)' }
        { name: 'FunctionKeys__Admin', value: '@Microsoft.KeyVault(${keyVaultReference}/function-key-admin)' }
        { name: 'Webhooks__RetrySchedule', value: webhookRetrySchedule }
        { name: 'Webhooks__TimestampToleranceSeconds', value: string(webhookTimestampToleranceSeconds) }
        { name: 'Webhooks__Timeout', value: webhookTimeout }
        { name: 'Limits__MaxFileBytes', value: string(maxFileBytes) }
        { name: 'Limits__MaxDossierBytes', value: string(maxDossierBytes) }
        { name: 'Limits__MaxFiles', value: string(maxFiles) }
        { name: 'Feedback__DefaultAgencyId', value: feedbackDefaultAgencyId }
      ]
    }
  }
}

// Deployment goes through Microsoft Entra ID (az login), never through FTP or publishing passwords.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output hostName string = site.properties.defaultHostName
output principalId string = site.identity.principalId
