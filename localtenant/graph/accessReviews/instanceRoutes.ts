import { hasAnyRole, REVIEW_ADMIN_ROLES } from '../../directory';
import { json, noContent, Req, Route, route } from '../../http';
import type { Tenant } from '../../tenant';
import { fail } from '../errors';
import { parseExpand } from '../odata';
import {
  callerFor,
  identityOf,
  requireManage,
  requireRead,
  requireReadOrReviewer,
  REVIEWER_READ,
  reviewerOf,
  READ,
  WRITE,
} from './access';
import {
  collection,
  definitionOr404,
  entity,
  instanceOr404,
  metadata,
  requireOnReviewer,
  stageOr404,
  versionOf,
} from './lookups';
import { definitionJson, instanceJson, SELECTABLE, stageJson } from './shapes';
import { Instance } from './types';

const DEF = String.raw`^/(?<v>v1\.0|beta)/identityGovernance/accessReviews/definitions/(?<d>[^/]+)/instances`;
const INST = String.raw`${DEF}/(?<i>[^/]+)`;
const FN = String.raw`filterByCurrentUser(?<fn>\(.*\)|%28.*%29)`;

/**
 * Properties $orderby accepts on instance collections. Docs: status supports $orderby. Docs are silent:
 * startDateTime and endDateTime are sortable here too (the list docs accept $orderby without naming them).
 */
export const INSTANCE_ORDER_FIELDS = ['status', 'startDateTime', 'endDateTime'];
/**
 * Properties $filter accepts on instance collections. Docs (accessreviewinstance.md): status supports $filter (eq
 * only); scope supports contains only, which this tenant does not parse; no other property supports $filter.
 */
export const INSTANCE_FILTER_FIELDS = ['status'];
/** Docs are silent on which contactedReviewers and stage properties $orderby accepts; these sort here. */
const REVIEWER_ORDER_FIELDS = ['displayName', 'createdDateTime'];
const STAGE_ORDER_FIELDS = ['startDateTime', 'endDateTime', 'status'];

/** An instance as JSON, with its definition when the request says $expand=definition. */
export function instanceWithExpand(req: Req, tenant: Tenant, inst: Instance): Record<string, unknown> {
  const out: Record<string, unknown> = instanceJson(tenant.reviews, inst);
  if (parseExpand(req.query.get('$expand')).some((e) => e.name === 'definition')) {
    out.definition = definitionJson(tenant.reviews, inst.definition, versionOf(req));
  }
  return out;
}

// Docs are silent: stop, sendReminder or applyDecisions on an instance in the wrong state get 409 Conflict here
// (the state of the resource conflicts with the request).
function conflict(message: string): never {
  fail(409, 'Conflict', message);
}

export function instanceRoutes(tenant: Tenant): Route[] {
  const store = tenant.reviews;
  const instancesContext = (req: Req) =>
    metadata(req, `identityGovernance/accessReviews/definitions('${req.params.d}')/instances`);

  return [
    route(
      'GET',
      new RegExp(`${DEF}/${FN}$`),
      'GET accessReviews/definitions/{id}/instances/filterByCurrentUser',
      (req) => {
        requireOnReviewer(req);
        const me = reviewerOf(callerFor(req, tenant, REVIEWER_READ));
        const def = definitionOr404(tenant, req.params.d);
        const mine = store.instancesReviewedBy(me.id).filter((i) => i.definition === def);
        return json(
          200,
          collection(req, mine, {
            context: metadata(req, 'Collection(accessReviewInstance)'),
            shape: (i) => instanceWithExpand(req, tenant, i),
            queryView: (i) => instanceJson(store, i),
            filterFields: INSTANCE_FILTER_FIELDS,
            orderFields: INSTANCE_ORDER_FIELDS,
            selectable: SELECTABLE.instance,
          }),
        );
      },
    ),

    route('GET', new RegExp(`${DEF}$`), 'GET accessReviews/definitions/{id}/instances', (req) => {
      const caller = callerFor(req, tenant, READ);
      const def = definitionOr404(tenant, req.params.d);
      requireRead(caller, def);
      return json(
        200,
        collection(req, def.instances, {
          context: instancesContext(req),
          shape: (i) => instanceWithExpand(req, tenant, i),
          queryView: (i) => instanceJson(store, i),
          filterFields: INSTANCE_FILTER_FIELDS,
          orderFields: INSTANCE_ORDER_FIELDS,
          selectable: SELECTABLE.instance,
        }),
      );
    }),

    route('GET', new RegExp(`${INST}$`), 'GET accessReviews/definitions/{id}/instances/{id}', (req) => {
      const caller = callerFor(req, tenant, READ);
      const def = definitionOr404(tenant, req.params.d);
      const inst = instanceOr404(tenant, def, req.params.i);
      requireReadOrReviewer(caller, def, [inst], tenant);
      return json(
        200,
        entity(req, `${instancesContext(req)}/$entity`, instanceWithExpand(req, tenant, inst), SELECTABLE.instance),
      );
    }),

    route('POST', new RegExp(`${INST}/stop$`), 'POST accessReviews/instances/{id}/stop', (req) => {
      const caller = callerFor(req, tenant, WRITE);
      const def = definitionOr404(tenant, req.params.d);
      const inst = instanceOr404(tenant, def, req.params.i);
      requireManage(caller, def);
      if (store.status(inst) !== 'InProgress') conflict('Only an access review instance in progress can be stopped.');
      store.stop(inst);
      return noContent();
    }),

    route('POST', new RegExp(`${INST}/applyDecisions$`), 'POST accessReviews/instances/{id}/applyDecisions', (req) => {
      const caller = callerFor(req, tenant, WRITE);
      const def = definitionOr404(tenant, req.params.d);
      const inst = instanceOr404(tenant, def, req.params.i);
      requireManage(caller, def);
      if (def.settings.autoApplyDecisionsEnabled) {
        fail(
          400,
          'BadRequest',
          'Decisions of this access review are applied automatically (autoApplyDecisionsEnabled).',
        );
      }
      const status = store.status(inst);
      if (status === 'Applied') conflict('The decisions of this access review instance have already been applied.');
      if (status !== 'Completed') conflict('The access review instance must be Completed to apply its decisions.');
      store.apply(inst, identityOf(caller, tenant));
      return noContent();
    }),

    route('POST', new RegExp(`${INST}/sendReminder$`), 'POST accessReviews/instances/{id}/sendReminder', (req) => {
      const caller = callerFor(req, tenant, WRITE);
      const def = definitionOr404(tenant, req.params.d);
      const inst = instanceOr404(tenant, def, req.params.i);
      if (caller.kind === 'user' && !hasAnyRole(caller.user, REVIEW_ADMIN_ROLES)) {
        fail(403, 'Forbidden', 'Sending reminders needs a directory role that manages access reviews.');
      }
      if (store.status(inst) !== 'InProgress') conflict('Reminders can be sent only for an instance in progress.');
      return noContent();
    }),

    route(
      'GET',
      new RegExp(`${INST}/contactedReviewers$`),
      'GET accessReviews/instances/{id}/contactedReviewers',
      (req) => {
        const caller = callerFor(req, tenant, READ);
        const def = definitionOr404(tenant, req.params.d);
        const inst = instanceOr404(tenant, def, req.params.i);
        requireRead(caller, def);
        // accessreviewinstance-list-contactedreviewers: the answer carries @odata.count, as with decisions.
        return json(
          200,
          collection(req, store.contactedReviewers(inst), {
            context: metadata(
              req,
              `identityGovernance/accessReviews/definitions('${def.id}')/instances('${inst.id}')/contactedReviewers`,
            ),
            orderFields: REVIEWER_ORDER_FIELDS,
            alwaysCount: true,
            selectable: SELECTABLE.reviewer,
            shape: ({ user, contactedMs }) => ({
              id: user.id,
              displayName: user.displayName,
              userPrincipalName: user.userPrincipalName,
              createdDateTime: new Date(contactedMs).toISOString(),
            }),
          }),
        );
      },
    ),

    route('GET', new RegExp(`${INST}/stages$`), 'GET accessReviews/instances/{id}/stages', (req) => {
      const caller = callerFor(req, tenant, READ);
      const def = definitionOr404(tenant, req.params.d);
      const inst = instanceOr404(tenant, def, req.params.i);
      requireReadOrReviewer(caller, def, [inst], tenant);
      // Docs: stages are listed for multi-stage reviews; a single-stage instance has none to list.
      return json(
        200,
        collection(req, inst.multiStage ? inst.stages : [], {
          context: metadata(
            req,
            `identityGovernance/accessReviews/definitions('${def.id}')/instances('${inst.id}')/stages`,
          ),
          shape: (s) => stageJson(store, s, inst),
          orderFields: STAGE_ORDER_FIELDS,
          selectable: SELECTABLE.stage,
        }),
      );
    }),

    route('GET', new RegExp(`${INST}/stages/(?<s>[^/]+)$`), 'GET accessReviews/instances/{id}/stages/{id}', (req) => {
      const caller = callerFor(req, tenant, READ);
      const def = definitionOr404(tenant, req.params.d);
      const inst = instanceOr404(tenant, def, req.params.i);
      requireReadOrReviewer(caller, def, [inst], tenant);
      const stage = stageOr404(inst, req.params.s);
      return json(
        200,
        entity(
          req,
          metadata(
            req,
            `identityGovernance/accessReviews/definitions('${def.id}')/instances('${inst.id}')/stages/$entity`,
          ),
          stageJson(store, stage, inst),
          SELECTABLE.stage,
        ),
      );
    }),
  ];
}
