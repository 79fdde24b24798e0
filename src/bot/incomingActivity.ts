import { ActivityTypes } from 'botbuilder';
import { z } from 'zod';

/**
 * The shape of an activity posted to /api/messages, checked before the adapter sees it. Anyone can post there (the
 * token is checked later, by the adapter), and the Bot Framework SDK and the routes dereference these fields without
 * checking them, so a wrong shape would otherwise become a 500 or a turn that fails halfway.
 *
 * Only what the SDK and the bot read is checked; everything else Teams or the Agents Playground adds is let through
 * (see Activity in botframework-schema). `from.aadObjectId` is optional: the Playground does not send it. A null
 * single value reads as absent, as the SDK treats it; a null list would be dereferenced, so lists must be lists.
 */

/** Teams ids ("29:…", "a:…", "19:…@thread.tacv2;messageid=…") are a few hundred characters at most. */
const MAX_ID = 1024;
/** Teams refuses messages over about 28 KB; a command is a few words. */
export const MAX_TEXT = 50_000;

const KNOWN_TYPES = new Set<string>(Object.values(ActivityTypes));

const text = (max: number) =>
  z
    .string({ required_error: 'is missing', invalid_type_error: 'must be a string' })
    .max(max, `must be at most ${max} characters`);
/**
 * Ids go into the Bot Connector's URLs and headers when the bot replies: printable ASCII, as Teams ids are (anything
 * else fails the reply's HTTP header or URL encoding), and never "." or ".." (a URL would drop that segment).
 */
const id = text(MAX_ID)
  .min(1, 'must not be empty')
  .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII')
  .refine((s) => s !== '.' && s !== '..', 'must not be a dot segment');
const object = <T extends z.ZodRawShape>(shape: T) =>
  z.object(shape, { required_error: 'is missing', invalid_type_error: 'must be an object' }).passthrough();
const list = <T extends z.ZodTypeAny>(item: T) => z.array(item, { invalid_type_error: 'must be a list' });
const date = text(64).refine((s) => !Number.isNaN(Date.parse(s)), 'is not a date');

const serviceUrl = text(2048).refine((s) => {
  try {
    const url = new URL(s);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

/** TurnContext.removeRecipientMention reads `type` of every entity and `mentioned.id` of every mention. */
const entity = object({ type: text(256) }).superRefine((e, ctx) => {
  const mentioned = (e as { mentioned?: { id?: unknown } }).mentioned;
  if (e.type.toLowerCase() === 'mention' && !id.safeParse(mentioned?.id).success)
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['mentioned', 'id'], message: 'is missing or not a string' });
});

const activitySchema = object({
  type: text(64).refine((t) => KNOWN_TYPES.has(t), 'must be a Bot Framework activity type'),
  id: id.nullish(),
  replyToId: id.nullish(),
  channelId: text(64).min(1, 'must not be empty'),
  serviceUrl,
  from: object({ id, name: text(256).nullish(), aadObjectId: text(64).nullish() }),
  recipient: object({ id, name: text(256).nullish() }),
  conversation: object({
    id,
    tenantId: text(64).nullish(),
    conversationType: text(64).nullish(),
    isGroup: z.boolean({ invalid_type_error: 'must be true or false' }).nullish(),
  }),
  name: text(256).nullish(),
  action: text(64).nullish(),
  text: text(MAX_TEXT).nullish(),
  locale: text(64).nullish(),
  timestamp: date.nullish(),
  localTimestamp: date.nullish(),
  deliveryMode: text(64).nullish(),
  channelData: object({}).optional(),
  entities: list(entity).optional(),
  attachments: list(object({})).optional(),
  membersAdded: list(object({ id })).optional(),
  membersRemoved: list(object({ id })).optional(),
  // value: any JSON, read by the route that handles the activity.
});

export type ActivityCheck = { ok: true } | { ok: false; field: string; error: string };

/** Checks a parsed JSON body; a refusal names the first wrong field, e.g. "conversation.id is missing". */
export function checkIncomingActivity(body: object): ActivityCheck {
  const parsed = activitySchema.safeParse(body);
  if (parsed.success) return { ok: true };
  const issue = parsed.error.issues[0];
  const field = issue.path.join('.');
  return { ok: false, field, error: `The activity is not valid: ${field} ${issue.message}.` };
}
