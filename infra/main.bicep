// MotCua in one resource group: storage (data, host storage, deployment package, static website), the function app
// (.NET isolated worker) on Flex Consumption or Elastic Premium, Azure Front Door with its WAF in front of both (the only
// way in), Application Insights, Key Vault, and the app identity's role assignments. Steps: docs/deploy.md.
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

@description('Front Door\'s tier: Premium runs the WAF\'s managed rule sets (docs/decisions/0016); Standard has the rate limit only.')
@allowed(['Premium_AzureFrontDoor', 'Standard_AzureFrontDoor'])
param frontDoorSku string = 'Premium_AzureFrontDoor'
@description('Prevention blocks; Detection only logs, to tune the managed rules on real traffic first.')
@allowed(['Prevention', 'Detection'])
param wafMode string = 'Prevention'
@description('Requests to /api/ one client address may make in a minute at the edge (agency callbacks and the payment IPN aside).')
param edgeApiRequestsPerMinute int = 1000
@description('Address ranges (CIDR) that may reach the function app without Front Door, e.g. the ops network for the host\'s /admin API.')
param directAccessIpRanges string[] = []

var suffix = uniqueString(resourceGroup().id)
var appPrefix = '${namePrefix}-${suffix}'
// The default host name of the site functionapp.bicep names '<prefix>-func': Front Door needs it before the site exists, and
// the site needs Front Door's id.
var functionAppHost = '${appPrefix}-func.azurewebsites.net'
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

module frontDoor 'modules/frontdoor.bicep' = {
  name: 'frontDoor'
  params: {
    namePrefix: appPrefix
    sku: frontDoorSku
    functionAppHost: functionAppHost
    // https://<account>.z23.web.core.windows.net/ → its host
    staticWebsiteHost: split(storage.outputs.staticWebsiteUrl, '/')[2]
    headers: loadJsonContent('security-headers.json')
    // https://host[:port]/path → https://host[:port]
    identityProviderOrigin: empty(authAuthority) ? '' : '${split(authAuthority, '/')[0]}//${split(authAuthority, '/')[2]}'
    wafMode: wafMode
    apiRequestsPerMinute: edgeApiRequestsPerMinute
    workspaceId: monitoring.outputs.workspaceId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  params: {
    namePrefix: appPrefix
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
    portalUrl: 'https://${frontDoor.outputs.hostName}'
    frontDoorId: frontDoor.outputs.frontDoorId
    directAccessIpRanges: directAccessIpRanges
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
@description('The portal for citizens, agencies and the payment gateway: pages at /, the API under /api.')
output portalUrl string = 'https://${frontDoor.outputs.hostName}'
output frontDoorProfileName string = frontDoor.outputs.profileName
output frontDoorEndpointName string = frontDoor.outputs.endpointName
