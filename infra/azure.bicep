// Azure resources for Attest: a Linux App Service (Node 20) running the bot on one or more instances, a storage
// account for its state, poll queue and sealed token caches, a Key Vault holding every secret the bot reads (App
// Service resolves them through Key Vault references with a managed identity), and the Azure Bot with the Teams
// channel and the OAuth connection for Teams SSO. Secrets arrive as secure parameters and are written to the vault
// only. Objects are written one property per line so that the toolkit's pinned Bicep CLI compiles this file too.

@description('Base of every resource name: 4 to 16 lower-case letters or digits. A suffix derived from the resource group keeps the names globally unique.')
@minLength(4)
@maxLength(16)
param resourceBaseName string

param location string = resourceGroup().location

@description('App Service plan size; B1 or larger (always-on and several instances need a paid plan).')
param webAppSku string = 'B1'

@description('How many App Service instances run the bot (a whole number, 1 to 30 depending on the plan). Teams allows an app 50 proactive messages per second per tenant; each instance sends its share.')
param instanceCount string = '1'

@description('Client id of the Azure Bot app registration (BOT_ID).')
param botAadAppClientId string

@secure()
param botAadAppClientSecret string

@description('Client id of the Entra app that signs users in (Teams SSO, api://botid-{BOT_ID}) and calls Graph on their behalf.')
param aadAppClientId string

@secure()
param aadAppClientSecret string

@description('The Microsoft 365 tenant both app registrations live in.')
param aadAppTenantId string

param aadAppOauthAuthorityHost string = 'https://login.microsoftonline.com'

@secure()
@description('32 random bytes in base64 that seal the token caches (openssl rand -base64 32).')
param tokenCacheKey string

@description('Name of the Azure Bot OAuth connection used for Teams SSO and its consent fallback.')
param ssoConnectionName string = 'attest-sso'

param graphBaseUrl string = 'https://graph.microsoft.com'

@allowed([
  'beta'
  'v1'
])
param graphListMode string = 'beta'

param storageContainer string = 'attest-state'

param botDisplayName string = 'Attest'

var uniqueName = toLower('${resourceBaseName}${take(uniqueString(resourceGroup().id), 6)}')
var instances = int(instanceCount)
var ssoResource = 'api://botid-${botAadAppClientId}'
// Built-in role "Key Vault Secrets User": read secret values, nothing else.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
// The Azure Bot Service's identity provider id for "Azure Active Directory v2".
var aadV2ProviderId = '30dd229c-58e3-4a48-bdfd-91ec48eb906c'

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: replace(uniqueName, '-', '')
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

// The identity App Service uses to read the vault. It exists, with its role, before the web app starts.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: uniqueName
  location: location
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: uniqueName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bot-password'
  properties: {
    value: botAadAppClientSecret
  }
}

resource aadAppClientSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'aad-app-client-secret'
  properties: {
    value: aadAppClientSecret
  }
}

resource tokenCacheKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'token-cache-key'
  properties: {
    value: tokenCacheKey
  }
}

resource storageConnectionSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'storage-connection-string'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

resource plan 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: uniqueName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
    capacity: instances
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: uniqueName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Any instance can serve any request: state is in storage, so no sticky sessions.
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'node lib/index.js'
      alwaysOn: true
      healthCheckPath: '/readyz'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        {
          name: 'ATTEST_MODE'
          value: 'azure'
        }
        {
          name: 'BOT_ID'
          value: botAadAppClientId
        }
        {
          name: 'BOT_PASSWORD'
          value: '@Microsoft.KeyVault(SecretUri=${botPasswordSecret.properties.secretUri})'
        }
        {
          name: 'BOT_TYPE'
          value: 'SingleTenant'
        }
        {
          name: 'BOT_TENANT_ID'
          value: aadAppTenantId
        }
        {
          name: 'AAD_APP_CLIENT_ID'
          value: aadAppClientId
        }
        {
          name: 'AAD_APP_CLIENT_SECRET'
          value: '@Microsoft.KeyVault(SecretUri=${aadAppClientSecretSecret.properties.secretUri})'
        }
        {
          name: 'AAD_APP_TENANT_ID'
          value: aadAppTenantId
        }
        {
          name: 'AAD_APP_OAUTH_AUTHORITY_HOST'
          value: aadAppOauthAuthorityHost
        }
        {
          name: 'SSO_CONNECTION_NAME'
          value: ssoConnectionName
        }
        {
          name: 'GRAPH_BASE_URL'
          value: graphBaseUrl
        }
        {
          name: 'GRAPH_LIST_MODE'
          value: graphListMode
        }
        {
          name: 'STORAGE_CONNECTION_STRING'
          value: '@Microsoft.KeyVault(SecretUri=${storageConnectionSecret.properties.secretUri})'
        }
        {
          name: 'STORAGE_CONTAINER'
          value: storageContainer
        }
        {
          name: 'TOKEN_CACHE_KEY'
          value: '@Microsoft.KeyVault(SecretUri=${tokenCacheKeySecret.properties.secretUri})'
        }
        {
          name: 'PROACTIVE_RATE_PER_SECOND'
          value: string(max(1, 50 / instances))
        }
        {
          // V8 sizes its heap to the machine and collects late; these limits keep one instance near 200 MB resident
          // (bench/reminders-instance.ts). Raise them if an instance serves much more than reminders and turns.
          name: 'NODE_OPTIONS'
          value: '--max-old-space-size=128 --max-semi-space-size=4'
        }
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
      ]
    }
  }
  dependsOn: [
    secretsUser
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: uniqueName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: aadAppTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// Teams SSO: Teams gets the user a token for the Application ID URI below and the bot exchanges it on behalf of the
// user. When Teams cannot do that silently, the sign-in button goes through this connection; it asks for the same
// scope, so the token it returns can be exchanged the same way.
resource ssoConnection 'Microsoft.BotService/botServices/connections@2022-09-15' = {
  parent: bot
  name: ssoConnectionName
  location: 'global'
  properties: {
    serviceProviderDisplayName: 'Azure Active Directory v2'
    serviceProviderId: aadV2ProviderId
    clientId: aadAppClientId
    clientSecret: aadAppClientSecret
    scopes: 'openid profile offline_access ${ssoResource}/access_as_user'
    parameters: [
      {
        key: 'tenantID'
        value: aadAppTenantId
      }
      {
        key: 'tokenExchangeUrl'
        value: ssoResource
      }
    ]
  }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output KEY_VAULT_NAME string = vault.name
