import { json, noContent, Req, Route, route } from '../../http';
import { sameId } from '../../objectIds';
import type { Tenant } from '../../tenant';
import { fail } from '../errors';
import { applySelect, Expansion, parseExpand } from '../odata';
import {
  callerFor,
  identityOf,
  managesAll,
  requireManage,
  requireRead,
  REVIEWER_READ,
  REVIEWER_WRITE,
  reviewerOf,
  READ,
} from './access';
import { instanceWithExpand } from './instanceRoutes';
import {
  collection,
  definitionOr404,
  entity,
  instanceOr404,
  itemOr404,
  metadata,
  requireOnReviewer,
  stageOr404,
  versionOf,
} from './lookups';
import { insightsJson, itemJson, itemQueryView, SELECTABLE } from './shapes';
import { Decision, Instance, Item, Stage } from './types';

const INST = String.raw`^/(?<v>v1\.0|beta)/identityGovernance/accessReviews/definitions/(?<d>[^/]+)/instances/(?<i>[^/]+)`;
const DECISIONS = String.raw`${INST}(?:/stages/(?<s>[^/]+))?/decisions`;
const FN = String.raw`filterByCurrentUser(?<fn>\(.*\)|%28.*%29)`;

/**
 * Properties $filter (eq) accepts on decision collections. Docs: decision, recommendation and applyResult support
 * $filter (eq only). Docs are silent: the access review docs do not list the other decision properties $filter
 * accepts; id and the principal, reviewer and target fields below are accepted here as standard OData eq, so a
 * client can read back the items it has just decided with `id eq 'a' or id eq 'b'`.
 */
export const FILTER_FIELDS = [
  'id',
  'decision',
  'recommendation',
  'applyResult',
  'principal/id',
  'principal/userPrincipalName',
  'reviewedBy/id',
  'target/userId',
];
/**
 * Properties $orderby accepts on decision collections. Docs: decision, recommendation and applyResult support
 * $orderby. Docs are silent: principal/displayName and reviewedDateTime (a list in the order a reviewer reads it)
 * are sortable here too.
 */
export const ORDER_FIELDS = ['decision', 'recommendation', 'applyResult', 'principal/displayName', 'reviewedDateTime'];
const DECISIONS_ACCEPTED: Decision[] = ['Approve', 'Deny', 'NotReviewed', 'DontKnow'];

export interface DecisionBody {
  decision: Decision;
  justification: string;
  principalId?: string;
  resourceId?: string;
}

/** The body of PATCH, batchRecordDecisions and recordAllDecisions. */
export function decisionBody(req: Req): DecisionBody {
  const b = (req.body ?? {}) as Record<string, unknown>;
  const decision = DECISIONS_ACCEPTED.find((d) => d.toLowerCase() === String(b.decision ?? '').toLowerCase());
  if (!decision) {
    fail(400, 'BadRequest', `Invalid decision '${String(b.decision ?? '')}'. Use ${DECISIONS_ACCEPTED.join(', ')}.`);
  }
  if (b.justification !== undefined && b.justification !== null && typeof b.justification !== 'string') {
    fail(400, 'BadRequest', "The property 'justification' must be a string.");
  }
  return {
    decision,
    justification: (b.justification as string | undefined) ?? '',
    principalId: typeof b.principalId === 'string' && b.principalId ? b.principalId : undefined,
    resourceId: typeof b.resourceId === 'string' && b.resourceId ? b.resourceId : undefined,
  };
}

/** Docs: justification is required on Approve when the definition's justificationRequiredOnApproval is true. */
export function requireJustification(inst: Instance, body: DecisionBody): void {
  if (
    inst.definition.settings.justificationRequiredOnApproval &&
    body.decision === 'Approve' &&
    !body.justification.trim()
  ) {
    // Docs are silent: the message is this tenant's.
    fail(400, 'BadRequest', 'A justification is required to approve access in this access review.');
  }
}

/**
 * Decisions can be recorded only while the instance (and the item's stage) is in progress.
 * Docs are silent: the error for other states is 409 Conflict here.
 */
export function requireOpen(tenant: Tenant, items: Item[], inst: Instance, stage: Stage): void {
  const open = tenant.reviews.stageStatus(stage, inst) === 'InProgress';
  if (!open || items.some((it) => !tenant.reviews.isOpenForDecisions(it))) {
    fail(409, 'Conflict', 'Decisions can be recorded only while the access review instance is InProgress.');
  }
}

/**
 * Azure resource role reviews live in Azure Resource Manager (Microsoft.Authorization/accessReviewScheduleDefinitions):
 * Graph lists their items to the reviewer (v1.0 api/accessreviewinstance-list-decisions.md, example 2, shows an
 * accessReviewInstanceDecisionItemAzureRoleResource in decisions/filterByCurrentUser), but documents no way to record
 * them; ARM documents its own (AccessReviewInstanceMyDecisions, AccessReviewDecisions_Patch).
 * Docs are silent on what Graph answers when asked to record one: 400 here, so a client cannot take it as recorded.
 */
export function recordableInGraph(inst: Instance): boolean {
  return inst.definition.target.kind !== 'azureRole';
}

export function requireRecordableInGraph(inst: Instance): void {
  if (!recordableInGraph(inst)) {
    fail(
      400,
      'BadRequest',
      'Decisions of an access review of Azure resource roles are recorded through Azure Resource Manager, not Microsoft Graph.',
    );
  }
}

/** Shapes decision items for a request: version, $expand=insights, and $expand=instance($expand=definition). */
export function itemShaper(req: Req, tenant: Tenant): (item: Item) => Record<string, unknown> {
  const v = versionOf(req);
  const expand = parseExpand(req.query.get('$expand'));
  const insights = expand.some((e) => e.name === 'insights');
  const instance: Expansion | undefined = expand.find((e) => e.name === 'instance');
  return (item) => {
    const out = itemJson(tenant.reviews, item, v, req.baseUrl);
    if (insights) out.insights = insightsJson(item);
    if (instance) {
      const nested = { ...req, query: new URLSearchParams(instance.expand.length ? { $expand: 'definition' } : {}) };
      const inst = instanceWithExpand(nested, tenant, item.instance);
      const definition = instance.expand.find((e) => e.name === 'definition');
      if (definition && inst.definition) inst.definition = applySelect(inst.definition as object, definition.select);
      out.instance = applySelect(
        inst,
        instance.select,
        instance.expand.map((e) => e.name),
      );
    }
    return out;
  };
}

export function decisionRoutes(tenant: Tenant): Route[] {
  const store = tenant.reviews;
  const context = (req: Req) =>
    metadata(
      req,
      `identityGovernance/accessReviews/definitions('${req.params.d}')/instances('${req.params.i}')${req.params.s ? `/stages('${req.params.s}')` : ''}/decisions`,
    );
  // Docs are silent: a multi-stage instance's own decisions list is its current stage's items here.
  const locate = (req: Req) => {
    const def = definitionOr404(tenant, req.params.d);
    const inst = instanceOr404(tenant, def, req.params.i);
    const stage = req.params.s ? stageOr404(inst, req.params.s) : store.currentStage(inst);
    return { def, inst, stage };
  };
  /** The calling reviewer's items in the instance (current stage), for the calls that record decisions; 403 for others. */
  const myItems = (req: Req) => {
    const caller = callerFor(req, tenant, REVIEWER_WRITE);
    const me = reviewerOf(caller);
    const { inst, stage } = locate(req);
    if (!store.isReviewerOf(me.id, inst))
      fail(403, 'Forbidden', 'The signed-in user is not a reviewer of this access review.');
    return { caller, inst, stage, mine: store.itemsReviewedBy(me.id, inst, stage) };
  };
  const itemCollection = (req: Req, items: Item[], ctx: string) =>
    collection(req, items, {
      context: ctx,
      shape: itemShaper(req, tenant),
      queryView: (it) => itemQueryView(store, it),
      filterFields: FILTER_FIELDS,
      orderFields: ORDER_FIELDS,
      alwaysCount: true,
      selectable: SELECTABLE.decision,
    });

  return [
    route(
      'GET',
      new RegExp(`${DECISIONS}/${FN}$`),
      'GET accessReviews/instances/{id}/decisions/filterByCurrentUser',
      (req) => {
        requireOnReviewer(req);
        const me = reviewerOf(callerFor(req, tenant, REVIEWER_READ));
        const { inst, stage } = locate(req);
        // Docs are silent: only the instance's reviewers read their items; others get 403 here.
        if (!store.isReviewerOf(me.id, inst))
          fail(403, 'Forbidden', 'The signed-in user is not a reviewer of this access review.');
        return json(
          200,
          itemCollection(
            req,
            store.itemsReviewedBy(me.id, inst, stage),
            metadata(req, 'Collection(accessReviewInstanceDecisionItem)'),
          ),
        );
      },
    ),

    route('GET', new RegExp(`${DECISIONS}$`), 'GET accessReviews/instances/{id}/decisions', (req) => {
      const caller = callerFor(req, tenant, READ);
      const { def, stage } = locate(req);
      // Reviewers read their own items through filterByCurrentUser; the whole list is for readers and the creator.
      requireRead(caller, def);
      return json(200, itemCollection(req, stage.items, context(req)));
    }),

    route('GET', new RegExp(`${DECISIONS}/(?<id>[^/]+)$`), 'GET accessReviews/instances/{id}/decisions/{id}', (req) => {
      const caller = callerFor(req, tenant, READ);
      const { def, inst } = locate(req);
      const item = itemOr404(tenant, inst, req.params.id, req.params.s ? stageOr404(inst, req.params.s) : undefined);
      const isReviewer = caller.kind === 'user' && item.reviewerIds.includes(caller.user.id);
      if (!isReviewer) requireRead(caller, def);
      return json(200, entity(req, `${context(req)}/$entity`, itemShaper(req, tenant)(item), SELECTABLE.decision));
    }),

    route(
      'PATCH',
      new RegExp(`${DECISIONS}/(?<id>[^/]+)$`),
      'PATCH accessReviews/instances/{id}/decisions/{id}',
      (req) => {
        const caller = callerFor(req, tenant, REVIEWER_WRITE);
        const me = reviewerOf(caller);
        const { inst } = locate(req);
        const item = itemOr404(tenant, inst, req.params.id, req.params.s ? stageOr404(inst, req.params.s) : undefined);
        // Docs: only users listed as reviewers may update a decision item.
        if (!item.reviewerIds.includes(me.id))
          fail(403, 'Forbidden', 'The signed-in user is not a reviewer of this decision.');
        const body = decisionBody(req);
        requireRecordableInGraph(inst);
        requireOpen(tenant, [item], inst, item.stage);
        requireJustification(inst, body);
        store.record([item], body.decision, body.justification, identityOf(caller, tenant));
        return noContent();
      },
    ),

    // The instance's calls, and (v1.0 api/accessreviewstage-batchrecorddecisions.md and
    // accessreviewstage-acceptrecommendations.md, 204 No Content) the same for one stage of a multi-stage review.
    ...(['', '/stages/(?<s>[^/]+)'] as const).flatMap((stagePath) => [
      route(
        'POST',
        new RegExp(`${INST}${stagePath}/batchRecordDecisions$`),
        `POST accessReviews/instances/{id}${stagePath ? '/stages/{id}' : ''}/batchRecordDecisions`,
        (req) => {
          const { caller, inst, stage, mine } = myItems(req);
          const body = decisionBody(req);
          requireRecordableInGraph(inst);
          // With principalId or resourceId, the matching items; with neither, every item the caller reviews.
          const items = mine.filter(
            (it) =>
              (!body.principalId || sameId(it.principal.id, body.principalId)) &&
              (!body.resourceId || sameId(it.resource.id, body.resourceId)),
          );
          requireOpen(tenant, items, inst, stage);
          requireJustification(inst, body);
          store.record(items, body.decision, body.justification, identityOf(caller, tenant));
          return noContent();
        },
      ),
      route(
        'POST',
        new RegExp(`${INST}${stagePath}/acceptRecommendations$`),
        `POST accessReviews/instances/{id}${stagePath ? '/stages/{id}' : ''}/acceptRecommendations`,
        (req) => {
          const { caller, inst, stage, mine } = myItems(req);
          requireRecordableInGraph(inst);
          const notReviewed = mine.filter((it) => it.decision === 'NotReviewed');
          requireOpen(tenant, notReviewed, inst, stage);
          const by = identityOf(caller, tenant);
          for (const item of notReviewed) {
            const recommendation = store.recommendation(item);
            if (recommendation === 'Approve' || recommendation === 'Deny') store.record([item], recommendation, '', by);
          }
          return noContent();
        },
      ),
    ]),

    route('POST', new RegExp(`${INST}/resetDecisions$`), 'POST accessReviews/instances/{id}/resetDecisions', (req) => {
      const caller = callerFor(req, tenant, REVIEWER_WRITE);
      const me = reviewerOf(caller);
      const { def, inst, stage } = locate(req);
      // Docs are silent: here managers of the review reset every item, reviewers their own.
      let items: Item[];
      if (managesAll(caller) || def.createdBy.id === me.id) items = stage.items;
      else if (store.isReviewerOf(me.id, inst)) items = store.itemsReviewedBy(me.id, inst, stage);
      else {
        requireManage(caller, def);
        items = [];
      }
      requireRecordableInGraph(inst);
      requireOpen(tenant, items, inst, stage);
      store.record(items, 'NotReviewed', '', identityOf(caller, tenant));
      return noContent();
    }),
  ];
}
