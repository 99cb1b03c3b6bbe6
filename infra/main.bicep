// MotCua in one resource group: storage (data, host storage, deployment package, static website), the function app
// (.NET isolated worker) on Flex Consumption or Elastic Premium, Application Insights, Key Vault, and the app
// identity's role assignments. Steps: docs/deploy.md.
targetScope = 'resourceGroup'

param location string = resourceGroup().location

@description('Prefix of every resource name: lower-case letters and digits.')
@minLength(3)
@maxLength(11)
param namePrefix string = 'motcua'

@description('flex: Flex Consumption (FC1), the default. premium: Elastic Premium, where WEBSITE_TIME_ZONE works (docs/deploy.md).')
@allowed(['flex', 'premium'])
param plan string = 'flex'

@description('Elastic Premium size, when plan is premium.')
@allowed(['EP1', 'EP2', 'EP3'])
param premiumSku string = 'EP1'

@description('Memory of one Flex Consumption instance, when plan is flex.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('The .NET version functions/ targets.')
param dotnetVersion string = '10.0'

@description('Instances kept warm for HTTP: always-ready instances of the http group on Flex, minimum instances on Premium.')
param alwaysReadyInstances int = 1
param maximumInstances int = 20

@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS', 'Standard_RAGRS', 'Standard_RAGZRS'])
param storageSku string = 'Standard_ZRS'

param allowSharedKeyAccess bool = true
param logRetentionInDays int = 90
@description('WEBSITE_TIME_ZONE on Premium (IANA name: Linux). Flex Consumption has no time zone setting.')
param timeZone string = 'Asia/Ho_Chi_Minh'
param webhookRetrySchedule string = '00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,14:00:00,20:00:00,1.00:00:00'
param webhookTimestampToleranceSeconds int = 300
param webhookTimeout string = '00:00:30'
param maxFileBytes int = 10485760
param maxDossierBytes int = 52428800
param maxFiles int = 10
param feedbackDefaultAgencyId string = 'vpcp'

@description('The payment gateway (VNPay 2.1.0 protocol): its payment page and merchant API. The defaults are VNPay\'s sandbox.')
param paymentGatewayUrl string = 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html'
param paymentApiUrl string = 'https://sandbox.vnpayment.vn/merchant_webapi/api/transaction'
@description('The merchant code the gateway gave. Its hash secret goes into the Key Vault as the secret payments-hash-secret (docs/deploy.md).')
param paymentTmnCode string

@description('The OpenID Connect provider citizens sign in with (VNeID): its issuer (https), the audience of its access tokens for this API, and the front end\'s public client id. An empty authority turns sign-in off.')
param authAuthority string = ''
param authAudience string = ''
param authClientId string = ''

@description('Outgoing e-mail to applicants: Azure Communication Services\' SMTP relay by default. The username is <ACS resource name>|<Entra app client id>|<tenant id>; the Entra app\'s client secret goes into the Key Vault as the secret notifications-smtp-password (docs/deploy.md).')
param notificationSmtpHost string = 'smtp.azurecomm.net'
param notificationSmtpPort int = 587
param notificationSmtpUser string
@description('The sender: a MailFrom address of a domain verified in Azure Communication Services, e.g. Cổng Dịch vụ công <DoNotReply@…>.')
param notificationFrom string

var suffix = uniqueString(resourceGroup().id)
var storageNames = loadJsonContent('storage-names.json')
// Not one of the app's containers (storage-names.json): the platform reads the package from it.
var deploymentContainer = 'app-package'

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
    deploymentContainer: plan == 'flex' ? deploymentContainer : ''
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
    plan: plan
    premiumSku: premiumSku
    instanceMemoryMB: instanceMemoryMB
    dotnetVersion: dotnetVersion
    alwaysReadyInstances: alwaysReadyInstances
    maximumInstances: maximumInstances
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainer}'
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
    paymentGatewayUrl: paymentGatewayUrl
    paymentApiUrl: paymentApiUrl
    paymentTmnCode: paymentTmnCode
    authAuthority: authAuthority
    authAudience: authAudience
    authClientId: authClientId
    notificationSmtpHost: notificationSmtpHost
    notificationSmtpPort: notificationSmtpPort
    notificationSmtpUser: notificationSmtpUser
    notificationFrom: notificationFrom
    keyVaultUri: keyVault.outputs.uri
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
