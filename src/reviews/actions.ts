import { z } from 'zod';
import { Choice, ItemFilter, ReviewItem, ReviewSummary } from './model';

/**
 * What a card action carries back to the bot, validated before anything reaches Graph. Card payloads are untrusted
 * input: every id that will be put in a Graph URL must be a GUID, every field is bounded, and an action that does not
 * parse gets a clear error card and no Graph call.
 */

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (s: unknown): s is string => typeof s === 'string' && GUID_RE.test(s);

const guid = z.string().regex(GUID_RE, 'is not a GUID');
const text = (max: number) => z.string().max(max);
const isoDate = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a date');

export const reviewSummarySchema = z.object({
  definitionId: guid,
  instanceId: guid,
  name: text(256),
  resourceName: text(256),
  status: text(40),
  endDateTime: isoDate,
  justificationRequired: z.boolean(),
  guestsOnly: z.boolean().default(false),
  total: z.number().int().min(0),
  remaining: z.number().int().min(0),
  recommendedDeny: z.number().int().min(0),
});

const decision = z.enum(['Approve', 'Deny', 'DontKnow', 'NotReviewed']);
const recommendation = z.enum(['Approve', 'Deny', 'NoInfoAvailable']);
export const itemSchema = z.object({
  id: guid,
  principalId: guid,
  principalName: text(256),
  principalUpn: text(256),
  principalKind: z.enum(['Member', 'Guest', 'ServicePrincipal', 'Unknown']),
  resourceId: guid,
  resourceName: text(256),
  decision,
  recommendation,
  justification: text(2000),
  reviewedByName: text(256),
  lastSignIn: isoDate.nullable().optional(),
});

const filterSchema = z.enum(['all', 'notReviewed', 'recommendedDeny']);
// 'Leave' is the card's value for "leave as is" (an empty value would read as a missing input).
const choiceSchema = z
  .enum(['Approve', 'Deny', 'DontKnow', 'Leave', ''])
  .transform((v): Choice => (v === 'Leave' ? '' : v));

/** The page a card shows, carried in its actions so that paging and submitting need no extra Graph read. */
/** The page the button was pressed on (for navigation and bulk actions): to redraw it if choices would be lost. */
const pageRef = z.object({
  filter: filterSchema,
  skip: z.number().int().min(0).max(1_000_000),
  ids: z.array(guid).max(50),
});
export type PageRef = z.infer<typeof pageRef>;

const pageState = z.object({
  review: reviewSummarySchema,
  filter: filterSchema.default('all'),
  skip: z.number().int().min(0).max(1_000_000).default(0),
  from: pageRef.optional(),
  justification: text(2000).default(''),
});

export type CardAction =
  | { verb: 'reviews' }
  | { verb: 'help' }
  | {
      verb: 'openReview';
      review: ReviewSummary;
      filter: ItemFilter;
      skip: number;
      from?: PageRef;
      justification?: string;
    }
  | {
      verb: 'submit';
      review: ReviewSummary;
      filter: ItemFilter;
      skip: number;
      count: number;
      more: boolean;
      items: ReviewItem[];
      choices: Choice[];
      justification: string;
    }
  | {
      verb: 'acceptRecommendations';
      review: ReviewSummary;
      filter: ItemFilter;
      skip: number;
      from?: PageRef;
      justification?: string;
    }
  | {
      verb: 'approveRest';
      review: ReviewSummary;
      filter: ItemFilter;
      skip: number;
      justification: string;
      from?: PageRef;
    }
  | { verb: 'approveRestConfirmed'; review: ReviewSummary; filter: ItemFilter; skip: number; justification: string };

export const VERBS = [
  'reviews',
  'help',
  'openReview',
  'submit',
  'acceptRecommendations',
  'approveRest',
  'approveRestConfirmed',
] as const;

const schemas = {
  reviews: z.object({}),
  help: z.object({}),
  openReview: pageState,
  submit: pageState.extend({
    count: z.number().int().min(0),
    more: z.boolean().default(false),
    items: z.array(itemSchema).max(50),
    justification: text(2000).default(''),
  }),
  acceptRecommendations: pageState,
  approveRest: pageState,
  approveRestConfirmed: pageState,
};

export type ParsedAction = { ok: true; action: CardAction } | { ok: false; problem: string };

/**
 * How many decisions the reviewer chose on the card but has not submitted. Every Action.Execute carries the card's
 * inputs, so paging or accepting recommendations can tell that choices would be lost.
 */
export function unsavedChoices(data: unknown): Choice[] {
  const raw = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const out: Choice[] = [];
  for (const [k, v] of Object.entries(raw)) {
    const m = /^choice_(\d{1,2})$/.exec(k);
    const c = choiceSchema.safeParse(v);
    if (m && c.success && c.data !== '') out[Number(m[1])] = c.data;
  }
  return Array.from(out, (c) => c ?? '');
}

/**
 * Parses the data of an Action.Execute. Teams merges the card's input values into the data, so choices arrive as
 * `choice_0`, `choice_1`, ... (one per item on the page) and the justification as `justification`.
 */
export function parseCardAction(verb: unknown, data: unknown): ParsedAction {
  if (typeof verb !== 'string' || !(VERBS as readonly string[]).includes(verb)) {
    return {
      ok: false,
      problem: `The card sent an action this bot does not know (${JSON.stringify(verb)?.slice(0, 40)}).`,
    };
  }
  const v = verb as (typeof VERBS)[number];
  const raw = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const parsed = schemas[v].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `The card's data is not valid: ${issue.path.join('.') || 'data'} ${issue.message}.` };
  }
  const value = parsed.data as Record<string, unknown>;
  if (v === 'submit') {
    const items = value.items as ReviewItem[];
    const choices: Choice[] = [];
    for (let i = 0; i < items.length; i++) {
      const c = choiceSchema.safeParse(raw[`choice_${i}`] ?? '');
      if (!c.success)
        return {
          ok: false,
          problem: `The choice for ${items[i].principalName} is not one of Approve, Deny, Don't know.`,
        };
      choices.push(c.data);
    }
    return {
      ok: true,
      action: {
        ...(value as Omit<Extract<CardAction, { verb: 'submit' }>, 'verb' | 'choices'>),
        verb: 'submit',
        choices,
      },
    };
  }
  return { ok: true, action: { ...value, verb: v } as CardAction };
}
