import { randomUUID } from 'node:crypto';
import { GraphCallError, outcomeUnknown } from '../graph/failures';
import {
  createDefinition,
  definitionById,
  findCreatedDefinition,
  GroupRef,
  groupsMatching,
  instancesOfDefinition,
  ownedGroups,
  PersonRef,
  peopleMatching,
} from '../graph/reviewManagement';
import { pickByName } from '../reviews/byName';
import { attemptStep, CreateAttempt } from '../reviews/createAttempt';
import { WriteConflict } from '../storage/etagDocuments';
import { defaultForm, definitionBody, formProblems, isoDate, QuickReviewForm } from '../reviews/quickReview';
import { messageView } from '../views/cardViews';
import {
  groupNameOf,
  KnownGroup,
  knownGroups,
  newReviewView,
  NewReviewViewInput,
  problemText,
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
 * Creating a quick review, as the owner in the turn: the form (with the groups they own), a search of all groups,
 * and the create itself: checks, then the group and people looked up, then one POST, then the definition read back
 * before the card says it exists. Anything refused comes back as the form with everything entered and the reason.
 */

type Card = Record<string, unknown>;

const today = (s: FlowSettings) => isoDate(s.now());

/** The form card. A new form gets a new id; a form that comes back keeps its own (see createReview). */
function formCard(v: Omit<NewReviewViewInput, 'formId'>, formId: string = randomUUID()): Card {
  return renderCard('newReview', newReviewView({ ...v, formId }));
}

/** The empty form, listing the groups the owner owns. */
export async function showNewReviewForm(r: Reviewer, s: FlowSettings): Promise<Card> {
  const owned = await ownedGroups(r.graph);
  return formCard({ form: defaultForm(today(s)), known: owned.groups, moreOwned: owned.more });
}

/** Search all groups by the start of a name; one found (or one named exactly so) is picked in the form. */
export async function searchGroups(r: Reviewer, s: FlowSettings, a: ActionOf<'searchGroups'>): Promise<Card> {
  const form = formFromCard(a, today(s));
  const text = a.groupSearch.trim();
  if (!text) return formCard({ form, known: a.known, searchNote: words.TYPE_TO_SEARCH });
  let found: GroupRef[];
  try {
    found = await groupsMatching(r.graph, text);
  } catch (err) {
    if (!(err instanceof GraphCallError)) throw err;
    return formCard({ form, known: a.known, problems: [err.message], problemTitle: words.DID_NOT_WORK_TITLE });
  }
  const pick = pickByName(text, found);
  if (pick.kind === 'one') form.group = { kind: 'group', id: pick.found.id, name: pick.found.name };
  return formCard({
    form,
    known: knownGroups(found, a.known),
    searchNote: words.searchFound(safeText(text, 60), found.length),
  });
}

/** Create from the form card. */
export async function createFromCard(r: Reviewer, s: FlowSettings, a: ActionOf<'createReview'>): Promise<Card> {
  return createReview(r, s, formFromCard(a, today(s)), a.known, a.formId ?? randomUUID());
}

/** Create from the one-line command (already parsed and checked): the group is found by its name first. */
export async function createFromCommand(r: Reviewer, s: FlowSettings, form: QuickReviewForm): Promise<Card> {
  const owned = await ownedGroups(r.graph);
  // The command has no form yet: the one that may come back (refused, or an unknown outcome) gets this id.
  return createReview(r, s, form, owned.groups, randomUUID());
}

type Found<T> = { ok: true; value: T } | { ok: false; problem: string; candidates?: KnownGroup[] };

/** The group the owner named: one of theirs by exact name first, then any group in the directory. */
async function findGroup(r: Reviewer, name: string, owned: KnownGroup[]): Promise<Found<GroupRef>> {
  const mine = owned.filter((g) => g.name.toLowerCase() === name.trim().toLowerCase());
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
  known: KnownGroup[],
  formId: string,
): Promise<Card> {
  const form: QuickReviewForm = { ...entered };
  // The form that comes back keeps its id: pressing Create review on it again looks before it creates.
  const again = (problems: string[], problemTitle?: string, more: KnownGroup[] = []) =>
    formCard({ form, known: knownGroups(known, more), problems, problemTitle }, formId);

  const checked = formProblems(form, today(s));
  if (checked.length) return again(checked.map(problemText));

  try {
    if (form.group.kind === 'named') {
      const group = await findGroup(r, form.group.name, known);
      if (!group.ok) return again([group.problem], undefined, group.candidates);
      form.group = { kind: 'group', id: group.value.id, name: group.value.name };
      known = knownGroups([group.value], known);
    }
    const reviewers = form.reviewers === 'people' ? await findPeople(r, form.people) : { people: [], problems: [] };
    const fallback = await findPeople(r, form.fallback);
    const notFound = [...reviewers.problems, ...fallback.problems];
    if (notFound.length) return again(notFound);

    const groupName = groupNameOf(form, known);
    const texts = withDefaultTexts(form, groupName, r.name);
    const target =
      form.group.kind === 'group'
        ? ({ kind: 'group', groupId: form.group.id } as const)
        : ({ kind: 'allMicrosoft365Groups' } as const);
    const body = definitionBody({
      ...texts,
      target,
      peopleIds: reviewers.people.map((p) => p.id),
      fallbackIds: fallback.people.map((p) => p.id),
    });
    const created = (id: string) =>
      createdCard(r, s, id, {
        form: texts,
        groupName,
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
      const found = await findCreatedDefinition(r.graph, r.userId, body, step.since);
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
      const group = safeText(groupName, 64);
      if (err.failure.status === 403) return again([words.createForbidden(group)], words.NOT_CREATED_TITLE);
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
  c: { form: QuickReviewForm; groupName: string; peopleNames: string[]; fallbackNames: string[] },
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
        groupName: c.groupName,
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
