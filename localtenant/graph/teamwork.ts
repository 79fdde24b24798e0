import { json, noContent, Req, Route, route } from '../http';
import { sameId } from '../objectIds';
import type { Tenant } from '../tenant';
import { CatalogApp, Installation } from '../teamsApps';
import { collection, entity, metadata } from './accessReviews/lookups';
import { authenticate, Caller, requirePermission } from './auth';
import { notFoundObject } from './directoryUsers';
import { fail } from './errors';
import { parseExpand } from './odata';

/**
 * Teams apps in a user's personal scope and the tenant's app catalog (microsoft-graph-docs-contrib, api-reference/v1.0):
 *   GET    /users/{id | upn}/teamwork/installedApps[/{id}]   userteamwork-list-installedapps.md, -get-installedapps.md
 *   POST   /users/{id | upn}/teamwork/installedApps          userteamwork-post-installedapps.md: 201, no body
 *   DELETE /users/{id | upn}/teamwork/installedApps/{id}     userteamwork-delete-installedapps.md: 204
 *   GET    /appCatalogs/teamsApps                             appcatalogs-list-teamsapps.md
 */

/** Permission tables of those pages, least privileged first. */
const INSTALL_WRITE = {
  delegated: [
    'TeamsAppInstallation.ReadWriteSelfForUser',
    'TeamsAppInstallation.ReadWriteAndConsentSelfForUser',
    'TeamsAppInstallation.ReadWriteAndConsentForUser',
    'TeamsAppInstallation.ReadWriteForUser',
  ],
  application: [
    'TeamsAppInstallation.ReadWriteSelfForUser.All',
    'TeamsAppInstallation.ReadWriteAndConsentSelfForUser.All',
    'TeamsAppInstallation.ReadWriteAndConsentForUser.All',
    'TeamsAppInstallation.ReadWriteForUser.All',
  ],
};
const INSTALL_READ = {
  delegated: ['TeamsAppInstallation.ReadForUser', ...INSTALL_WRITE.delegated],
  application: ['TeamsAppInstallation.ReadForUser.All', ...INSTALL_WRITE.application],
};
const CATALOG_READ = {
  delegated: [
    'AppCatalog.Submit',
    'AppCatalog.Read.All',
    'AppCatalog.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  application: ['AppCatalog.Read.All', 'AppCatalog.ReadWrite.All'],
};

const V = String.raw`^\/(?<v>v1\.0|beta)`;
const INSTALLED = String.raw`${V}\/users\/(?<u>[^/]+)\/teamwork\/installedApps`;

/** The teamsApp resource (teamsapp.md) as the catalog lists it. */
export function teamsAppJson(app: CatalogApp): Record<string, unknown> {
  return {
    id: app.id,
    externalId: app.externalId,
    displayName: app.displayName,
    distributionMethod: app.distributionMethod,
  };
}

/** The teamsAppDefinition resource (teamsappdefinition.md), with the fields the list example shows. */
export function teamsAppDefinitionJson(app: CatalogApp): Record<string, unknown> {
  return {
    id: Buffer.from(`${app.id}##${app.version}`).toString('base64'),
    teamsAppId: app.id,
    azureADAppId: app.azureADAppId,
    displayName: app.displayName,
    version: app.version,
    publishingState: 'published',
    shortDescription: app.shortDescription,
    description: app.description,
    lastModifiedDateTime: null,
    createdBy: null,
  };
}

export function teamworkRoutes(tenant: Tenant): Route[] {
  const apps = tenant.teamsApps;

  /** The user of the URL; the permission check first, so an unauthorised caller learns nothing of who exists. */
  const target = (req: Req, perms: typeof INSTALL_READ) => {
    const caller = authenticate(req, tenant);
    requirePermission(caller, perms);
    const user = tenant.directory.findUser(req.params.u);
    if (!user) notFoundObject(req.params.u);
    // Docs are silent on the answer; the delegated permissions act for the signed-in user's own personal scope.
    if (caller.kind === 'user' && !sameId(caller.user.id, user.id)) {
      fail(403, 'Forbidden', "Delegated permissions manage the signed-in user's own apps only.");
    }
    return { caller, user };
  };

  /**
   * The "Self" permissions let an app read and manage only itself (permissions reference): the catalog app whose
   * Entra app or bot is the caller. Docs are silent on the error; 403 Forbidden here.
   */
  const requireMayManage = (caller: Caller, app: CatalogApp) => {
    const granted = caller.kind === 'user' ? caller.scopes : caller.roles;
    const broad = (caller.kind === 'user' ? INSTALL_WRITE.delegated : INSTALL_WRITE.application).filter(
      (p) => !p.includes('Self'),
    );
    if (broad.some((p) => granted.has(p))) return;
    if (sameId(app.azureADAppId, caller.appId) || sameId(app.botId, caller.appId)) return;
    fail(403, 'Forbidden', 'The app may install, upgrade and uninstall only itself with this permission.');
  };

  const shape = (req: Req) => {
    const expanded = new Set(parseExpand(req.query.get('$expand')).map((e) => e.name));
    return (i: Installation) => {
      const out: Record<string, unknown> = { id: i.id };
      if (expanded.has('teamsApp')) out.teamsApp = teamsAppJson(i.app);
      if (expanded.has('teamsAppDefinition')) out.teamsAppDefinition = teamsAppDefinitionJson(i.app);
      return out;
    };
  };
  const queryView = (i: Installation) => ({
    id: i.id,
    teamsApp: teamsAppJson(i.app),
    teamsAppDefinition: teamsAppDefinitionJson(i.app),
  });
  const context = (req: Req) => metadata(req, `users('${req.params.u}')/teamwork/installedApps`);

  return [
    route('GET', new RegExp(`${INSTALLED}$`), 'GET /users/{id}/teamwork/installedApps', (req) => {
      const { user } = target(req, INSTALL_READ);
      const body = collection(req, apps.installedFor(user.id), {
        context: context(req),
        shape: shape(req),
        queryView,
        filterFields: [
          'id',
          'teamsApp/id',
          'teamsApp/externalId',
          'teamsApp/displayName',
          'teamsAppDefinition/teamsAppId',
        ],
      });
      // The docs' example of a $filter on teamsApp/externalId answers with @odata.count.
      if (req.query.get('$filter') && body['@odata.count'] === undefined) {
        const { value, ...rest } = body;
        return json(200, { ...rest, '@odata.count': (value as unknown[]).length, value });
      }
      return json(200, body);
    }),

    route('GET', new RegExp(`${INSTALLED}/(?<i>[^/]+)$`), 'GET /users/{id}/teamwork/installedApps/{id}', (req) => {
      const { user } = target(req, INSTALL_READ);
      const found = apps.installation(user.id, req.params.i);
      if (!found) fail(404, 'NotFound', `The app installation '${req.params.i}' was not found for the user.`);
      return json(200, entity(req, `${context(req)}/$entity`, shape(req)(found)));
    }),

    route('POST', new RegExp(`${INSTALLED}$`), 'POST /users/{id}/teamwork/installedApps', (req) => {
      const { caller, user } = target(req, INSTALL_WRITE);
      const bind = (req.body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'];
      const appId = typeof bind === 'string' ? /\/appCatalogs\/teamsApps\/([^/?#]+)$/.exec(bind)?.[1] : undefined;
      if (!appId) {
        fail(
          400,
          'BadRequest',
          'Send {"teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{id}"}.',
        );
      }
      const app = apps.catalogApp(decodeURIComponent(appId));
      // Docs are silent on the answer for an app not in the catalog: 404 NotFound here.
      if (!app) fail(404, 'NotFound', `The Teams app '${appId}' was not found in the app catalog.`);
      requireMayManage(caller, app);
      // Docs are silent on installing an app the user already has; Graph users report 409 Conflict for the same case
      // in a team (microsoft-graph-docs-contrib issue 3686), and so does this tenant for a user.
      if (apps.isInstalled(user.id, app.id)) {
        fail(409, 'Conflict', `The app '${app.id}' is already installed for the user.`);
      }
      apps.install(user.id, app);
      return { status: 201 };
    }),

    route(
      'DELETE',
      new RegExp(`${INSTALLED}/(?<i>[^/]+)$`),
      'DELETE /users/{id}/teamwork/installedApps/{id}',
      (req) => {
        const { caller, user } = target(req, INSTALL_WRITE);
        const found = apps.installation(user.id, req.params.i);
        if (!found) fail(404, 'NotFound', `The app installation '${req.params.i}' was not found for the user.`);
        requireMayManage(caller, found.app);
        apps.uninstall(found);
        return noContent();
      },
    ),

    // "You can filter on any of the fields of the teamsApp object": eq with and/or here (not ne or not).
    route('GET', new RegExp(`${V}/appCatalogs/teamsApps$`), 'GET /appCatalogs/teamsApps', (req) => {
      const caller = authenticate(req, tenant);
      requirePermission(caller, CATALOG_READ);
      const expandsDefinitions = parseExpand(req.query.get('$expand')).some((e) => e.name === 'appDefinitions');
      return json(
        200,
        collection(req, [...apps.catalog.values()], {
          context: metadata(req, 'appCatalogs/teamsApps'),
          shape: (a) =>
            expandsDefinitions ? { ...teamsAppJson(a), appDefinitions: [teamsAppDefinitionJson(a)] } : teamsAppJson(a),
          queryView: teamsAppJson,
          filterFields: ['id', 'externalId', 'displayName', 'distributionMethod'],
        }),
      );
    }),
  ];
}
