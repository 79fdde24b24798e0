import { hasAnyRole } from '../../directory';
import { json, noContent, Route, route } from '../../http';
import type { Tenant } from '../../tenant';
import { Group } from '../../model';
import { Caller } from '../auth';
import { fail } from '../errors';
import {
  callerFor,
  identityOf,
  readsAll,
  requireManage,
  requireReadOrReviewer,
  REVIEWER_READ,
  reviewerOf,
  READ,
  WRITE,
} from './access';
import { DefinitionInput, parseDefinitionInput } from './definitions';
import { collection, definitionOr404, entity, metadata, requireOnReviewer, versionOf } from './lookups';
import { definitionJson, SELECTABLE } from './shapes';
import { Definition } from './types';

const BASE = String.raw`^/(?<v>v1\.0|beta)/identityGovernance/accessReviews/definitions`;
const FN = String.raw`filterByCurrentUser(?<fn>\(.*\)|%28.*%29)`;
/** Docs: displayName, createdDateTime and status support $orderby on definitions. */
const DEFINITION_ORDER_FIELDS = ['displayName', 'createdDateTime', 'status'];

/**
 * Roles that create reviews, per what is reviewed (accessreviewset-post-definitions.md, "To write access reviews of a
 * group or app: User Administrator, Identity Governance Administrator; of a Microsoft Entra role: Identity Governance
 * Administrator, Privileged Role Administrator"), with Global Administrator above both. Docs are silent on access
 * package reviews: the group-or-app roles here.
 */
const GROUP_OR_APP_WRITERS = ['Global Administrator', 'User Administrator', 'Identity Governance Administrator'];
const ROLE_WRITERS = ['Global Administrator', 'Identity Governance Administrator', 'Privileged Role Administrator'];
/**
 * A role-assignable group (isAssignableToRole) holds directory roles: the Privileged Role Administrator creates
 * reviews of it too, and of no other group or app (entra-docs id-governance/deploy-access-reviews.md, "Who will create
 * and manage access reviews?": "Privileged Role Administrator (only does reviews for Microsoft Entra role-assignable
 * groups)"; create-access-review.md of 2023: "Global administrators and Privileged Role administrators can create
 * reviews on role-assignable groups"). Docs are silent on whether the other group roles and group owners lose the
 * right for such a group; the newer table keeps them, and so does this tenant.
 */
const ROLE_ASSIGNABLE_GROUP_WRITERS = [...GROUP_OR_APP_WRITERS, 'Privileged Role Administrator'];

function reviewsRoles(input: DefinitionInput): boolean {
  const t = input.target;
  return t.kind === 'role' || (t.kind === 'memberships' && t.resources.some((r) => r.kind === 'role'));
}

/** The one group a definition reviews, when it reviews the members of one group. */
function oneGroupOf(input: DefinitionInput, tenant: Tenant): Group | undefined {
  const t = input.target;
  return t.kind === 'groups' && t.groups.kind === 'group' ? tenant.directory.groups.get(t.groups.groupId) : undefined;
}

/**
 * Who may create: the directory roles above, or, where the tenant's accessReviewPolicy lets group owners manage
 * reviews, an owner of the one group reviewed (the policy names groups only: an application's owners may not). An app
 * with the permission may create any review.
 */
function requireMayCreate(caller: Caller, input: DefinitionInput, tenant: Tenant): void {
  if (caller.kind === 'app') return;
  const group = oneGroupOf(input, tenant);
  const writers = reviewsRoles(input)
    ? ROLE_WRITERS
    : group?.isAssignableToRole
      ? ROLE_ASSIGNABLE_GROUP_WRITERS
      : GROUP_OR_APP_WRITERS;
  if (hasAnyRole(caller.user, writers)) return;
  if (tenant.accessReviewPolicy.isGroupOwnerManagementEnabled && group?.owners.has(caller.user.id)) return;
  fail(
    403,
    'Forbidden',
    reviewsRoles(input)
      ? 'The signed-in user needs a directory role that creates access reviews of Microsoft Entra roles.'
      : group?.isAssignableToRole
        ? 'The signed-in user needs a directory role that creates access reviews of role-assignable groups, or to own the group reviewed.'
        : 'The signed-in user needs a directory role that creates access reviews, or to own the group reviewed.',
  );
}

export function definitionRoutes(tenant: Tenant): Route[] {
  const store = tenant.reviews;
  const shape = (def: Definition, v: 'v1.0' | 'beta') => definitionJson(store, def, v);

  return [
    route('GET', new RegExp(`${BASE}/${FN}$`), 'GET accessReviews/definitions/filterByCurrentUser', (req) => {
      requireOnReviewer(req);
      const me = reviewerOf(callerFor(req, tenant, REVIEWER_READ));
      const defs = [...new Set(store.instancesReviewedBy(me.id).map((i) => i.definition))];
      const v = versionOf(req);
      return json(
        200,
        collection(req, defs, {
          context: metadata(req, 'Collection(accessReviewScheduleDefinition)'),
          shape: (d) => shape(d, v),
          orderFields: DEFINITION_ORDER_FIELDS,
          selectable: SELECTABLE.definition,
        }),
      );
    }),

    route('GET', new RegExp(`${BASE}$`), 'GET accessReviews/definitions', (req) => {
      const caller = callerFor(req, tenant, READ);
      // Docs: the creator, or a reader role, reads a review; others see only the reviews they created.
      const all = [...store.definitions.values()];
      const visible = readsAll(caller)
        ? all
        : all.filter((d) => caller.kind === 'user' && d.createdBy.id === caller.user.id);
      const v = versionOf(req);
      return json(
        200,
        collection(req, visible, {
          context: metadata(req, 'identityGovernance/accessReviews/definitions'),
          shape: (d) => shape(d, v),
          orderFields: DEFINITION_ORDER_FIELDS,
          selectable: SELECTABLE.definition,
        }),
      );
    }),

    route('POST', new RegExp(`${BASE}$`), 'POST accessReviews/definitions', (req) => {
      const caller = callerFor(req, tenant, WRITE);
      const input = parseDefinitionInput(req.body, tenant.directory, tenant.clock.nowMs(), {
        governance: tenant.governance,
      });
      requireMayCreate(caller, input, tenant);
      const def = store.create(input, identityOf(caller, tenant));
      // The service answers before it has started the series: the tutorials' 201 bodies say NotStarted.
      return json(201, {
        '@odata.context': metadata(req, 'identityGovernance/accessReviews/definitions/$entity'),
        ...definitionJson(store, def, versionOf(req), 'NotStarted'),
      });
    }),

    route('GET', new RegExp(`${BASE}/(?<d>[^/]+)$`), 'GET accessReviews/definitions/{id}', (req) => {
      const caller = callerFor(req, tenant, READ);
      const def = definitionOr404(tenant, req.params.d);
      requireReadOrReviewer(caller, def, def.instances, tenant);
      return json(
        200,
        entity(
          req,
          metadata(req, 'identityGovernance/accessReviews/definitions/$entity'),
          shape(def, versionOf(req)),
          SELECTABLE.definition,
        ),
      );
    }),

    route('PUT', new RegExp(`${BASE}/(?<d>[^/]+)$`), 'PUT accessReviews/definitions/{id}', (req) => {
      const caller = callerFor(req, tenant, WRITE);
      const def = definitionOr404(tenant, req.params.d);
      requireManage(caller, def);
      // A PUT carries the whole object; only names, descriptions, reviewers and settings take effect.
      store.update(
        def,
        parseDefinitionInput(req.body, tenant.directory, tenant.clock.nowMs(), {
          governance: tenant.governance,
          undocumented: def.target.kind === 'pimGroup' || def.target.kind === 'azureRole',
        }),
      );
      return noContent();
    }),

    route('DELETE', new RegExp(`${BASE}/(?<d>[^/]+)$`), 'DELETE accessReviews/definitions/{id}', (req) => {
      const caller = callerFor(req, tenant, WRITE);
      const def = definitionOr404(tenant, req.params.d);
      requireManage(caller, def);
      store.remove(def);
      return noContent();
    }),
  ];
}
