// Azure Front Door in front of the portal: one endpoint, /api/* to the function app and everything else to the static
// website, so pages and API share one origin; a WAF policy (managed rule sets, a per-address rate limit) on both; and rule
// sets that set the headers of infra/security-headers.json on every answer, which a Blob static website cannot set itself.
// The function app only takes requests that come through this profile (functionapp.bicep). Why: docs/decisions/0016.
@description('Prefix of the profile, endpoint and policy names.')
param namePrefix string

@description('Premium_AzureFrontDoor runs the managed rule sets (Microsoft_DefaultRuleSet, Microsoft_BotManagerRuleSet); Standard_AzureFrontDoor has custom rules only (the rate limit).')
@allowed(['Premium_AzureFrontDoor', 'Standard_AzureFrontDoor'])
param sku string

@description('The function app\'s host name, e.g. motcua-xxxx-func.azurewebsites.net.')
param functionAppHost string

@description('The static website\'s host name, e.g. motcuaxxxx.z23.web.core.windows.net.')
param staticWebsiteHost string

@description('infra/security-headers.json: everyResponse, api and pages, each header name to value.')
param headers object

@description('The origin (scheme://host[:port]) the pages may call to sign in: Auth__Authority\'s; empty when sign-in is off.')
param identityProviderOrigin string

@description('Prevention blocks what the WAF matches; Detection only logs it (to tune the managed rules before blocking).')
@allowed(['Prevention', 'Detection'])
param wafMode string

@description('Requests to /api/ one client address may make in a minute before the edge blocks it (agency callbacks and the payment IPN aside).')
@minValue(100)
param apiRequestsPerMinute int

@description('The Log Analytics workspace that keeps Front Door\'s access and WAF logs.')
param workspaceId string

var isPremium = sku == 'Premium_AzureFrontDoor'

// Front Door's header rule sets take the values as infra/security-headers.json writes them; only the pages' policy names a
// host of this deployment, the identity provider the front end signs in with.
var pageHeaders = union(headers.everyResponse, toObject(items(headers.pages), header => header.key, header => empty(identityProviderOrigin)
  ? replace(header.value, ' {identityProvider}', '')
  : replace(header.value, '{identityProvider}', identityProviderOrigin)))
var apiHeaders = union(headers.everyResponse, headers.api)

resource profile 'Microsoft.Cdn/profiles@2024-09-01' = {
  name: '${namePrefix}-fd'
  location: 'global'
  sku: {
    name: sku
  }
  properties: {
    // The longest a submission of 50 MiB over a slow line may take between Front Door and the app.
    originResponseTimeoutSeconds: 240
  }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-09-01' = {
  parent: profile
  name: namePrefix
  location: 'global'
  properties: {
    enabledState: 'Enabled'
  }
}

// One origin per group: no health probes (Microsoft's advice for a single origin; they would also keep hitting the app).
resource apiGroup 'Microsoft.Cdn/profiles/originGroups@2024-09-01' = {
  parent: profile
  name: 'function-app'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    sessionAffinityState: 'Disabled'
  }
}

resource apiOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2024-09-01' = {
  parent: apiGroup
  name: 'function-app'
  properties: {
    hostName: functionAppHost
    originHostHeader: functionAppHost
    httpsPort: 443
    priority: 1
    weight: 1000
    enforceCertificateNameCheck: true
  }
}

resource webGroup 'Microsoft.Cdn/profiles/originGroups@2024-09-01' = {
  parent: profile
  name: 'static-website'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    sessionAffinityState: 'Disabled'
  }
}

resource webOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2024-09-01' = {
  parent: webGroup
  name: 'static-website'
  properties: {
    hostName: staticWebsiteHost
    originHostHeader: staticWebsiteHost
    httpsPort: 443
    priority: 1
    weight: 1000
    enforceCertificateNameCheck: true
  }
}

// The pages' headers, over whatever the static website answers (a page, a script, its 404 document).
module pageRuleSet 'headerruleset.bicep' = {
  name: 'frontDoorPageHeaders'
  params: {
    profileName: profile.name
    name: 'PageHeaders'
    headers: pageHeaders
  }
}

// The API's headers: the worker sends the same values (functions/Hosting/SecurityHeaders.cs); these also cover what the
// Functions host answers itself (a key refused, no such function), and HSTS whatever scheme the worker saw.
module apiRuleSet 'headerruleset.bicep' = {
  name: 'frontDoorApiHeaders'
  params: {
    profileName: profile.name
    name: 'ApiHeaders'
    headers: apiHeaders
  }
}

// Never cached: every API answer is no-store.
resource apiRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-09-01' = {
  parent: endpoint
  name: 'api'
  properties: {
    originGroup: {
      id: apiGroup.id
    }
    patternsToMatch: ['/api/*']
    supportedProtocols: ['Http', 'Https']
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    ruleSets: [
      {
        id: apiRuleSet.outputs.id
      }
    ]
  }
  dependsOn: [apiOrigin]
}

// The pages are public and the same for everyone: cached at the edge (query strings do not change them) and compressed.
// A new upload of web/ is seen once the cache is purged (docs/deploy.md, step 4).
resource webRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-09-01' = {
  parent: endpoint
  name: 'web'
  properties: {
    originGroup: {
      id: webGroup.id
    }
    patternsToMatch: ['/*']
    supportedProtocols: ['Http', 'Https']
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    ruleSets: [
      {
        id: pageRuleSet.outputs.id
      }
    ]
    cacheConfiguration: {
      queryStringCachingBehavior: 'IgnoreQueryString'
      compressionSettings: {
        isCompressionEnabled: true
        contentTypesToCompress: ['text/html', 'text/css', 'text/javascript', 'application/javascript', 'image/x-icon']
      }
    }
  }
  dependsOn: [webOrigin]
}

resource waf 'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies@2024-02-01' = {
  name: '${replace(namePrefix, '-', '')}waf'
  location: 'global'
  sku: {
    name: sku
  }
  properties: {
    policySettings: {
      enabledState: 'Enabled'
      mode: wafMode
      requestBodyCheck: 'Enabled'
    }
    customRules: {
      rules: [
        {
          // Grouped by the address that opened the connection to Front Door, which a client cannot choose (unlike X-Forwarded-For).
          name: 'ApiRequestsPerAddress'
          priority: 100
          enabledState: 'Enabled'
          ruleType: 'RateLimitRule'
          rateLimitDurationInMinutes: 1
          rateLimitThreshold: apiRequestsPerMinute
          groupBy: [
            {
              variableName: 'SocketAddr'
            }
          ]
          matchConditions: [
            {
              matchVariable: 'RequestUri'
              operator: 'Contains'
              matchValue: ['/api/']
              transforms: ['Lowercase']
            }
            {
              // Signed callbacks from a few known systems: the app limits them per agency and per gateway (issue 18, point 1).
              matchVariable: 'RequestUri'
              operator: 'Contains'
              negateCondition: true
              matchValue: ['/api/agencies/', '/api/payments/vnpay/ipn']
              transforms: ['Lowercase']
            }
          ]
          action: 'Block'
        }
      ]
    }
    managedRules: {
      managedRuleSets: isPremium
        ? [
            {
              ruleSetType: 'Microsoft_DefaultRuleSet'
              ruleSetVersion: '2.1'
              ruleSetAction: 'Block'
            }
            {
              ruleSetType: 'Microsoft_BotManagerRuleSet'
              ruleSetVersion: '1.1'
            }
          ]
        : []
    }
  }
}

resource securityPolicy 'Microsoft.Cdn/profiles/securityPolicies@2024-09-01' = {
  parent: profile
  name: 'waf'
  properties: {
    parameters: {
      type: 'WebApplicationFirewall'
      wafPolicy: {
        id: waf.id
      }
      associations: [
        {
          domains: [
            {
              id: endpoint.id
            }
          ]
          patternsToMatch: ['/*']
        }
      ]
    }
  }
}

// What the WAF matched and blocked, and every request, next to the app's logs.
resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: profile
  name: 'logs'
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FrontDoorAccessLog'
        enabled: true
      }
      {
        category: 'FrontDoorWebApplicationFirewallLog'
        enabled: true
      }
    ]
  }
}

@description('The profile\'s own id, which Front Door sends to the origin in X-Azure-FDID.')
output frontDoorId string = profile.properties.frontDoorId

@description('The portal\'s address on the internet: the endpoint\'s host name.')
output hostName string = endpoint.properties.hostName

output profileName string = profile.name
output endpointName string = endpoint.name
