import { json, noContent, Route, route } from './http';
import { FaultRule, Faults, RequestLog } from './knobs';
import { Tenant } from './tenant';
import { badRequest, notFound } from './graph/errors';

const APP_PERMISSIONS = /^\/_localtenant\/apps\/(?<clientId>[^/]+)\/applicationPermissions$/;

/**
 * Local-only control endpoints under /_localtenant/: the request log, fault injection, the clock, and the
 * application permissions an app registration has been granted.
 * They are not part of Microsoft 365; the server listens on loopback only.
 */
export function knobRoutes(tenant: Tenant, faults: Faults, log: RequestLog): Route[] {
  return [
    // ?entries=all lists every kept entry instead of the latest 500 (the shape is documented in knobs.ts).
    route('GET', /\/_localtenant\/requests/, 'knob requests', (req) =>
      json(200, log.summary(req.query.get('entries') === 'all')),
    ),
    route('DELETE', /\/_localtenant\/requests/, 'knob requests reset', () => {
      log.reset();
      return noContent();
    }),
    route('GET', /\/_localtenant\/faults/, 'knob faults', () => json(200, { rules: faults.list() })),
    route('POST', /\/_localtenant\/faults/, 'knob faults add', (req) => {
      const rule = req.body as FaultRule;
      if (!rule || typeof rule.match !== 'string')
        return badRequest('A fault rule needs "match", a regular expression over "METHOD /path".');
      faults.add(rule);
      return json(201, { rules: faults.list() });
    }),
    route('DELETE', /\/_localtenant\/faults/, 'knob faults clear', () => {
      faults.clear();
      return noContent();
    }),
    route('GET', /\/_localtenant\/clock/, 'knob clock', () => json(200, { now: tenant.clock.now().toISOString() })),
    route('PUT', /\/_localtenant\/clock/, 'knob clock set', (req) => {
      const at = new Date(String((req.body as { now?: string })?.now));
      if (Number.isNaN(at.getTime())) return badRequest('Send {"now": "<ISO 8601 date-time>"}.');
      tenant.clock.set(at);
      return json(200, { now: tenant.clock.now().toISOString() });
    }),
    route('POST', /\/_localtenant\/clock\/advance/, 'knob clock advance', (req) => {
      const b = (req.body ?? {}) as { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number };
      const ms =
        (b.days ?? 0) * 86_400_000 +
        (b.hours ?? 0) * 3_600_000 +
        (b.minutes ?? 0) * 60_000 +
        (b.seconds ?? 0) * 1000 +
        (b.ms ?? 0);
      if (!Number.isFinite(ms) || ms < 0)
        return badRequest('Send {"days"|"hours"|"minutes"|"seconds"|"ms": <non-negative number>}.');
      tenant.clock.advance(ms);
      return json(200, { now: tenant.clock.now().toISOString() });
    }),
    route('GET', APP_PERMISSIONS, 'knob app permissions', (req) => {
      const app = tenant.app(req.params.clientId);
      if (!app) return notFound(`No app registration with client id '${req.params.clientId}'.`);
      return json(200, { permissions: [...app.applicationPermissions] });
    }),
    // Admin consent at run time: {"permissions": ["AccessReview.Read.All", ...]} replaces what the app was granted,
    // and the client credentials tokens issued from now on carry exactly these in their roles claim.
    route('PUT', APP_PERMISSIONS, 'knob app permissions set', (req) => {
      const permissions = (req.body as { permissions?: unknown } | undefined)?.permissions;
      if (!Array.isArray(permissions) || permissions.some((p) => typeof p !== 'string' || !p.trim())) {
        return badRequest('Send {"permissions": ["<application permission>", ...]}: a list of permission names.');
      }
      if (
        !tenant.grantApplicationPermissions(
          req.params.clientId,
          permissions.map((p: string) => p.trim()),
        )
      ) {
        return notFound(`No app registration with client id '${req.params.clientId}'.`);
      }
      return noContent();
    }),
  ];
}
