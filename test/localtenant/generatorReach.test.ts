import { generateTenant } from '../../localtenant/seed/generator';
import { ATTEST_CATALOG_APP } from '../../localtenant/seed/contosoTeams';
import { Tenant } from '../../localtenant/tenant';
import { stableGuid } from '../../localtenant/seed/ids';

/** The benchmark population for reaching every reviewer: many reviewers who never installed Attest. */
describe('the generator, for reviewers without the app', () => {
  it('builds 500 reviews and 5,000 reviewers, none with Attest installed by default', () => {
    const tenant = new Tenant('f9a44fab-6764-4166-aac0-c8aca790a100', 'contoso.com');
    const out = generateTenant(tenant, { seed: 15, reviews: 500, reviewers: 5000, itemsPerInstance: 20 });
    expect(out).toMatchObject({ appInstalled: 0, appNotInstalled: 5000 });
    expect(out.definitionIds).toHaveLength(500);
    expect(tenant.teamsApps.catalogApp(ATTEST_CATALOG_APP.id)?.externalId).toBe(ATTEST_CATALOG_APP.externalId);
    expect(tenant.teamsApps.installedFor(stableGuid('generated:15:user:0'))).toEqual([]);
  });

  it('installs Attest for the first reviewers when asked, and refuses more than there are', () => {
    const tenant = new Tenant('f9a44fab-6764-4166-aac0-c8aca790a100', 'contoso.com');
    const out = generateTenant(tenant, { seed: 3, reviews: 2, reviewers: 10, itemsPerInstance: 5, appInstalledFor: 4 });
    expect(out).toMatchObject({ appInstalled: 4, appNotInstalled: 6 });
    expect(tenant.teamsApps.installedFor(stableGuid('generated:3:user:3'))).toHaveLength(1);
    expect(tenant.teamsApps.installedFor(stableGuid('generated:3:user:4'))).toEqual([]);
    expect(() => generateTenant(new Tenant('t', 'contoso.com'), { reviewers: 2, appInstalledFor: 3 })).toThrow(
      'appInstalledFor must be 0..reviewers.',
    );
  });
});
