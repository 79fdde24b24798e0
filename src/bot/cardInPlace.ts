import Bottleneck from 'bottleneck';
import { CardFactory, CloudAdapterBase, TurnContext } from 'botbuilder';
import { Logger } from '../logging';

type Card = Record<string, unknown>;

/** Teams takes at most 7 sends per second per conversation; progress needs far fewer. */
const PROGRESS_EVERY_MS = 2000;

/**
 * The card a button was pressed on, to be replaced from outside the turn (long work that answered at once and
 * carries on in the background). Progress is sent at most every two seconds, the latest state winning; the final
 * card always goes out, after any progress still on its way.
 */
export class CardInPlace {
  private readonly progress = new Bottleneck({
    maxConcurrent: 1,
    minTime: PROGRESS_EVERY_MS,
    highWater: 1,
    strategy: Bottleneck.strategy.LEAK,
  });

  /** @param inPlace false when the card cannot be updated in place: only the final card is sent, as a new message. */
  constructor(
    private readonly replace: (card: Card) => Promise<void>,
    private readonly log: Logger,
    private readonly inPlace = true,
  ) {}

  /** Shows progress; a newer state may take the place of this one before it is sent. */
  show(card: Card): void {
    if (!this.inPlace) return;
    this.progress.schedule(() => this.replace(card)).catch((err) => this.failed(err));
  }

  /** Shows the final card, once every progress update already started is done. */
  async finish(card: Card): Promise<void> {
    await this.progress.stop({ dropWaitingJobs: true }).catch(() => undefined);
    await this.replace(card).catch((err) => this.failed(err));
  }

  private failed(err: unknown) {
    if (err instanceof Bottleneck.BottleneckError) return; // replaced by a newer state
    this.log.warn({ err }, 'card update failed');
  }
}

/**
 * The pressed card of an Action.Execute, updated through the Bot Connector with the turn's conversation reference;
 * when Teams did not say which message the card is (no replyToId), the card is sent as a new message instead.
 */
export function pressedCard(context: TurnContext, botAppId: string, log: Logger): CardInPlace {
  const adapter = context.adapter as CloudAdapterBase;
  const reference = TurnContext.getConversationReference(context.activity);
  const activityId = context.activity.replyToId;
  const replace = async (card: Card) => {
    // The adapter's turn-error handler would take a failed update: keep it and throw it out here, to be logged.
    let failed: unknown;
    await adapter.continueConversationAsync(botAppId, reference, async (ctx) => {
      const activity = { type: 'message', attachments: [CardFactory.adaptiveCard(card)] };
      try {
        if (activityId) await ctx.updateActivity({ ...activity, id: activityId });
        else await ctx.sendActivity(activity);
      } catch (err) {
        failed = err ?? new Error('card update failed');
      }
    });
    if (failed) throw failed;
  };
  return new CardInPlace(replace, log, !!activityId);
}
