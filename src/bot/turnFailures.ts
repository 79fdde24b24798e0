import { ActivityTypes, CardFactory, INVOKE_RESPONSE_KEY, StatusCodes, TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import { Logger } from '../logging';
import { StorageSlow } from '../storage/storageCall';
import { problemCard } from './reviewerTurn';
import { sendInvokeResponse } from './signIn';
import { turnLog } from './turnLog';
import * as words from '../views/wording';

/** Invokes Teams may send that need nothing from this bot but an answer. */
const QUIET_INVOKES = new Set(['signin/failure']);

const CARD_CONTENT = 'application/vnd.microsoft.card.adaptive';

/**
 * What a turn that no route took, or that failed, answers. Nothing a client sends earns a 5xx: an invoke always gets
 * an invoke response (a card saying what happened for card actions), a message gets an apology, and nothing the
 * reviewer entered is claimed to be recorded.
 */
export function registerTurnFailures(app: Application<TurnState>, root: Logger): void {
  // Registered last: invoke routes are tried in order, so this takes only what no other route did.
  app.addRoute(
    async (context) => context.activity.type === ActivityTypes.Invoke,
    async (context) => {
      const name = String(context.activity.name ?? '');
      if (name === 'adaptiveCard/action') {
        await answerWithCard(context, words.CARD_UNUSABLE_TITLE, words.cardUnusable(words.UNKNOWN_CARD_ACTION));
      } else if (QUIET_INVOKES.has(name)) {
        await sendInvokeResponse(context, { status: StatusCodes.OK });
      } else {
        await sendInvokeResponse(context, {
          status: StatusCodes.BAD_REQUEST,
          body: { error: `Unsupported invoke "${name.slice(0, 60)}".` },
        });
      }
    },
    true,
  );

  app.error(async (context, err) => {
    const log = turnLog(context, root);
    // Storage that did not answer in time is said as such: it is not a fault of the bot, and it passes.
    const slow = err instanceof StorageSlow;
    if (slow) log.warn({ err }, 'turn cut short: storage slow');
    else log.error({ err }, 'turn failed');
    if (context.activity.type === ActivityTypes.Invoke) {
      if (!context.turnState.get(INVOKE_RESPONSE_KEY)) {
        if (slow)
          await answerWithCard(
            context,
            words.STORAGE_SLOW_TITLE,
            err.outcomeUnknown ? words.STORAGE_SLOW_UNSURE : words.STORAGE_SLOW,
          );
        else await answerWithCard(context, words.WENT_WRONG_TITLE, words.WENT_WRONG);
      }
      return;
    }
    if (context.activity.type === ActivityTypes.Message) {
      // The apology takes the way the failed reply took; when the channel cannot be reached (a serviceUrl where no
      // Bot Connector answers), it fails too, and that is logged rather than answered with a 500.
      await context
        .sendActivity(slow ? words.STORAGE_SLOW_MESSAGE : words.WENT_WRONG_MESSAGE)
        .catch((sendErr) => log.warn({ err: sendErr }, 'apology not sent'));
    }
  });
}

async function answerWithCard(context: TurnContext, title: string, text: string) {
  const card = CardFactory.adaptiveCard(problemCard(title, text)).content;
  await sendInvokeResponse(context, {
    status: StatusCodes.OK,
    body: { statusCode: 200, type: CARD_CONTENT, value: card },
  });
}
