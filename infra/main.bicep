// MotCua in one resource group: storage (data, host storage, static website), the function app on Elastic
// Premium, Application Insights, Key Vault, and the app identity's role assignments. Steps: docs/deploy.md.
targetScope = 'resourceGroup'

param location string = resourceGroup().location

@description('Prefix of every resource name: lower-case letters and digits.')
@minLength(3)
@maxLength(11)
param namePrefix string = 'motcua'

@description('Elastic Premium size of the function app plan.')
@allowed(['EP1', 'EP2', 'EP3'])
param functionPlanSku string = 'EP1'

param alwaysReadyInstances int = 1
param maximumInstances int = 20

@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS', 'Standard_RAGRS', 'Standard_RAGZRS'])
param storageSku string = 'Standard_ZRS'

param allowSharedKeyAccess bool = true
param logRetentionInDays int = 90
param timeZone string = 'Asia/Ho_Chi_Minh'
param webhookRetrySchedule string = '00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,14:00:00,20:00:00,1.00:00:00'
param webhookTimestampToleranceSeconds int = 300
param webhookTimeout string = '00:00:30'
param maxFileBytes int = 10485760
param maxDossierBytes int = 52428800
param maxFiles int = 10
param feedbackDefaultAgencyId string = 'vpcp'

var suffix = uniqueString(resourceGroup().id)
var storageNames = loadJsonContent('storage-names.json')

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('${namePrefix}${suffix}', 24)
    location: location
    sku: storageSku
    allowSharedKeyAccess: allowSharedKeyAccess
    tables: storageNames.tables
    queues: storageNames.queues
    containers: storageNames.containers
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    namePrefix: namePrefix
    location: location
    retentionInDays: logRetentionInDays
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    name: take('${namePrefix}-kv-${suffix}', 24)
    location: location
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  params: {
    namePrefix: '${namePrefix}-${suffix}'
    location: location
    sku: functionPlanSku
    alwaysReadyInstances: alwaysReadyInstances
    maximumInstances: maximumInstances
    storageAccountName: storage.outputs.name
    keyVaultUri: keyVault.outputs.uri
    appInsightsConnectionString: monitoring.outputs.connectionString
    // The web endpoint ends in '/', which an Origin header never does.
    webOrigin: take(storage.outputs.staticWebsiteUrl, length(storage.outputs.staticWebsiteUrl) - 1)
    timeZone: timeZone
    webhookRetrySchedule: webhookRetrySchedule
    webhookTimestampToleranceSeconds: webhookTimestampToleranceSeconds
    webhookTimeout: webhookTimeout
    maxFileBytes: maxFileBytes
    maxDossierBytes: maxDossierBytes
    maxFiles: maxFiles
    feedbackDefaultAgencyId: feedbackDefaultAgencyId
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHost string = functionApp.outputs.hostName
output storageAccountName string = storage.outputs.name
output keyVaultName string = keyVault.outputs.name
output staticWebsiteUrl string = storage.outputs.staticWebsiteUrl
