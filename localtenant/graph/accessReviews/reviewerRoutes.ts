import { json, noContent, Route, route } from '../../http';
import { sameId } from '../../objectIds';
import type { Tenant } from '../../tenant';
import { callerFor, identityOf, REVIEWER_READ, REVIEWER_WRITE, reviewerOf } from './access';
import {
  decisionBody,
  FILTER_FIELDS,
  itemShaper,
  ORDER_FIELDS,
  recordableInGraph,
  requireJustification,
} from './decisionRoutes';
import { INSTANCE_ORDER_FIELDS, instanceWithExpand } from './instanceRoutes';
import { collection, metadata, requireOnReviewer } from './lookups';
import { instanceJson, itemQueryView, SELECTABLE } from './shapes';

const FN = String.raw`filterByCurrentUser(?<fn>\(.*\)|%28.*%29)`;
const ALL_DECISIONS = String.raw`^/(?<v>beta)/identityGovernance/accessReviews/decisions/${FN}`;

/** The beta calls that answer "what is waiting for me" across every review in one request. */
export function reviewerRoutes(tenant: Tenant): Route[] {
  const store = tenant.reviews;
  return [
    // Deprecated in the docs (replaced by filterByCurrentUser), still used by the seed tutorial.
    route('GET', /^\/(?<v>beta)\/me\/pendingAccessReviewInstances$/, 'GET /me/pendingAccessReviewInstances', (req) => {
      const me = reviewerOf(callerFor(req, tenant, REVIEWER_READ));
      const pending = store.instancesReviewedBy(me.id).filter((i) => store.status(i) === 'InProgress');
      return json(
        200,
        collection(req, pending, {
          context: metadata(req, `users('${me.id}')/pendingAccessReviewInstances`),
          shape: (i) => instanceWithExpand(req, tenant, i),
          queryView: (i) => instanceJson(store, i),
          orderFields: INSTANCE_ORDER_FIELDS,
          alwaysCount: true,
          selectable: SELECTABLE.instance,
        }),
      );
    }),

    // Docs are silent: this lists the caller's items in instances (and stages) in progress.
    route('GET', new RegExp(`${ALL_DECISIONS}$`), 'GET accessReviews/decisions/filterByCurrentUser', (req) => {
      requireOnReviewer(req);
      const me = reviewerOf(callerFor(req, tenant, REVIEWER_READ));
      return json(
        200,
        collection(req, store.openItemsReviewedBy(me.id), {
          context: metadata(req, 'accessReviewInstanceDecisionItems'),
          shape: itemShaper(req, tenant),
          queryView: (it) => itemQueryView(store, it),
          filterFields: FILTER_FIELDS,
          orderFields: ORDER_FIELDS,
          alwaysCount: true,
          selectable: SELECTABLE.decision,
        }),
      );
    }),

    route(
      'POST',
      new RegExp(`${ALL_DECISIONS}/recordAllDecisions$`),
      'POST accessReviews/decisions/filterByCurrentUser/recordAllDecisions',
      (req) => {
        requireOnReviewer(req);
        const caller = callerFor(req, tenant, REVIEWER_WRITE);
        const me = reviewerOf(caller);
        const body = decisionBody(req);
        // Docs are silent on Azure resource role items here: they are left as they are (ARM records them).
        const items = store
          .openItemsReviewedBy(me.id)
          .filter((it) => recordableInGraph(it.instance))
          .filter(
            (it) =>
              (!body.principalId || sameId(it.principal.id, body.principalId)) &&
              (!body.resourceId || sameId(it.resource.id, body.resourceId)),
          );
        for (const inst of new Set(items.map((it) => it.instance))) requireJustification(inst, body);
        store.record(items, body.decision, body.justification, identityOf(caller, tenant));
        return noContent();
      },
    ),
  ];
}
