import type { AccessReviews } from './store';
import { Definition, Instance, Item, Stage } from './types';

/**
 * Graph JSON for access review objects. v1.0 and beta differ as the docs and tutorials show: beta definitions also
 * carry backupReviewers, and beta decision items also carry the older `target`.
 */
export type Version = 'v1.0' | 'beta';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What $select may name on each access review type: the properties and relationships of its v1.0 and beta resource
 * pages (accessreviewscheduledefinition.md, accessreviewinstance.md, accessreviewreviewer.md, accessreviewstage.md,
 * accessreviewinstancedecisionitem.md), beta's accepted on v1.0 too.
 */
export const SELECTABLE = {
  definition: {
    type: 'microsoft.graph.accessReviewScheduleDefinition',
    properties: [
      'id',
      'displayName',
      'createdDateTime',
      'lastModifiedDateTime',
      'status',
      'descriptionForAdmins',
      'descriptionForReviewers',
      'createdBy',
      'scope',
      'instanceEnumerationScope',
      'reviewers',
      'backupReviewers',
      'fallbackReviewers',
      'settings',
      'stageSettings',
      'additionalNotificationRecipients',
      'instances',
    ],
  },
  instance: {
    type: 'microsoft.graph.accessReviewInstance',
    properties: [
      'id',
      'startDateTime',
      'endDateTime',
      'status',
      'scope',
      'reviewers',
      'fallbackReviewers',
      'errors',
      'contactedReviewers',
      'decisions',
      'stages',
      'definition',
    ],
  },
  reviewer: {
    type: 'microsoft.graph.accessReviewReviewer',
    properties: ['id', 'displayName', 'userPrincipalName', 'createdDateTime'],
  },
  stage: {
    type: 'microsoft.graph.accessReviewStage',
    properties: ['id', 'startDateTime', 'endDateTime', 'status', 'reviewers', 'fallbackReviewers', 'decisions'],
  },
  decision: {
    type: 'microsoft.graph.accessReviewInstanceDecisionItem',
    properties: [
      'id',
      'accessReviewId',
      'reviewedDateTime',
      'decision',
      'justification',
      'appliedDateTime',
      'applyResult',
      'recommendation',
      'principalLink',
      'resourceLink',
      'reviewedBy',
      'appliedBy',
      'target',
      'principal',
      'resource',
      'principalResourceMembership',
      'insights',
      'instance',
    ],
  },
};

export function definitionJson(store: AccessReviews, def: Definition, v: Version, status?: string) {
  const out: Record<string, unknown> = {
    id: def.id,
    displayName: def.displayName,
    createdDateTime: def.createdDateTime,
    lastModifiedDateTime: def.lastModifiedDateTime,
    status: status ?? store.definitionStatus(def),
    descriptionForAdmins: def.descriptionForAdmins,
    descriptionForReviewers: def.descriptionForReviewers,
    createdBy: def.createdBy,
    scope: def.scope,
    instanceEnumerationScope: def.instanceEnumerationScope,
    reviewers: def.reviewers,
  };
  if (v === 'beta') out.backupReviewers = def.fallbackReviewers;
  out.fallbackReviewers = def.fallbackReviewers;
  out.settings = def.settings;
  if (def.stageSettings.length) out.stageSettings = def.stageSettings;
  out.additionalNotificationRecipients = def.additionalNotificationRecipients;
  return out;
}

export function instanceJson(store: AccessReviews, inst: Instance) {
  return {
    id: inst.id,
    startDateTime: iso(inst.startMs),
    endDateTime: iso(inst.endMs),
    status: store.status(inst),
    scope: inst.scope,
    reviewers: inst.multiStage ? [] : inst.stages[0].reviewers,
    fallbackReviewers: inst.multiStage ? [] : inst.stages[0].fallbackReviewers,
    errors: [],
  };
}

export function stageJson(store: AccessReviews, stage: Stage, inst: Instance) {
  return {
    id: stage.id,
    startDateTime: iso(stage.startMs),
    endDateTime: iso(stage.endMs),
    status: store.stageStatus(stage, inst),
    reviewers: stage.reviewers,
    fallbackReviewers: stage.fallbackReviewers,
  };
}

/**
 * The item's principal as an identity. Docs (v1.0 and beta resources/accessreviewinstancedecisionitem.md): principals
 * are userIdentity or servicePrincipalIdentity. Docs are silent on a group under review (a role-assignable group
 * holding a role, a nested group under /members): here it is Graph's groupIdentity, with its id and name.
 */
function principalJson(item: Item) {
  const p = item.principal;
  if (p.kind === 'servicePrincipal') {
    return {
      '@odata.type': '#microsoft.graph.servicePrincipalIdentity',
      id: p.id,
      displayName: p.displayName,
      appId: p.appId,
    };
  }
  if (p.kind === 'group')
    return { '@odata.type': '#microsoft.graph.groupIdentity', id: p.id, displayName: p.displayName };
  return {
    '@odata.type': '#microsoft.graph.userIdentity',
    id: p.id,
    displayName: p.displayName,
    userPrincipalName: p.userPrincipalName,
  };
}

const PRINCIPAL_PATHS = { user: 'users', group: 'groups', servicePrincipal: 'servicePrincipals' } as const;

/**
 * Beta's older `target` (resources/accessreviewinstancedecisionitemusertarget.md and
 * accessreviewinstancedecisionitemserviceprincipaltarget.md). Docs are silent on the target of a group principal:
 * null here.
 */
function targetJson(item: Item) {
  const p = item.principal;
  if (p.kind === 'user') {
    return {
      '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemUserTarget',
      userId: p.id,
      userDisplayName: p.displayName,
      userPrincipalName: p.userPrincipalName,
    };
  }
  if (p.kind === 'servicePrincipal') {
    return {
      '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemServicePrincipalTarget',
      servicePrincipalId: p.id,
      servicePrincipalDisplayName: p.displayName,
      appId: p.appId,
    };
  }
  return null;
}

/** The item's resource: the base fields, and a derived type's @odata.type and fields (the resource pages). */
export function resourceJson(item: Item) {
  const r = item.resource;
  const base = { id: r.id, displayName: r.displayName, type: r.type };
  return r.odataType ? { '@odata.type': r.odataType, ...base, ...r.fields } : base;
}

export function itemJson(store: AccessReviews, item: Item, v: Version, baseUrl: string) {
  const p = item.principal;
  const out: Record<string, unknown> = {
    id: item.id,
    accessReviewId: item.instance.id,
    reviewedDateTime: item.reviewedDateTime,
    decision: item.decision,
    justification: item.justification,
    appliedDateTime: item.appliedDateTime,
    applyResult: item.applyResult,
    recommendation: store.recommendation(item),
    principalLink: `${baseUrl}/v1.0/${PRINCIPAL_PATHS[p.kind]}/${p.id}`,
    resourceLink: item.resource.link ? `${baseUrl}${item.resource.link}` : null,
    reviewedBy: item.reviewedBy,
    appliedBy: item.appliedBy,
  };
  if (v === 'beta') out.target = targetJson(item);
  out.principal = principalJson(item);
  out.resource = resourceJson(item);
  // beta resources/decisionitemprincipalresourcemembership.md: direct or indirect access to the resource.
  if (v === 'beta') {
    out.principalResourceMembership = {
      '@odata.type': '#microsoft.graph.decisionItemPrincipalResourceMembership',
      membershipType: item.membershipType,
    };
  }
  return out;
}

/**
 * $expand=insights: the principal's last sign-in, as of when the instance started. Docs are silent on insights for
 * groups and apps under review; none here.
 */
export function insightsJson(item: Item) {
  if (item.principal.kind !== 'user') return [];
  return [
    {
      '@odata.type': '#microsoft.graph.userSignInInsight',
      id: item.id,
      insightCreatedDateTime: iso(item.stage.startMs),
      lastSignInDateTime: item.principal.lastSignInDateTime,
    },
  ];
}

/** The light view $filter and $orderby run over, so querying a large instance does not shape every item. */
export function itemQueryView(store: AccessReviews, item: Item) {
  return {
    id: item.id,
    decision: item.decision,
    recommendation: store.recommendation(item),
    applyResult: item.applyResult,
    reviewedDateTime: item.reviewedDateTime,
    principal: {
      id: item.principal.id,
      displayName: item.principal.displayName,
      userPrincipalName: item.principal.userPrincipalName,
    },
    reviewedBy: { id: item.reviewedBy.id },
    target: { userId: item.principal.kind === 'user' ? item.principal.id : undefined },
    resource: { id: item.resource.id },
  };
}
