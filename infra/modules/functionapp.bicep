// The Linux function app that runs MotCua as a .NET isolated worker (FUNCTIONS_WORKER_RUNTIME=dotnet-isolated), on a
// Flex Consumption plan (the default) or an Elastic Premium plan. Why, and what each plan needs: docs/deploy.md.
param namePrefix string
param location string

@description('flex: Flex Consumption (FC1), configured through functionAppConfig. premium: Elastic Premium (EP1-EP3).')
@allowed(['flex', 'premium'])
param plan string

@allowed(['EP1', 'EP2', 'EP3'])
param premiumSku string

@description('Memory of one Flex Consumption instance.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('The .NET version of the isolated worker: functionAppConfig.runtime.version on Flex, DOTNET-ISOLATED|<version> on Premium.')
param dotnetVersion string

@description('Instances kept warm for the HTTP functions (at least 1 on Premium), so a citizen\'s request does not wait for a cold start.')
@minValue(0)
param alwaysReadyInstances int

@description('The most instances the plan scales out to.')
@minValue(1)
@maxValue(100)
param maximumInstances int

param storageAccountName string

@description('The blob container Flex Consumption deploys the package to (ignored on Premium).')
param deploymentContainerUrl string

param appInsightsConnectionString string

@description('The portal as the world reaches it, Front Door\'s https://host (no trailing slash): pages and API share it.')
param portalUrl string

@description('Front Door\'s profile id (X-Azure-FDID): the only Front Door whose requests the app takes.')
param frontDoorId string

@description('Address ranges (CIDR) that may also reach the app directly, e.g. the ops network for the host\'s /admin API; none by default.')
param directAccessIpRanges string[]

@description('IANA zone for WEBSITE_TIME_ZONE on Premium; Flex Consumption does not support the setting (docs/deploy.md).')
param timeZone string

param webhookRetrySchedule string
param webhookTimestampToleranceSeconds int
param webhookTimeout string
param maxFileBytes int
param maxDossierBytes int
param maxFiles int
param feedbackDefaultAgencyId string
param paymentGatewayUrl string
param paymentApiUrl string
param paymentTmnCode string
param authAuthority string
param authAudience string
param authClientId string
param notificationSmtpHost string
param notificationSmtpPort int
param notificationSmtpUser string
param notificationFrom string
@description('The vault holding the secrets payments-hash-secret and notifications-smtp-password, read through Key Vault references with the app\'s identity.')
param keyVaultUri string

var isFlex = plan == 'flex'

resource hostingPlan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${namePrefix}-plan'
  location: location
  kind: isFlex ? 'functionapp' : 'elastic'
  sku: isFlex
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: premiumSku
        tier: 'ElasticPremium'
      }
  properties: {
    reserved: true
    // On Flex the limit is functionAppConfig.scaleAndConcurrency.maximumInstanceCount.
    maximumElasticWorkerCount: isFlex ? null : maximumInstances
  }
}

// Settings the app reads, the same on both plans. The host and the app reach storage with the app's managed identity:
// no key in any setting.
var appSettings = [
  { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
  { name: 'Webhooks__RetrySchedule', value: webhookRetrySchedule }
  { name: 'Webhooks__TimestampToleranceSeconds', value: string(webhookTimestampToleranceSeconds) }
  { name: 'Webhooks__Timeout', value: webhookTimeout }
  { name: 'Limits__MaxFileBytes', value: string(maxFileBytes) }
  { name: 'Limits__MaxDossierBytes', value: string(maxDossierBytes) }
  { name: 'Limits__MaxFiles', value: string(maxFiles) }
  { name: 'Feedback__DefaultAgencyId', value: feedbackDefaultAgencyId }
  // The rate limits' client is the address Front Door took the request from (X-Azure-SocketIP, the setting's default), not
  // the peer: every peer may name it only because the access restrictions below let nothing but our Front Door in
  // (decision 0017). The ranges in directAccessIpRanges are trusted to name a client too.
  { name: 'RateLimits__TrustedProxies', value: '0.0.0.0/0,::/0' }
  { name: 'Payments__GatewayUrl', value: paymentGatewayUrl }
  { name: 'Payments__ApiUrl', value: paymentApiUrl }
  { name: 'Payments__TmnCode', value: paymentTmnCode }
  { name: 'Payments__HashSecret', value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/payments-hash-secret)' }
  // Front Door's address, the only one that reaches the app: the attachment links in webhooks (/api/files/{token}) are built on it.
  { name: 'Portal__BaseUrl', value: portalUrl }
  // The return passes through the API to the tracking page, both on Front Door.
  { name: 'Payments__ReturnUrl', value: '${portalUrl}/api/payments/vnpay/return' }
  { name: 'Payments__TrackingPage', value: '${portalUrl}/track.html' }
  { name: 'Auth__Authority', value: authAuthority }
  { name: 'Auth__Audience', value: authAudience }
  { name: 'Auth__ClientId', value: authClientId }
  // E-mail to applicants through Azure Communication Services' SMTP relay (STARTTLS on 587); the password is the Entra app's secret.
  { name: 'Notifications__SmtpHost', value: notificationSmtpHost }
  { name: 'Notifications__SmtpPort', value: string(notificationSmtpPort) }
  { name: 'Notifications__Security', value: 'StartTls' }
  { name: 'Notifications__SmtpUser', value: notificationSmtpUser }
  { name: 'Notifications__SmtpPassword', value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/notifications-smtp-password)' }
  { name: 'Notifications__From', value: notificationFrom }
  // The links in the e-mails open the tracking page, through Front Door.
  { name: 'Notifications__TrackingPage', value: '${portalUrl}/track.html' }
]

// Flex Consumption rejects these: it takes the runtime from functionAppConfig.runtime, sets the host version itself,
// always runs from the deployed package, and has no time zone setting.
var premiumAppSettings = [
  { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
  { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
  // Zip deployment runs the package as it was uploaded (a read-only mount), so no Azure Files share is needed.
  { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
  { name: 'WEBSITE_TIME_ZONE', value: timeZone }
]

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: '${namePrefix}-func'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: hostingPlan.id
    reserved: isFlex ? null : true
    httpsOnly: true
    clientAffinityEnabled: false
    functionAppConfig: isFlex
      ? {
          // The package goes to a blob container in the app's storage account, read with the app's identity.
          deployment: {
            storage: {
              type: 'blobContainer'
              value: deploymentContainerUrl
              authentication: {
                type: 'SystemAssignedIdentity'
              }
            }
          }
          runtime: {
            name: 'dotnet-isolated'
            version: dotnetVersion
          }
          scaleAndConcurrency: {
            instanceMemoryMB: instanceMemoryMB
            maximumInstanceCount: maximumInstances
            alwaysReady: alwaysReadyInstances == 0 ? [] : [{ name: 'http', instanceCount: alwaysReadyInstances }]
          }
        }
      : null
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      // Pages and API share Front Door's origin, so no browser calls the API cross-origin: no CORS.
      // Only Front Door reaches the app: its service tag, and this profile's id in X-Azure-FDID (the tag alone would let in
      // any Front Door, anyone's). The deployment endpoint (scm) keeps its own open list: it takes Microsoft Entra ID only.
      ipSecurityRestrictionsDefaultAction: 'Deny'
      ipSecurityRestrictions: concat(
        [
          {
            name: 'FrontDoor'
            action: 'Allow'
            priority: 100
            tag: 'ServiceTag'
            ipAddress: 'AzureFrontDoor.Backend'
            headers: {
              'x-azure-fdid': [frontDoorId]
            }
          }
        ],
        map(range(0, length(directAccessIpRanges)), i => {
          name: 'Direct${i + 1}'
          action: 'Allow'
          priority: 200 + i
          ipAddress: directAccessIpRanges[i]
        })
      )
      scmIpSecurityRestrictionsUseMain: false
      scmIpSecurityRestrictionsDefaultAction: 'Allow'
      // On Flex the runtime, the FTP state and the scale limits live in functionAppConfig, or nowhere.
      linuxFxVersion: isFlex ? null : 'DOTNET-ISOLATED|${dotnetVersion}'
      ftpsState: isFlex ? null : 'Disabled'
      minimumElasticInstanceCount: isFlex ? null : max(1, alwaysReadyInstances)
      functionAppScaleLimit: isFlex ? null : maximumInstances
      appSettings: isFlex ? appSettings : concat(premiumAppSettings, appSettings)
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
