import { randomUUID } from 'node:crypto';
import { GraphCallError, outcomeUnknown } from '../graph/failures';
import {
  AppRef,
  appsMatching,
  createDefinition,
  definitionById,
  findCreatedDefinition,
  GroupRef,
  groupsMatching,
  instancesOfDefinition,
  ownedApps,
  ownedGroups,
  PersonRef,
  peopleMatching,
} from '../graph/reviewManagement';
import { pickByName } from '../reviews/byName';
import { attemptStep, CreateAttempt } from '../reviews/createAttempt';
import { WriteConflict } from '../storage/etagDocuments';
import {
  defaultForm,
  definitionBody,
  formProblems,
  isoDate,
  QuickReviewForm,
  ResolvedQuickReview,
  reviewsApp,
} from '../reviews/quickReview';
import { messageView } from '../views/cardViews';
import {
  KnownResource,
  knownResources,
  MAX_KNOWN_GROUPS,
  newReviewView,
  NewReviewViewInput,
  problemText,
  resourceNameOf,
  reviewCreatedView,
  withDefaultTexts,
} from '../views/ownerViews';
import { renderCard } from '../views/renderCard';
import { StorageSlow } from '../storage/storageCall';
import { safeText } from '../views/untrustedText';
import * as words from '../views/wording';
import { ActionOf } from './cardActionSchemas';
import { formFromCard } from './ownerActionSchemas';
import { Documents, FlowSettings, Reviewer } from './reviewer';

/**
 * Creating a quick review, as the owner in the turn: the form (with the groups and applications they own), a search
 * of all groups or all applications, and the create itself: checks, then the group or app and the people looked up,
 * then one POST, then the definition read back before the card says it exists. Anything refused comes back as the
 * form with everything entered and the reason.
 */

type Card = Record<string, unknown>;

const today = (s: FlowSettings) => isoDate(s.now());

/** The form card. A new form gets a new id; a form that comes back keeps its own (see createReview). */
function formCard(v: Omit<NewReviewViewInput, 'formId'>, formId: string = randomUUID()): Card {
  return renderCard('newReview', newReviewView({ ...v, formId }));
}

const asKnownApp = (a: AppRef): KnownResource => ({ id: a.id, name: a.name, kind: 'app' });

/** Owned applications listed on the form: with the groups, within what a form carries (MAX_KNOWN_GROUPS). */
const APPS_LISTED = 10;

/** What the owner owns, to list: their groups, then their applications (two reads, side by side). */
async function ownedResources(
  r: Reviewer,
  s: FlowSettings,
): Promise<{ known: KnownResource[]; moreGroups: boolean; moreApps: boolean }> {
  const [groups, apps] = await Promise.all([
    ownedGroups(r.graph, MAX_KNOWN_GROUPS - APPS_LISTED),
    s.appReviews === false ? { apps: [], more: false } : ownedApps(r.graph, APPS_LISTED),
  ]);
  return {
    known: knownResources(groups.groups, apps.apps.map(asKnownApp)),
    moreGroups: groups.more,
    moreApps: apps.more,
  };
}

/** The empty form, listing the groups and applications the owner owns. */
export async function showNewReviewForm(r: Reviewer, s: FlowSettings): Promise<Card> {
  const owned = await ownedResources(r, s);
  return formCard({
    form: defaultForm(today(s)),
    known: owned.known,
    moreOwned: owned.moreGroups,
    moreOwnedApps: owned.moreApps,
  });
}

/** Search all groups by the start of a name; one found (or one named exactly so) is picked in the form. */
export async function searchGroups(r: Reviewer, s: FlowSettings, a: ActionOf<'searchGroups'>): Promise<Card> {
  return search(r, s, a, async (text) => {
    const found = await groupsMatching(r.graph, text);
    return { found, note: words.searchFound(safeText(text, 60), found.length) };
  });
}

/** Search all applications (their service principals) by the start of a name, as searchGroups does groups. */
export async function searchApps(r: Reviewer, s: FlowSettings, a: ActionOf<'searchApps'>): Promise<Card> {
  return search(r, s, a, async (text) => {
    if (s.appReviews === false) return { found: [], note: words.APP_REVIEWS_OFF };
    const found = (await appsMatching(r.graph, text)).map(asKnownApp);
    return { found, note: words.searchFoundApps(safeText(text, 60), found.length) };
  });
}

async function search(
  r: Reviewer,
  s: FlowSettings,
  a: ActionOf<'searchGroups' | 'searchApps'>,
  find: (text: string) => Promise<{ found: KnownResource[]; note: string }>,
): Promise<Card> {
  const form = formFromCard(a, today(s));
  const text = a.groupSearch.trim();
  if (!text) return formCard({ form, known: a.known, searchNote: words.TYPE_TO_SEARCH });
  let result: { found: KnownResource[]; note: string };
  try {
    result = await find(text);
  } catch (err) {
    if (!(err instanceof GraphCallError)) throw err;
    return formCard({ form, known: a.known, problems: [err.message], problemTitle: words.DID_NOT_WORK_TITLE });
  }
  const pick = pickByName(text, result.found);
  if (pick.kind === 'one') form.group = choiceOf(pick.found);
  return formCard({ form, known: knownResources(result.found, a.known), searchNote: result.note });
}

/** A listed group or app as what the form reviews. */
function choiceOf(k: KnownResource): QuickReviewForm['group'] {
  if (k.kind === 'app') return { kind: 'app', id: k.id, name: k.name };
  return { kind: 'group', id: k.id, name: k.name, ...(k.roleAssignable ? { roleAssignable: true } : {}) };
}

/** Create from the form card. */
export async function createFromCard(r: Reviewer, s: FlowSettings, a: ActionOf<'createReview'>): Promise<Card> {
  return createReview(r, s, formFromCard(a, today(s)), a.known, a.formId ?? randomUUID());
}

/**
 * Create from the one-line command (already parsed and checked): the group or app is found by its name, among the
 * owner's own first (one read: their groups, or their applications).
 */
export async function createFromCommand(r: Reviewer, s: FlowSettings, form: QuickReviewForm): Promise<Card> {
  if (reviewsApp(form.group) && s.appReviews === false) {
    return renderCard('message', messageView(words.COMMAND_NOT_CREATED_TITLE, words.APP_REVIEWS_OFF));
  }
  const owned = reviewsApp(form.group)
    ? (await ownedApps(r.graph)).apps.map(asKnownApp)
    : (await ownedGroups(r.graph)).groups;
  // The command has no form yet: the one that may come back (refused, or an unknown outcome) gets this id.
  return createReview(r, s, form, owned, randomUUID());
}

type Found<T> = { ok: true; value: T } | { ok: false; problem: string; candidates?: KnownResource[] };

/** The ones of the kind wanted that are named exactly so. */
const namedSo = (owned: KnownResource[], name: string, app: boolean) =>
  owned.filter((g) => (g.kind === 'app') === app && g.name.toLowerCase() === name.trim().toLowerCase());

/** The group the owner named: one of theirs by exact name first, then any group in the directory. */
async function findGroup(r: Reviewer, name: string, owned: KnownResource[]): Promise<Found<GroupRef>> {
  const mine = namedSo(owned, name, false);
  if (mine.length === 1) return { ok: true, value: mine[0] };
  const pick = pickByName(name, await groupsMatching(r.graph, name));
  if (pick.kind === 'one') return { ok: true, value: pick.found };
  const shown = safeText(name, 60);
  if (pick.kind === 'none') return { ok: false, problem: words.noSuchGroup(shown) };
  return {
    ok: false,
    problem: words.severalGroups(
      shown,
      pick.found.slice(0, 5).map((g) => safeText(g.name, 60)),
    ),
    candidates: pick.found,
  };
}

/** The application the owner named: one of theirs by exact name first, then any application in the directory. */
async function findApp(r: Reviewer, name: string, owned: KnownResource[]): Promise<Found<AppRef>> {
  const mine = namedSo(owned, name, true);
  if (mine.length === 1) return { ok: true, value: mine[0] };
  const pick = pickByName(name, await appsMatching(r.graph, name));
  if (pick.kind === 'one') return { ok: true, value: pick.found };
  const shown = safeText(name, 60);
  if (pick.kind === 'none') return { ok: false, problem: words.noSuchApp(shown) };
  return {
    ok: false,
    problem: words.severalApps(
      shown,
      pick.found.slice(0, 5).map((a) => safeText(a.name, 60)),
    ),
    candidates: pick.found.map(asKnownApp),
  };
}

/** What the definition reviews, once the group or app is known (the form's checks have found one). */
function targetOf(form: QuickReviewForm): ResolvedQuickReview['target'] {
  switch (form.group.kind) {
    case 'group':
      return { kind: 'group', groupId: form.group.id };
    case 'app':
      return { kind: 'app', servicePrincipalId: form.group.id };
    default:
      return { kind: 'allMicrosoft365Groups' };
  }
}

/** Graph's 403 in plain words: who may create a review of this group or app. */
function forbidden(form: QuickReviewForm, name: string): string {
  if (form.group.kind === 'app') return words.createForbiddenApp(name);
  if (form.group.kind === 'group' && form.group.roleAssignable) return words.createForbiddenRoleAssignable(name);
  return words.createForbidden(name);
}

/** Each person typed, found in the directory; the problems in words for those not found or not one. */
async function findPeople(r: Reviewer, typed: string[]): Promise<{ people: PersonRef[]; problems: string[] }> {
  const people: PersonRef[] = [];
  const problems: string[] = [];
  for (const t of typed) {
    const pick = pickByName(t, await peopleMatching(r.graph, t));
    if (pick.kind === 'one') people.push(pick.found);
    else if (pick.kind === 'none') problems.push(words.noSuchPerson(safeText(t, 60)));
    else
      problems.push(
        words.severalPeople(
          safeText(t, 60),
          pick.found.slice(0, 5).map((p) => `${safeText(p.name, 48)} (${safeText(p.upn, 64)})`),
        ),
      );
  }
  return { people, problems };
}

/** The create itself (see the module comment). */
async function createReview(
  r: Reviewer,
  s: FlowSettings,
  entered: QuickReviewForm,
  known: KnownResource[],
  formId: string,
): Promise<Card> {
  const form: QuickReviewForm = { ...entered };
  // The form that comes back keeps its id: pressing Create review on it again looks before it creates.
  const again = (problems: string[], problemTitle?: string, more: KnownResource[] = []) =>
    formCard({ form, known: knownResources(known, more), problems, problemTitle }, formId);

  const checked = formProblems(form, today(s));
  if (checked.length) return again(checked.map(problemText));
  if (reviewsApp(form.group) && s.appReviews === false) return again([words.APP_REVIEWS_OFF]);

  try {
    if (form.group.kind === 'named') {
      const group = await findGroup(r, form.group.name, known);
      if (!group.ok) return again([group.problem], undefined, group.candidates);
      form.group = choiceOf(group.value);
      known = knownResources([group.value], known);
    } else if (form.group.kind === 'namedApp') {
      const app = await findApp(r, form.group.name, known);
      if (!app.ok) return again([app.problem], undefined, app.candidates);
      form.group = choiceOf(asKnownApp(app.value));
      known = knownResources([asKnownApp(app.value)], known);
    }
    const reviewers = form.reviewers === 'people' ? await findPeople(r, form.people) : { people: [], problems: [] };
    const fallback = await findPeople(r, form.fallback);
    const notFound = [...reviewers.problems, ...fallback.problems];
    if (notFound.length) return again(notFound);

    const resourceName = resourceNameOf(form, known);
    const texts = withDefaultTexts(form, resourceName, r.name);
    const body = definitionBody({
      ...texts,
      target: targetOf(form),
      peopleIds: reviewers.people.map((p) => p.id),
      fallbackIds: fallback.people.map((p) => p.id),
    });
    const created = (id: string) =>
      createdCard(r, s, id, {
        form: texts,
        resourceName,
        peopleNames: reviewers.people.map((p) => p.name || p.upn),
        fallbackNames: fallback.people.map((p) => p.name || p.upn),
      });
    const name = safeText(texts.name, 100);

    // One review per form, across presses, clients, instances and lost answers (src/reviews/createAttempt.ts).
    const attempts = s.createAttempts;
    const key = `new-review/${r.userId}/${formId}.json`;
    let prior: { value: CreateAttempt | undefined; etag: string | null } = { value: undefined, etag: null };
    try {
      if (attempts) prior = await attempts.read<CreateAttempt>(key);
    } catch (err) {
      // Nothing was sent: the same form can be pressed again.
      if (!(err instanceof StorageSlow)) throw err;
      r.log.warn({ err }, 'new review: storage slow');
      return again([words.CREATE_STORAGE_SLOW], words.NOT_CREATED_TITLE);
    }
    const step = attemptStep(prior.value, s.now());
    if (step.kind === 'created') {
      return renderCard('message', messageView(words.ALREADY_CREATED_TITLE, words.ALREADY_CREATED));
    }
    if (step.kind === 'look') {
      // An earlier create may have worked: if the look itself fails, nothing is known, and nothing is sent.
      let found: Awaited<ReturnType<typeof findCreatedDefinition>>;
      try {
        found = await findCreatedDefinition(r.graph, r.userId, body, step.since);
      } catch (err) {
        if (!(err instanceof GraphCallError)) throw err;
        return again([words.stillLooking(name)], words.MAY_HAVE_BEEN_CREATED_TITLE);
      }
      if (found) {
        await record(attempts, key, { state: 'created', startedAt: prior.value!.startedAt, definitionId: found.id });
        return await created(found.id);
      }
      if (!step.settled) return again([words.stillLooking(name)], words.MAY_HAVE_BEEN_CREATED_TITLE);
    }

    // Claim the form for this POST: of two presses racing (two clients, two instances), one sends it.
    const startedAt = s.now().toISOString();
    let etag: string | null = null;
    if (attempts) {
      try {
        etag = await attempts.write<CreateAttempt>(key, { state: 'creating', startedAt }, prior.etag);
      } catch (err) {
        if (err instanceof WriteConflict) return again([words.stillLooking(name)], words.MAY_HAVE_BEEN_CREATED_TITLE);
        if (!(err instanceof StorageSlow)) throw err;
        // The claim may have landed, but nothing was sent to Graph: the form comes back with a new id, which no
        // earlier press can have claimed, so pressing it creates the review once.
        r.log.warn({ err }, 'new review: storage slow');
        return formCard({ form, known, problems: [words.CREATE_STORAGE_SLOW], problemTitle: words.NOT_CREATED_TITLE });
      }
    }
    let createdId: string;
    try {
      createdId = (await createDefinition(r.graph, body)).id;
    } catch (err) {
      if (!(err instanceof GraphCallError)) throw err;
      if (outcomeUnknown(err.failure)) {
        // No answer, or a server error: Graph may have created it. Look before saying anything.
        const found = await findCreatedDefinition(r.graph, r.userId, body, new Date(startedAt)).catch((e) => {
          if (e instanceof GraphCallError) return undefined;
          throw e;
        });
        if (found) {
          await record(attempts, key, { state: 'created', startedAt, definitionId: found.id }, etag);
          return await created(found.id);
        }
        await record(attempts, key, { state: 'unknown', startedAt }, etag);
        return again([words.mayHaveBeenCreated(name, err.message)], words.MAY_HAVE_BEEN_CREATED_TITLE);
      }
      await record(attempts, key, { state: 'refused', startedAt }, etag);
      if (err.failure.status === 403) {
        return again([forbidden(form, safeText(resourceName, 64))], words.NOT_CREATED_TITLE);
      }
      if (err.failure.status === 400) {
        return again([words.createRefused(safeText(err.failure.message, 300))], words.NOT_CREATED_TITLE);
      }
      return again([words.createFailed(err.message)], words.NOT_CREATED_TITLE);
    }
    await record(attempts, key, { state: 'created', startedAt, definitionId: createdId }, etag);
    return await created(createdId);
  } catch (err) {
    // A lookup failed (Graph unreachable, throttled...) before anything was sent: nothing was created.
    if (!(err instanceof GraphCallError)) throw err;
    return again([words.createFailed(err.message)], words.NOT_CREATED_TITLE);
  }
}

/**
 * Records what became of a form's create. Best effort: if this write fails, the record stays `creating`, and the next
 * press of the form looks for the review before it creates anything, so nothing is lost but a step.
 */
async function record(
  attempts: Documents | undefined,
  key: string,
  value: CreateAttempt,
  etag?: string | null,
): Promise<void> {
  if (!attempts) return;
  try {
    const current = etag === undefined ? (await attempts.read<CreateAttempt>(key)).etag : etag;
    await attempts.write(key, value, current);
  } catch {
    // See above: the next press looks first.
  }
}

/**
 * The card for a created review, from what Graph reads back: its name, and when its first instance starts. If the
 * read-back fails, the card says Graph answered that it created it and that reading it back failed; never more.
 */
async function createdCard(
  r: Reviewer,
  s: FlowSettings,
  id: string,
  c: { form: QuickReviewForm; resourceName: string; peopleNames: string[]; fallbackNames: string[] },
): Promise<Card> {
  const notReadBack = (why: string) =>
    renderCard(
      'message',
      messageView(
        words.createdTitle(safeText(c.form.name, 100)),
        words.createdButNotReadBack(safeText(c.form.name, 100), why),
        {
          color: 'Warning',
          retry: { verb: 'myReviews', skip: 0 },
          retryTitle: words.MY_REVIEWS_BUTTON,
        },
      ),
    );
  try {
    const def = await definitionById(r.graph, id);
    if (!def) return notReadBack(words.NOT_FOUND_ON_READ_BACK);
    const instances = await instancesOfDefinition(r.graph, id).catch(() => []);
    const starts = instances
      .map((i) => i.startDateTime)
      .filter(Boolean)
      .sort();
    const now = s.now().getTime();
    return renderCard(
      'reviewCreated',
      reviewCreatedView({
        definitionId: id,
        name: def.displayName ?? c.form.name,
        form: c.form,
        resourceName: c.resourceName,
        peopleNames: c.peopleNames,
        fallbackNames: c.fallbackNames,
        firstStart: starts[0] ?? '',
        started: instances.some((i) => i.status === 'InProgress' || Date.parse(i.startDateTime) <= now),
      }),
    );
  } catch (err) {
    if (!(err instanceof GraphCallError)) throw err;
    return notReadBack(err.message);
  }
}
