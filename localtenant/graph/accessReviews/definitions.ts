import { Directory } from '../../directory';
import type { Governance } from '../../governance';
import { fail } from '../errors';
import { normalizeRecurrence } from './recurrence';
import { validateReviewers } from './reviewers';
import { parseScope } from './scopes';
import { Definition, QueryScope, Settings, StageSettings } from './types';

/** A create or update request body, checked and with defaults filled the way the service echoes them. */
export type DefinitionInput = Pick<
  Definition,
  | 'displayName'
  | 'descriptionForAdmins'
  | 'descriptionForReviewers'
  | 'scope'
  | 'instanceEnumerationScope'
  | 'reviewers'
  | 'fallbackReviewers'
  | 'settings'
  | 'stageSettings'
  | 'additionalNotificationRecipients'
  | 'target'
> & {
  /** The posted startDate (may carry a time of day, which the echo drops). */
  rawStartDate: string;
};

const REQUIRED = ['displayName', 'descriptionForAdmins', 'descriptionForReviewers', 'scope'] as const;
const DEFAULT_DECISIONS = ['Approve', 'Deny', 'Recommendation', 'None'];

function scopeOf(raw: unknown): QueryScope {
  const s = (raw ?? {}) as Record<string, unknown>;
  if (s['@odata.type'] === '#microsoft.graph.principalResourceMembershipsScope') {
    // Echoed as posted, with its principal and resource scopes (create-definitions example 3 shows no query here).
    const many = (v: unknown) => (Array.isArray(v) ? v.map(scopeOf) : []);
    return {
      '@odata.type': s['@odata.type'],
      principalScopes: many(s.principalScopes),
      resourceScopes: many(s.resourceScopes),
    } as QueryScope;
  }
  const out: QueryScope = { query: String(s.query ?? '') };
  if (typeof s['@odata.type'] === 'string') out['@odata.type'] = s['@odata.type'];
  if (s.queryType !== undefined) out.queryType = String(s.queryType);
  if (s.queryRoot !== undefined) out.queryRoot = s.queryRoot === null ? null : String(s.queryRoot);
  if (typeof s.inactiveDuration === 'string') out.inactiveDuration = s.inactiveDuration;
  return out;
}

function scopesOf(raw: unknown, name: string): QueryScope[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) fail(400, 'BadRequest', `The property '${name}' must be a collection.`);
  return raw.map(scopeOf);
}

function settingsOf(raw: unknown, nowMs: number): Settings {
  const s = (raw ?? {}) as Record<string, unknown>;
  const bool = (name: string, dflt: boolean) => (typeof s[name] === 'boolean' ? (s[name] as boolean) : dflt);
  const defaultDecision = typeof s.defaultDecision === 'string' ? s.defaultDecision : 'None';
  if (!DEFAULT_DECISIONS.includes(defaultDecision)) {
    fail(400, 'BadRequest', `defaultDecision must be one of ${DEFAULT_DECISIONS.join(', ')}.`);
  }
  const duration = Number(s.instanceDurationInDays ?? 0);
  if (!Number.isInteger(duration) || duration < 0) {
    fail(400, 'BadRequest', 'instanceDurationInDays must be a non-negative whole number.');
  }
  const settings: Settings = {
    mailNotificationsEnabled: bool('mailNotificationsEnabled', true),
    reminderNotificationsEnabled: bool('reminderNotificationsEnabled', true),
    justificationRequiredOnApproval: bool('justificationRequiredOnApproval', false),
    defaultDecisionEnabled: bool('defaultDecisionEnabled', false),
    defaultDecision,
    instanceDurationInDays: duration,
    autoApplyDecisionsEnabled: bool('autoApplyDecisionsEnabled', false),
    recommendationsEnabled: bool('recommendationsEnabled', true),
    // Docs are silent: a definition posted without settings.recurrence is a one-time review starting now.
    recurrence: normalizeRecurrence(
      s.recurrence ?? { pattern: null, range: { type: 'numbered', startDate: new Date(nowMs).toISOString() } },
    ),
    applyActions: Array.isArray(s.applyActions) ? (s.applyActions as { '@odata.type': string }[]) : [],
  };
  if (typeof s.recommendationLookBackDuration === 'string') {
    settings.recommendationLookBackDuration = s.recommendationLookBackDuration;
  }
  if (typeof s.decisionHistoriesForReviewersEnabled === 'boolean') {
    settings.decisionHistoriesForReviewersEnabled = s.decisionHistoriesForReviewersEnabled;
  }
  return settings;
}

function stagesOf(raw: unknown, directory: Directory): StageSettings[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) fail(400, 'BadRequest', "The property 'stageSettings' must be a collection.");
  const stages = raw.map((r: Record<string, unknown>, i) => {
    const stage: StageSettings = {
      stageId: String(r.stageId ?? i + 1),
      dependsOn: Array.isArray(r.dependsOn) ? r.dependsOn.map(String) : [],
      durationInDays: Number(r.durationInDays ?? 0),
      reviewers: scopesOf(r.reviewers, 'reviewers'),
      fallbackReviewers: scopesOf(r.fallbackReviewers, 'fallbackReviewers'),
    };
    if (Array.isArray(r.decisionsThatWillMoveToNextStage)) {
      stage.decisionsThatWillMoveToNextStage = r.decisionsThatWillMoveToNextStage.map(String);
    }
    if (typeof r.recommendationsEnabled === 'boolean') stage.recommendationsEnabled = r.recommendationsEnabled;
    if (!Number.isInteger(stage.durationInDays) || stage.durationInDays < 1) {
      fail(400, 'BadRequest', `stageSettings[${i}].durationInDays must be a positive whole number.`);
    }
    validateReviewers(stage.reviewers, directory);
    validateReviewers(stage.fallbackReviewers, directory);
    return stage;
  });
  // Stages run one after the other: each may only depend on the stage before it.
  stages.forEach((s, i) => {
    const expected = i === 0 ? [] : [stages[i - 1].stageId];
    if (s.dependsOn.length !== expected.length || s.dependsOn.some((d, j) => d !== expected[j])) {
      fail(400, 'BadRequest', `stageSettings[${i}].dependsOn must name the previous stage.`);
    }
  });
  return stages;
}

/** What a definition body may name beyond the directory: governance objects, and the seed's undocumented forms. */
export interface ParseOptions {
  governance?: Governance;
  undocumented?: boolean;
}

/** Checks a definition body (POST, or the full object of a PUT). Throws the 400s Graph answers. */
export function parseDefinitionInput(
  raw: unknown,
  directory: Directory,
  nowMs: number,
  opts: ParseOptions = {},
): DefinitionInput {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(400, 'BadRequest', 'A request body is required.');
  const body = raw as Record<string, unknown>;
  for (const name of REQUIRED) {
    // Docs list these as required. Docs are silent: the message is this tenant's; empty strings pass (tutorial 2).
    if (body[name] === undefined || body[name] === null) fail(400, 'BadRequest', `The property '${name}' is required.`);
  }
  for (const name of ['displayName', 'descriptionForAdmins', 'descriptionForReviewers'] as const) {
    if (typeof body[name] !== 'string') fail(400, 'BadRequest', `The property '${name}' must be a string.`);
  }
  if ((body.descriptionForReviewers as string).length > 256) {
    fail(400, 'BadRequest', 'descriptionForReviewers supports up to 256 characters.');
  }
  const scope = scopeOf(body.scope);
  const instanceEnumerationScope = body.instanceEnumerationScope ? scopeOf(body.instanceEnumerationScope) : null;
  const target = parseScope(scope, instanceEnumerationScope, { directory, ...opts });
  const reviewers = scopesOf(body.reviewers, 'reviewers');
  // v1.0 names them fallbackReviewers; beta requests (tutorial 2) may send backupReviewers instead.
  const fallbackReviewers = scopesOf(body.fallbackReviewers ?? body.backupReviewers, 'fallbackReviewers');
  validateReviewers(reviewers, directory);
  validateReviewers(fallbackReviewers, directory);
  const rawSettings = (body.settings ?? {}) as Record<string, unknown>;
  const settings = settingsOf(rawSettings, nowMs);
  const rawRange = ((rawSettings.recurrence ?? {}) as { range?: { startDate?: string } }).range;
  return {
    displayName: body.displayName as string,
    descriptionForAdmins: body.descriptionForAdmins as string,
    descriptionForReviewers: body.descriptionForReviewers as string,
    scope,
    instanceEnumerationScope,
    reviewers,
    fallbackReviewers,
    settings,
    stageSettings: stagesOf(body.stageSettings, directory),
    additionalNotificationRecipients: Array.isArray(body.additionalNotificationRecipients)
      ? body.additionalNotificationRecipients
      : [],
    target,
    rawStartDate: rawRange?.startDate ?? settings.recurrence.range.startDate,
  };
}
