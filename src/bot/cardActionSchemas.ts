import { z } from 'zod';
import { isGuid } from '../reviews/ids';
import { Choice } from '../reviews/model';
import { ASSIGNMENT_KINDS, RESOURCE_KINDS, REVIEW_KINDS } from '../reviews/reviewKinds';
import { OWNER_ACTION_SCHEMAS } from './ownerActionSchemas';
import { SETTINGS_ACTION_SCHEMAS } from './settingsActionSchemas';

/**
 * What a card button (Action.Execute) carries back to the bot, validated before anything reaches Graph. Card
 * payloads are untrusted input: every id that will be put in a Graph URL must be a GUID, every field is bounded, and
 * an action that does not parse gets a clear card and no Graph call. The action types are derived from these schemas.
 */

const guid = z.string().refine(isGuid, 'is not a GUID');
const text = (max: number) => z.string().max(max);
const isoDate = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a date');

/** Longer than any justification Graph keeps: a longer one is refused with the choices kept, not as a broken card. */
export const MAX_JUSTIFICATION_INPUT = 20_000;

const reviewSummary = z.object({
  definitionId: guid,
  instanceId: guid,
  name: text(256),
  resourceName: text(256),
  status: text(40),
  endDateTime: isoDate,
  justificationRequired: z.boolean(),
  guestsOnly: z.boolean().default(false),
  // Cards sent before review kinds were known carry none of these: they were all group reviews of one group.
  resourceDetail: text(256).default(''),
  kind: z.enum(REVIEW_KINDS).default('group'),
  assignment: z.enum(ASSIGNMENT_KINDS).optional(),
  resources: z.number().int().min(0).max(1_000_000).default(1),
  multiStage: z.boolean().default(false),
  stageId: guid.optional(),
  total: z.number().int().min(0),
  remaining: z.number().int().min(0),
  recommendedDeny: z.number().int().min(0),
});

const item = z.object({
  id: guid,
  principalId: guid,
  principalName: text(256),
  principalUpn: text(256),
  principalKind: z.enum(['Member', 'Guest', 'ServicePrincipal', 'Group', 'Unknown']),
  resourceId: guid,
  resourceName: text(256),
  resourceKind: z.enum(RESOURCE_KINDS).default('group'),
  resourceDetail: text(256).default(''),
  access: z.enum(['direct', 'indirect']).optional(),
  resourceGroup: z
    .object({
      onPremisesSynced: z.boolean().optional(),
      mailEnabled: z.boolean().optional(),
      securityEnabled: z.boolean().optional(),
      dynamic: z.boolean().optional(),
      unified: z.boolean().optional(),
    })
    .optional(),
  memberCount: z.number().int().min(0).max(100_000_000).optional(),
  assignment: z
    .object({
      kind: z.enum(['eligible', 'active']),
      // Card data leaves it out unless true (src/views/cardViews.ts carried).
      permanent: z.boolean().default(false),
      endDateTime: isoDate.optional(),
      activated: z.boolean().optional(),
      access: z.enum(['member', 'owner']).optional(),
    })
    .optional(),
  decision: z.enum(['Approve', 'Deny', 'DontKnow', 'NotReviewed']),
  recommendation: z.enum(['Approve', 'Deny', 'NoInfoAvailable']),
  justification: text(2000),
  reviewedByName: text(256),
  lastSignIn: isoDate.nullable().optional(),
});

const filter = z.enum(['all', 'notReviewed', 'recommendedDeny']);
const skip = z.number().int().min(0).max(1_000_000);

/** The page a button was pressed on (navigation and bulk actions): to draw it again if choices would be lost. */
const pageRef = z.object({ filter, skip, ids: z.array(guid).max(50) });
export type PageRef = z.infer<typeof pageRef>;

/** A review page as its buttons carry it, so that paging and submitting need no extra Graph read. */
const pageState = z.object({
  review: reviewSummary,
  filter: filter.default('all'),
  skip: skip.default(0),
  from: pageRef.optional(),
  justification: text(MAX_JUSTIFICATION_INPUT).default(''),
});

/** One schema per verb: adding a button means one entry here and one in the card action table. */
export const ACTION_SCHEMAS = {
  reviews: z.object({ skip: skip.default(0) }),
  help: z.object({}),
  openReview: pageState,
  submit: pageState.extend({
    count: z.number().int().min(0),
    more: z.boolean().default(false),
    items: z.array(item).max(50),
  }),
  acceptRecommendations: pageState,
  approveRest: pageState,
  approveRestConfirmed: pageState,
  ...OWNER_ACTION_SCHEMAS,
  ...SETTINGS_ACTION_SCHEMAS,
  // Reaching reviewers (reachFlows.ts): "Not me" on a first-contact card, the admin's reach view.
  notMe: z.object({ instanceId: guid }),
  reach: z.object({ skip: skip.default(0) }),
};

export type Verb = keyof typeof ACTION_SCHEMAS;
/** A parsed action: its schema's output, the verb, and the decisions chosen on the card (one per item, '' = leave). */
export type CardAction = {
  [V in Verb]: z.output<(typeof ACTION_SCHEMAS)[V]> & { verb: V; choices: Choice[] };
}[Verb];
export type ActionOf<V extends Verb> = Extract<CardAction, { verb: V }>;

const isVerb = (v: unknown): v is Verb => typeof v === 'string' && Object.hasOwn(ACTION_SCHEMAS, v);

// 'Leave' is the card's value for "leave as is" (an empty value would read as a missing input).
const choice = z.enum(['Approve', 'Deny', 'DontKnow', 'Leave', '']).transform((v): Choice => (v === 'Leave' ? '' : v));
const CHOICE_KEY = /^choice_(\d{1,2})$/;

/**
 * The decisions chosen on the card. Teams merges the card's inputs into the action data, one `choice_{i}` per person
 * on the page; an input that is not one of the choices reads as "leave as is".
 */
export function chosenDecisions(data: unknown): Choice[] {
  const raw = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const out: Choice[] = [];
  for (const [k, v] of Object.entries(raw)) {
    const m = CHOICE_KEY.exec(k);
    const c = choice.safeParse(v);
    if (m && c.success && c.data !== '') out[Number(m[1])] = c.data;
  }
  return Array.from(out, (c) => c ?? '');
}

export type ParsedAction = { ok: true; action: CardAction } | { ok: false; problem: string };

/** Parses the verb and data of an Action.Execute; the problem, in words, when it cannot be used. */
export function parseCardAction(verb: unknown, data: unknown): ParsedAction {
  if (!isVerb(verb)) {
    const shown = typeof verb === 'string' ? `"${verb.slice(0, 40)}"` : 'none';
    return { ok: false, problem: `The card sent an action this bot does not know (${shown}).` };
  }
  const raw = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  const parsed = ACTION_SCHEMAS[verb].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `The card's data is not valid: ${issue.path.join('.') || 'data'} ${issue.message}.` };
  }
  let choices = chosenDecisions(raw);
  if (verb === 'submit') {
    // A submit reads one choice per person on its page; one that is not a choice is refused, not ignored.
    const items = (parsed.data as z.output<(typeof ACTION_SCHEMAS)['submit']>).items;
    choices = [];
    for (let i = 0; i < items.length; i++) {
      const c = choice.safeParse(raw[`choice_${i}`] ?? '');
      if (!c.success)
        return {
          ok: false,
          problem: `The choice for ${items[i].principalName} is not one of Approve, Deny, Don't know.`,
        };
      choices.push(c.data);
    }
  }
  return { ok: true, action: { ...parsed.data, verb, choices } as CardAction };
}
