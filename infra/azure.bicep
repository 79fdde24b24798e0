// Azure resources for Attest: an App Service (Node 20) running the bot, a storage account for its state and the
// sealed token caches, and the Azure Bot registration with the Teams channel. Secrets arrive as secure parameters.
@maxLength(20)
@minLength(4)
param resourceBaseName string
param location string = resourceGroup().location
param webAppSku string = 'B1'
param botAadAppClientId string
@secure()
param botAadAppClientSecret string
param aadAppClientId string
@secure()
param aadAppClientSecret string
param aadAppTenantId string
param aadAppOauthAuthorityHost string = 'https://login.microsoftonline.com'
@secure()
param tokenCacheKey string
param botDisplayName string = 'Attest'

var storageName = toLower(replace('${resourceBaseName}st', '-', ''))

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: { minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: false, supportsHttpsTrafficOnly: true }
}

resource plan 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'app'
  sku: { name: webAppSku }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'app'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      alwaysOn: true
      nodeVersion: '~20'
      appCommandLine: 'node lib/index.js'
      appSettings: [
        { name: 'WEBSITE_NODE_DEFAULT_VERSION', value: '~20' }
        { name: 'ATTEST_MODE', value: 'azure' }
        { name: 'BOT_ID', value: botAadAppClientId }
        { name: 'BOT_PASSWORD', value: botAadAppClientSecret }
        { name: 'BOT_TENANT_ID', value: aadAppTenantId }
        { name: 'AAD_APP_CLIENT_ID', value: aadAppClientId }
        { name: 'AAD_APP_CLIENT_SECRET', value: aadAppClientSecret }
        { name: 'AAD_APP_TENANT_ID', value: aadAppTenantId }
        { name: 'AAD_APP_OAUTH_AUTHORITY_HOST', value: aadAppOauthAuthorityHost }
        { name: 'TOKEN_CACHE_KEY', value: tokenCacheKey }
        {
          name: 'STORAGE_CONNECTION_STRING'
          value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
        }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' }
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
  properties: { channelName: 'MsTeamsChannel' }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
