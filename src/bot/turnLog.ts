import { TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import { correlated, Logger } from '../logging';
import { ACTION_SCHEMAS } from './cardActionSchemas';
import { userIdOf } from './reviewer';

const TURN_LOG = Symbol('turnLog');

/** Invoke names and card verbs are words; anything else a client put there is not repeated in the log. */
const WORD = /^[\w/-]{1,64}$/;
const word = (v: unknown) => (typeof v === 'string' && WORD.test(v) ? v : undefined);
const clip = (v: unknown, max: number) => (typeof v === 'string' && v ? v.slice(0, max) : undefined);

/**
 * The turn's logger, made on first use: a new correlationId, and what identifies the activity (its id, type, invoke
 * name and card verb, the conversation type, the person's Entra object id). Never its text, its values or card inputs.
 */
export function turnLog(context: TurnContext, root: Logger): Logger {
  const kept = context.turnState.get(TURN_LOG) as Logger | undefined;
  if (kept) return kept;
  const a = context.activity;
  const verb = (a.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
  const log = correlated(root, {
    activityId: clip(a.id, 128),
    activityType: clip(a.type, 64),
    name: word(a.name),
    verb: typeof verb === 'string' && Object.hasOwn(ACTION_SCHEMAS, verb) ? verb : undefined,
    conversationType: word(a.conversation?.conversationType),
    userId: userIdOf(context),
  });
  context.turnState.set(TURN_LOG, log);
  return log;
}

/** Runs each turn with its logger, and logs its end: whether a route took it, and how long it took. */
export function withTurnLog(app: Application<TurnState>, root: Logger) {
  return async (context: TurnContext): Promise<void> => {
    const log = turnLog(context, root);
    const started = performance.now();
    const handled = await app.run(context);
    log.info({ handled, durationMs: Math.round(performance.now() - started) }, 'turn done');
  };
}
