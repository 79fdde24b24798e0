import type { AccessReviews } from './store';
import { Definition, Instance, Item, Stage } from './types';

/**
 * Graph JSON for access review objects. v1.0 and beta differ as the docs and tutorials show: beta definitions also
 * carry backupReviewers, and beta decision items also carry the older `target`.
 */
export type Version = 'v1.0' | 'beta';

const iso = (ms: number) => new Date(ms).toISOString();

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

export function itemJson(store: AccessReviews, item: Item, v: Version, baseUrl: string) {
  const p = item.principal;
  const g = item.instance.group;
  const out: Record<string, unknown> = {
    id: item.id,
    accessReviewId: item.instance.id,
    reviewedDateTime: item.reviewedDateTime,
    decision: item.decision,
    justification: item.justification,
    appliedDateTime: item.appliedDateTime,
    applyResult: item.applyResult,
    recommendation: store.recommendation(item),
    principalLink: `${baseUrl}/v1.0/users/${p.id}`,
    resourceLink: `${baseUrl}/v1.0/groups/${g.id}`,
    reviewedBy: item.reviewedBy,
    appliedBy: item.appliedBy,
  };
  if (v === 'beta') {
    out.target = {
      '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemUserTarget',
      userId: p.id,
      userDisplayName: p.displayName,
      userPrincipalName: p.userPrincipalName,
    };
  }
  out.principal = {
    '@odata.type': '#microsoft.graph.userIdentity',
    id: p.id,
    displayName: p.displayName,
    userPrincipalName: p.userPrincipalName,
  };
  out.resource = { id: g.id, displayName: g.displayName, type: 'group' };
  return out;
}

/** $expand=insights: the principal's last sign-in, as of when the instance started. */
export function insightsJson(item: Item) {
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
    target: { userId: item.principal.id },
  };
}
