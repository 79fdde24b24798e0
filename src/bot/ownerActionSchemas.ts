import { z } from 'zod';
import { isGuid } from '../reviews/ids';
import { GroupChoice, QuickReviewForm, splitPeople } from '../reviews/quickReview';
import { ALL_M365_VALUE, MAX_KNOWN_GROUPS } from '../views/ownerViews';

/**
 * What the owner's card buttons carry back (spread into ACTION_SCHEMAS in cardActionSchemas.ts): the new review
 * form's inputs, which Teams merges into the action data, and references to the review or instance acted on. Every id
 * that will reach a Graph URL must be a GUID; the form's free texts are bounded here and checked in words by the
 * domain (formProblems), so the owner gets the form back with the reason, not a broken card.
 */

const guid = z.string().refine(isGuid, 'is not a GUID');
const skip = z.number().int().min(0).max(100_000).default(0);
/** An input's value: Teams sends strings (numbers from Input.Number in some clients); absent is ''. */
const input = (max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? '' : typeof v === 'number' ? String(v) : v),
    z.string().max(max),
  );
/** A choice input, or its default when it is empty. */
const choice = <const T extends [string, ...string[]]>(values: T, dflt: T[number]) =>
  z.preprocess((v) => (v === '' || v === undefined || v === null ? dflt : v), z.enum(values));
/** An Input.Toggle: "true" / "false" (valueOn / valueOff), or a boolean. */
const toggle = (dflt: boolean) =>
  z.preprocess((v) => (v === undefined || v === null || v === '' ? dflt : v === true || v === 'true'), z.boolean());

/** A group or application the form lists: an app when `kind` says so; a group may be role-assignable. */
const knownResource = z.object({
  id: guid,
  name: z.string().max(256),
  kind: z.literal('app').optional(),
  roleAssignable: z.boolean().optional(),
});

/** The new review form: its inputs and the groups and apps it lists (carried so a redraw needs no Graph read). */
export const newReviewInputs = z.object({
  // Cards drawn before the form carried fewer may carry up to 60; a redraw keeps the first MAX_KNOWN_GROUPS.
  known: z.array(knownResource).max(Math.max(MAX_KNOWN_GROUPS, 60)).default([]),
  /** The group or application picked (its object id), or every Microsoft 365 group. */
  group: input(60).refine((g) => g === '' || g === ALL_M365_VALUE || isGuid(g), 'is not a group or application'),
  groupSearch: input(256),
  who: choice(['members', 'guests'], 'members'),
  reviewers: choice(['self', 'owners', 'people', 'managers'], 'owners'),
  people: input(2000),
  fallback: input(2000),
  days: input(20),
  every: choice(['once', 'weekly', 'monthly', 'quarterly', 'semiannually', 'annually'], 'once'),
  endKind: choice(['never', 'onDate', 'after'], 'never'),
  endDate: input(40),
  times: input(20),
  startDate: input(40),
  noResponse: choice(['none', 'remove', 'approve', 'recommendation'], 'none'),
  autoApply: toggle(false),
  requireJustification: toggle(true),
  recommendations: toggle(true),
  name: input(2000),
  descriptionForReviewers: input(2000),
  descriptionForAdmins: input(4000),
});
export type NewReviewInputs = z.output<typeof newReviewInputs>;

const instanceRef = z.object({ definitionId: guid, instanceId: guid, name: z.string().max(256), skip });
const definitionRef = z.object({ definitionId: guid, name: z.string().max(256), skip });

export const OWNER_ACTION_SCHEMAS = {
  newReview: z.object({}),
  searchGroups: newReviewInputs,
  searchApps: newReviewInputs,
  createReview: newReviewInputs.extend({ formId: z.string().uuid().optional() }),
  myReviews: z.object({ skip }),
  stopReview: instanceRef,
  applyReview: instanceRef,
  nudgeReview: instanceRef,
  deleteReview: definitionRef,
  deleteReviewConfirmed: definitionRef,
};

/** A whole number typed in a box, or NaN (which the form's checks report with the range allowed). */
function whole(text: string): number {
  return /^\s*\d{1,6}\s*$/.test(text) ? Number(text) : NaN;
}

/** What was picked: a listed app is an app; any other id a group (role-assignable as listed). */
function pickedOf(a: NewReviewInputs): GroupChoice {
  if (a.group === '') return { kind: 'none' };
  if (a.group === ALL_M365_VALUE) return { kind: 'allMicrosoft365Groups' };
  const known = a.known.find((g) => g.id.toLowerCase() === a.group.toLowerCase());
  if (known?.kind === 'app') return { kind: 'app', id: a.group, name: known.name };
  return {
    kind: 'group',
    id: a.group,
    name: known?.name ?? '',
    ...(known?.roleAssignable ? { roleAssignable: true } : {}),
  };
}

/** The form as the owner filled it in on the card. */
export function formFromCard(a: NewReviewInputs, today: string): QuickReviewForm {
  return {
    group: pickedOf(a),
    who: a.who,
    reviewers: a.reviewers,
    // Kept whatever the reviewers, so a redraw shows them; looked up only for 'Specific people'.
    people: splitPeople(a.people),
    fallback: splitPeople(a.fallback),
    days: whole(a.days),
    every: a.every,
    end:
      a.endKind === 'onDate'
        ? { kind: 'onDate', date: a.endDate.trim() }
        : a.endKind === 'after'
          ? { kind: 'after', times: whole(a.times) }
          : { kind: 'never' },
    startDate: a.startDate.trim() || today,
    noResponse: a.noResponse,
    autoApply: a.autoApply,
    requireJustification: a.requireJustification,
    recommendations: a.recommendations,
    name: a.name.trim(),
    descriptionForReviewers: a.descriptionForReviewers.trim(),
    descriptionForAdmins: a.descriptionForAdmins.trim(),
  };
}
