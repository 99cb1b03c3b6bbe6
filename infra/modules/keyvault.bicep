// The vault for the function keys (FunctionKeys__Default, FunctionKeys__Admin) and agency secrets, authorised
// by Azure RBAC alone: no access policies to drift from the role assignments.
@maxLength(24)
param name string

param location string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
