// A Front Door rule set that sets response headers on every answer of the routes using it: one rule per header, with no
// condition, overwriting whatever the origin sent.
param profileName string

@description('Letters and digits, starting with a letter.')
param name string

@description('Header name to value.')
param headers object

resource profile 'Microsoft.Cdn/profiles@2024-09-01' existing = {
  name: profileName
}

resource ruleSet 'Microsoft.Cdn/profiles/ruleSets@2024-09-01' = {
  parent: profile
  name: name
}

resource headerRules 'Microsoft.Cdn/profiles/ruleSets/rules@2024-09-01' = [
  for (header, i) in items(headers): {
    parent: ruleSet
    name: replace(header.key, '-', '')
    properties: {
      order: i + 1
      conditions: []
      actions: [
        {
          name: 'ModifyResponseHeader'
          parameters: {
            typeName: 'DeliveryRuleHeaderActionParameters'
            headerAction: 'Overwrite'
            headerName: header.key
            value: header.value
          }
        }
      ]
      matchProcessingBehavior: 'Continue'
    }
  }
]

// A route that uses this output waits for the whole module, its rules included.
output id string = ruleSet.id
