import type { Tenant } from '../tenant';
import { CatalogApp } from '../teamsApps';
import { CONTOSO } from './contosoDirectory';
import { stableGuid } from './ids';

/** The bot's app id in the local tenant (env/.env.local BOT_ID and AAD_APP_CLIENT_ID). */
export const ATTEST_BOT_ID = '2a1f5c7e-8d4b-4e6a-9c3f-1b7d9e0a4c21';
/**
 * The manifest id (appPackage/manifest.json "id", TEAMS_APP_ID) of Attest in the local tenant. Provisioning writes the
 * real one to env/.env.<name>; env/.env.local has none, so the local tenant fixes this one.
 */
export const ATTEST_MANIFEST_ID = '3c6d9f1a-2b4e-4f7a-8c5d-0e1f2a3b4c5d';

/** Attest in Contoso's organization catalog: its catalog id is the catalog's own, not the manifest id. */
export const ATTEST_CATALOG_APP: CatalogApp = {
  id: stableGuid('contoso:teamsapp:attest'),
  externalId: ATTEST_MANIFEST_ID,
  displayName: 'Attest (local)',
  distributionMethod: 'organization',
  version: '1.0.0',
  shortDescription: 'Do your Microsoft Entra access reviews in chat.',
  description: 'Attest shows the access reviews waiting for you and records your decisions.',
  azureADAppId: ATTEST_BOT_ID,
  botId: ATTEST_BOT_ID,
};

/**
 * Alex and Allan have Attest (they chat with it in the tutorials' tests); everyone else never used it, among them
 * Megan Bowen, who reviews Sales and Marketing and the second stage of Project Falcon while they are in progress.
 */
export function seedContosoTeams(tenant: Tenant): void {
  const app = tenant.teamsApps.addToCatalog({ ...ATTEST_CATALOG_APP });
  for (const userId of [CONTOSO.alex, CONTOSO.allan]) tenant.teamsApps.add(userId, app);
}
