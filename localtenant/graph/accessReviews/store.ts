import { randomUUID } from 'node:crypto';
import { User, ZERO_GUID } from '../../model';
import { IdMap } from '../../objectIds';
import { stableGuid } from '../../seed/ids';
import type { Tenant } from '../../tenant';
import { fail } from '../errors';
import { DefinitionInput } from './definitions';
import { DAY_MS, occurrenceEnd, occurrenceStart, parseDuration, seriesStart } from './recurrence';
import { ReviewerResolver } from './reviewers';
import { candidateKey, reviewUnits } from './candidates';
import { Candidate, Decision, Definition, Identity, Instance, Item, Stage } from './types';

/** reviewedBy / appliedBy of an item nobody has reviewed or applied. */
export const NOBODY: Identity = Object.freeze({ id: ZERO_GUID, displayName: '', userPrincipalName: '' });
/** The service itself, as it signs default decisions and auto-applied results (seed tutorial 2). */
export const SERVICE: Identity = Object.freeze({
  id: ZERO_GUID,
  displayName: 'AAD Access Reviews',
  userPrincipalName: 'AAD Access Reviews',
});

export type InstanceStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Applied';

export interface CreateOptions {
  id?: string;
  /** When the definition counts as created (seeds place reviews in the past). Default: the tenant clock. */
  createdMs?: number;
  firstInstanceIds?: Record<string, string>;
}

/**
 * Access review definitions, instances, stages and decision items, with the indexes the routes read:
 * items by instance (in order) and by reviewer (reviewer -> instance -> items), so a reviewer's requests never scan
 * the whole tenant. Time comes only from the tenant clock. Recurrences, stage changes and completion are applied
 * lazily by refresh(), which costs one comparison until the next scheduled event is due.
 */
export class AccessReviews {
  /** By id, in any letter case (as Graph finds them). */
  readonly definitions = new IdMap<Definition>();
  readonly instances = new IdMap<Instance>();
  readonly items = new IdMap<Item>();
  private readonly byReviewer = new Map<string, Map<string, Item[]>>();
  private readonly open = new Set<Instance>();
  private nextEventMs = Infinity;

  constructor(readonly tenant: Tenant) {}

  private get now(): number {
    return this.tenant.clock.nowMs();
  }

  // ---- definitions ----

  create(input: DefinitionInput, createdBy: Identity, opts: CreateOptions = {}): Definition {
    const createdMs = opts.createdMs ?? this.now;
    const id = opts.id ?? randomUUID();
    if (this.definitions.has(id)) fail(409, 'Conflict', `An access review definition with id '${id}' exists.`);
    const iso = new Date(createdMs).toISOString();
    const def: Definition = {
      id,
      displayName: input.displayName,
      descriptionForAdmins: input.descriptionForAdmins,
      descriptionForReviewers: input.descriptionForReviewers,
      createdBy,
      createdDateTime: iso,
      lastModifiedDateTime: iso,
      scope: input.scope,
      instanceEnumerationScope: input.instanceEnumerationScope,
      reviewers: input.reviewers,
      fallbackReviewers: input.fallbackReviewers,
      settings: input.settings,
      stageSettings: input.stageSettings,
      additionalNotificationRecipients: input.additionalNotificationRecipients,
      target: input.target,
      lookBackMs: parseDuration(input.settings.recommendationLookBackDuration, 30 * DAY_MS),
      // A start date in the past starts the series at creation (the tutorials' instances start when created).
      startMs: Math.max(seriesStart(input.settings.recurrence, input.rawStartDate), createdMs),
      createdMs,
      occurrences: 0,
      nextDueMs: Infinity,
      instances: [],
      firstInstanceIds: opts.firstInstanceIds ?? {},
    };
    this.definitions.set(id, def);
    def.nextDueMs = occurrenceStart(def.settings.recurrence, def.startMs, 0, createdMs) ?? Infinity;
    // The first occurrence is made at once even when it starts later: its instance shows NotStarted until then.
    if (def.nextDueMs !== Infinity) this.materializeOccurrence(def);
    this.nextEventMs = 0;
    this.refresh();
    return def;
  }

  /** PUT: names, descriptions, reviewers and settings change; they take effect for instances made from now on. */
  update(def: Definition, input: DefinitionInput): void {
    def.displayName = input.displayName;
    def.descriptionForAdmins = input.descriptionForAdmins;
    def.descriptionForReviewers = input.descriptionForReviewers;
    def.reviewers = input.reviewers;
    def.fallbackReviewers = input.fallbackReviewers;
    def.settings = input.settings;
    def.stageSettings = input.stageSettings;
    def.lookBackMs = parseDuration(input.settings.recommendationLookBackDuration, 30 * DAY_MS);
    def.lastModifiedDateTime = new Date(this.now).toISOString();
    def.nextDueMs = occurrenceStart(def.settings.recurrence, def.startMs, def.occurrences, def.createdMs) ?? Infinity;
    this.nextEventMs = Math.min(this.nextEventMs, def.nextDueMs);
  }

  /** DELETE: the definition with its instances, stages and decision items. */
  remove(def: Definition): void {
    for (const inst of def.instances) {
      for (const stage of inst.stages) {
        for (const item of stage.items) {
          this.items.delete(item.id);
          for (const r of item.reviewerIds) {
            const mine = this.byReviewer.get(r);
            mine?.delete(inst.id);
            if (mine?.size === 0) this.byReviewer.delete(r);
          }
        }
      }
      this.open.delete(inst);
      this.instances.delete(inst.id);
    }
    this.definitions.delete(def.id);
  }

  // ---- the schedule ----

  /** Makes due occurrences and stages and completes ended instances. Cheap when nothing is due. */
  refresh(): void {
    const now = this.now;
    if (now < this.nextEventMs) return;
    let next = Infinity;
    for (const def of this.definitions.values()) {
      while (def.nextDueMs <= now) this.materializeOccurrence(def);
      next = Math.min(next, def.nextDueMs);
    }
    for (const inst of [...this.open]) next = Math.min(next, this.advance(inst, now));
    this.nextEventMs = next;
  }

  private materializeOccurrence(def: Definition): void {
    const k = def.occurrences;
    const startMs = occurrenceStart(def.settings.recurrence, def.startMs, k, def.createdMs);
    def.occurrences++;
    def.nextDueMs = occurrenceStart(def.settings.recurrence, def.startMs, k + 1, def.createdMs) ?? Infinity;
    if (startMs === undefined) return;
    const stageDays = def.stageSettings.reduce((sum, s) => sum + s.durationInDays, 0);
    const endMs = def.stageSettings.length
      ? startMs + stageDays * DAY_MS
      : occurrenceEnd(def.settings, startMs, k, def.createdMs, def.startMs);
    const t = def.target;
    // One instance per group for group reviews; one for every other kind of review.
    const oneInstance = !def.settings.recurrence.pattern && (t.kind !== 'groups' || t.groups.kind === 'group');
    for (const unit of reviewUnits(def, this.tenant, startMs)) {
      const { group, candidates } = unit;
      // A review of all groups gets an instance only for groups with someone to review (tutorial 2).
      if (t.kind === 'groups' && t.groups.kind === 'unified' && candidates.length === 0) continue;
      const id =
        (k === 0 ? def.firstInstanceIds[unit.key] : undefined) ??
        (oneInstance ? def.id : stableGuid(`${def.id}:${unit.key}:${k}`));
      const inst: Instance = {
        id,
        definition: def,
        group,
        reviewsGroup: unit.reviewsGroup,
        occurrence: k,
        startMs,
        endMs,
        stoppedMs: null,
        completedMs: null,
        appliedMs: null,
        scope: unit.scope,
        recommendationsEnabled: def.settings.recommendationsEnabled,
        lookBackMs: def.lookBackMs,
        stages: [],
        multiStage: def.stageSettings.length > 0,
      };
      if (inst.multiStage) {
        let at = startMs;
        def.stageSettings.forEach((s, index) => {
          inst.stages.push({
            id: stableGuid(`${id}:stage:${s.stageId}`),
            index,
            settings: s,
            startMs: at,
            endMs: at + s.durationInDays * DAY_MS,
            materialized: false,
            items: [],
            reviewers: s.reviewers,
            fallbackReviewers: s.fallbackReviewers,
          });
          at += s.durationInDays * DAY_MS;
        });
      } else {
        inst.stages.push({
          id: stableGuid(`${id}:stage:1`),
          index: 0,
          settings: null,
          startMs,
          endMs,
          materialized: false,
          items: [],
          reviewers: def.reviewers,
          fallbackReviewers: def.fallbackReviewers,
        });
      }
      this.instances.set(id, inst);
      def.instances.push(inst);
      this.open.add(inst);
      this.materializeStage(inst, inst.stages[0], candidates);
    }
  }

  private materializeStage(inst: Instance, stage: Stage, candidates: Candidate[]): void {
    const resolver = new ReviewerResolver(
      stage.reviewers,
      stage.fallbackReviewers,
      inst.reviewsGroup ? inst.group : null,
      this.tenant.directory,
    );
    for (const c of candidates) {
      const principal = c.principal;
      // Group items keep the ids they always had (one item per principal); other kinds add the resource.
      const key = inst.reviewsGroup ? principal.id : candidateKey(c);
      const item: Item = {
        id: stableGuid(`${stage.id}:${key}`),
        instance: inst,
        stage,
        principal,
        resource: c.resource,
        membershipType: c.membershipType,
        revoke: c.revoke,
        reviewerIds: resolver.reviewersOf(principal),
        decision: 'NotReviewed',
        justification: '',
        reviewedDateTime: null,
        reviewedBy: NOBODY,
        appliedDateTime: null,
        appliedBy: NOBODY,
        applyResult: 'New',
      };
      stage.items.push(item);
      this.items.set(item.id, item);
      for (const r of item.reviewerIds) {
        let mine = this.byReviewer.get(r);
        if (!mine) this.byReviewer.set(r, (mine = new Map()));
        let list = mine.get(inst.id);
        if (!list) mine.set(inst.id, (list = []));
        list.push(item);
      }
    }
    stage.materialized = true;
  }

  /** Starts due stages and completes an ended instance; returns when this instance next needs attention. */
  private advance(inst: Instance, now: number): number {
    for (let i = 1; i < inst.stages.length; i++) {
      const stage = inst.stages[i];
      if (stage.materialized || stage.startMs > Math.min(now, inst.endMs)) continue;
      const previous = inst.stages[i - 1];
      // Docs: when decisionsThatWillMoveToNextStage is not given, every decision moves on.
      const moving = stage.settings && previous.settings?.decisionsThatWillMoveToNextStage;
      const moved = previous.items.filter((it) => !moving || moving.includes(it.decision));
      this.materializeStage(inst, stage, moved);
    }
    if (now >= inst.endMs) {
      this.complete(inst, inst.endMs);
      return Infinity;
    }
    const nextStage = inst.stages.find((s) => !s.materialized);
    return Math.min(inst.endMs, nextStage?.startMs ?? Infinity);
  }

  /** The end of an instance: default decisions, then auto-apply when the definition asks for it. */
  private complete(inst: Instance, atMs: number): void {
    this.open.delete(inst);
    inst.completedMs = atMs;
    const settings = inst.definition.settings;
    const iso = new Date(atMs).toISOString();
    if (settings.defaultDecisionEnabled && settings.defaultDecision !== 'None') {
      for (const item of this.finalItems(inst)) {
        if (item.decision !== 'NotReviewed') continue;
        const decision =
          settings.defaultDecision === 'Recommendation' ? this.recommendation(item) : settings.defaultDecision;
        if (decision !== 'Approve' && decision !== 'Deny') continue;
        item.decision = decision;
        item.reviewedBy = SERVICE;
        item.reviewedDateTime = iso;
      }
    }
    if (settings.autoApplyDecisionsEnabled) this.apply(inst, SERVICE, atMs);
  }

  /** Each principal's item (per resource) in the last stage that reached them: the decision that counts. */
  finalItems(inst: Instance): Item[] {
    if (!inst.multiStage) return inst.stages[0].items;
    const last = new Map<string, Item>();
    for (const stage of inst.stages) for (const item of stage.items) last.set(candidateKey(item), item);
    return [...last.values()];
  }

  /**
   * Applies decisions: a denied principal loses the access reviewed (group membership, app role assignment, access
   * package assignment, role assignment); approved ones keep it.
   * Docs are silent: a denied principal whose access is already gone gets AppliedSuccessfullyButObjectNotFound, and
   * access this tenant cannot take away from the item (through a group, or held by Azure) gets ApplyNotSupported.
   */
  apply(inst: Instance, by: Identity, atMs = this.now): void {
    const iso = new Date(atMs).toISOString();
    for (const item of this.finalItems(inst)) {
      if (item.decision === 'Deny') {
        if (!item.revoke) item.applyResult = 'ApplyNotSupported';
        else item.applyResult = item.revoke() ? 'AppliedSuccessfully' : 'AppliedSuccessfullyButObjectNotFound';
      } else if (item.decision === 'Approve') {
        item.applyResult = 'AppliedSuccessfully';
      } else continue;
      item.appliedDateTime = iso;
      item.appliedBy = by;
    }
    inst.appliedMs = atMs;
  }

  /** POST stop: the instance completes now, with default decisions and auto-apply as at its end. */
  stop(inst: Instance): void {
    const now = this.now;
    inst.stoppedMs = now;
    this.advance(inst, now);
    if (inst.completedMs === null) this.complete(inst, now);
  }

  // ---- status ----

  /**
   * Docs are silent: once decisions are applied the status is Applied, as seed tutorial 2 shows (the documented
   * list of statuses omits it); Completed after the end or a stop until then.
   */
  status(inst: Instance, now = this.now): InstanceStatus {
    if (inst.appliedMs !== null) return 'Applied';
    if (inst.stoppedMs !== null || inst.completedMs !== null || now >= inst.endMs) return 'Completed';
    if (now < inst.startMs) return 'NotStarted';
    return 'InProgress';
  }

  stageStatus(stage: Stage, inst: Instance, now = this.now): InstanceStatus {
    const overall = this.status(inst, now);
    if (overall === 'Completed' || overall === 'Applied') return 'Completed';
    if (now < stage.startMs) return 'NotStarted';
    return now < stage.endMs ? 'InProgress' : 'Completed';
  }

  definitionStatus(def: Definition, now = this.now): string {
    const statuses = def.instances.map((i) => this.status(i, now));
    if (statuses.includes('InProgress')) return 'InProgress';
    const started = statuses.some((s) => s !== 'NotStarted');
    if (def.nextDueMs !== Infinity) return started ? 'InProgress' : 'NotStarted';
    if (statuses.includes('NotStarted')) return started ? 'InProgress' : 'NotStarted';
    return 'Completed';
  }

  /** The stage decisions are taken in now: the latest one that has started (the first before the start). */
  currentStage(inst: Instance, now = this.now): Stage {
    let current = inst.stages[0];
    for (const s of inst.stages) if (s.materialized && s.startMs <= now) current = s;
    return current;
  }

  /** Recording is possible only while the instance, and the item's stage, are in progress. */
  isOpenForDecisions(item: Item, now = this.now): boolean {
    return this.stageStatus(item.stage, item.instance, now) === 'InProgress';
  }

  // ---- recommendations ----

  /**
   * Docs: the recommendation rests on the principal's last interactive sign-in within the look-back duration
   * (settings.recommendationLookBackDuration, 30 days by default) counted back from the instance's start: Approve
   * when they signed in within it, Deny when they did not or never signed in, NoInfoAvailable when recommendations
   * are off. It depends on the instance's start and not on the tenant clock, so an instance keeps its
   * recommendations while time passes, and the default decision 'Recommendation' applies the same ones at the end.
   * Docs are silent: the directory keeps only the last sign-in, so one after the instance started counts as activity
   * (Approve); the sign-in that preceded it is not known. Docs are silent on service principals and groups under
   * review: no sign-in of theirs is kept here, so their items say NoInfoAvailable.
   */
  recommendation(item: Item): string {
    const inst = item.instance;
    const enabled = item.stage.settings?.recommendationsEnabled ?? inst.recommendationsEnabled;
    if (!enabled || item.principal.kind !== 'user') return 'NoInfoAvailable';
    const last = item.principal.lastSignInDateTime;
    if (!last) return 'Deny';
    return inst.startMs - Date.parse(last) > inst.lookBackMs ? 'Deny' : 'Approve';
  }

  // ---- what a reviewer sees ----

  /** Instances where the user reviews at least one item (any stage, any status). */
  instancesReviewedBy(userId: string): Instance[] {
    const mine = this.byReviewer.get(userId);
    if (!mine) return [];
    const out: Instance[] = [];
    for (const id of mine.keys()) {
      const inst = this.instances.get(id);
      if (inst) out.push(inst);
    }
    return out;
  }

  /** The user's items in an instance, in the stage given or the current one. */
  itemsReviewedBy(userId: string, inst: Instance, stage = this.currentStage(inst)): Item[] {
    const all = this.byReviewer.get(userId)?.get(inst.id) ?? [];
    return inst.multiStage ? all.filter((it) => it.stage === stage) : all;
  }

  isReviewerOf(userId: string, inst: Instance): boolean {
    return (this.byReviewer.get(userId)?.get(inst.id)?.length ?? 0) > 0;
  }

  /** Everything the user can decide now, across instances: the beta decisions/filterByCurrentUser answer. */
  openItemsReviewedBy(userId: string): Item[] {
    const now = this.now;
    const out: Item[] = [];
    for (const inst of this.instancesReviewedBy(userId)) {
      if (this.status(inst, now) !== 'InProgress') continue;
      for (const item of this.itemsReviewedBy(userId, inst, this.currentStage(inst, now))) {
        if (this.isOpenForDecisions(item, now)) out.push(item);
      }
    }
    return out;
  }

  /** The people an instance's items were assigned to, with when they were first contacted (their stage's start). */
  contactedReviewers(inst: Instance): { user: User; contactedMs: number }[] {
    const seen = new Map<string, number>();
    for (const stage of inst.stages) {
      let last: string[] | undefined;
      for (const item of stage.items) {
        if (item.reviewerIds === last) continue;
        last = item.reviewerIds;
        for (const r of item.reviewerIds) if (!seen.has(r)) seen.set(r, stage.startMs);
      }
    }
    const out: { user: User; contactedMs: number }[] = [];
    for (const [id, at] of seen) {
      const user = this.tenant.directory.users.get(id);
      if (user) out.push({ user, contactedMs: at });
    }
    return out;
  }

  // ---- decisions ----

  /** Records one decision on items; the last decision recorded wins. */
  record(items: Item[], decision: Decision, justification: string, by: Identity): void {
    const iso = new Date(this.now).toISOString();
    for (const item of items) {
      item.decision = decision;
      item.justification = justification;
      if (decision === 'NotReviewed') {
        item.reviewedBy = NOBODY;
        item.reviewedDateTime = null;
      } else {
        item.reviewedBy = by;
        item.reviewedDateTime = iso;
      }
    }
  }
}
