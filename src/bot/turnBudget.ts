import { TurnContext } from 'botbuilder';
import { withDeadline } from '../deadline';

/**
 * How long a turn may work before it answers. The Bot Framework gives a bot 15 seconds to answer what the channel
 * posts, after which the channel gets 504 GatewayTimeout
 * (https://learn.microsoft.com/azure/bot-service/bot-builder-basics, "HTTP Details"); Teams support puts the
 * card-action invoke (`adaptiveCard/action`) at 10 to 15 seconds depending on the client
 * (https://github.com/MicrosoftDocs/msteams-docs/issues/6461), after which the card shows "Something went wrong"
 * whatever the bot does later, and some invokes get less (a message extension's dialog submit: five seconds,
 * https://learn.microsoft.com/microsoftteams/platform/messaging-extensions/how-to/action-commands/respond-to-task-module-submit).
 * Every storage and Graph call of a turn ends by this budget (src/deadline.ts), leaving the rest of the 10 to 15
 * seconds for the hop through the Bot Framework service and the answer itself. A constant: it follows from Teams.
 */
export const TURN_BUDGET_MS = 8_000;

/**
 * A card action answers by this time whatever is still pending (a call that takes no deadline, such as msal's to
 * the token endpoint): the card says it is taking long, and the work goes on without anyone waiting for it.
 */
export const CARD_ANSWER_BY_MS = 9_000;

/** Runs each turn with its budget: every storage and Graph call in it is cut at the budget's end. */
export function withTurnBudget(run: (context: TurnContext) => Promise<void>) {
  return (context: TurnContext): Promise<void> => withDeadline(TURN_BUDGET_MS, () => run(context));
}
