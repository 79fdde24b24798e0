/** An accessReviewQueryScope: one Microsoft Graph query. */
export const queryScope = (query: string) => ({
  '@odata.type': '#microsoft.graph.accessReviewQueryScope',
  query,
  queryType: 'MicrosoftGraph',
});

/**
 * Create-definitions example 3 (api-reference/v1.0/api/accessreviewset-post-definitions.md): all users assigned to an
 * application, as a principalResourceMembershipsScope.
 */
export const appUsersScope = (servicePrincipalId: string) => ({
  '@odata.type': '#microsoft.graph.principalResourceMembershipsScope',
  principalScopes: [queryScope('/users')],
  resourceScopes: [queryScope(`/servicePrincipals/${servicePrincipalId}`)],
});
