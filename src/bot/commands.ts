import { ActivityTypes, CardFactory, TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import { TokenService } from '../auth/tokenService';
import { helpView } from '../views/cardViews';
import { renderCard } from '../views/renderCard';
import { safeText } from '../views/untrustedText';
import { userIdOf } from './reviewer';
import { asReviewer, replyWith, ReviewerTurnDeps } from './reviewerTurn';
import { registerOwnerCommands } from './ownerCommands';
import { showInbox } from './reviewFlows';
import { showSettings } from './settingsFlows';
import { showReach } from './reachFlows';
import * as words from '../views/wording';

export interface CommandDeps extends ReviewerTurnDeps {
  tokens: TokenService;
}

/** What people type. Anchored: "help me with reviews" is not two commands. */
export const COMMANDS = {
  help: /^\s*(help|\?)\s*$/i,
  // The reviewer's inbox; "my reviews" alone is the owner's list (below).
  reviews: /^\s*(reviews?|pending|(my )?reviews to do|show reviews)\s*[.!]?\s*$/i,
  signOut: /^\s*sign[\s-]?out\s*$/i,
  // Owners and admins (ownerCommands.ts): the form, or the one-line form with what follows the words.
  newReview: /^\s*new[\s-]+review(?<rest>(\s[\s\S]*)?)$/i,
  myReviews: /^\s*(my reviews|reviews i created|my created reviews)\s*[.!]?\s*$/i,
  settings: /^\s*((reminder )?settings|reminders)\s*[.!]?\s*$/i,
  // Admins (reachFlows.ts): who Attest reached for the reviews in progress.
  reach: /^\s*reach\s*[.!]?\s*$/i,
};

async function sendHelp(context: TurnContext, title: string) {
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(renderCard('help', helpView(title)))] });
}

export async function sendWelcome(context: TurnContext) {
  await sendHelp(context, words.WELCOME_TITLE);
}

/** The inbox card, as a message (after `reviews`, or right after signing in). */
export async function showReviews(context: TurnContext, deps: CommandDeps) {
  await context.sendActivity({ type: ActivityTypes.Typing });
  await replyWith(
    context,
    deps.signIn,
    await asReviewer(deps, context, (r) => showInbox(r, deps.flows), { verb: 'reviews', skip: 0, choices: [] }),
  );
}

export function registerCommands(app: Application<TurnState>, deps: CommandDeps): void {
  app.message(COMMANDS.help, (context) => sendHelp(context, words.HELP_TITLE));
  app.message(COMMANDS.reviews, (context) => showReviews(context, deps));
  app.message(COMMANDS.signOut, async (context) => {
    const userId = userIdOf(context);
    if (userId) await deps.tokens.signOut(userId);
    await context.sendActivity(words.SIGNED_OUT);
  });
  app.message(COMMANDS.settings, async (context) =>
    replyWith(context, deps.signIn, await asReviewer(deps, context, (r) => showSettings(r, deps.flows))),
  );
  app.message(COMMANDS.reach, async (context) =>
    replyWith(context, deps.signIn, await asReviewer(deps, context, (r) => showReach(r, deps.flows))),
  );
  registerOwnerCommands(app, deps, COMMANDS);
  app.activity(ActivityTypes.Message, async (context) => {
    const text = typeof context.activity.text === 'string' ? context.activity.text.trim() : '';
    if (!text && context.activity.value) {
      // Action.Submit from an old client: the cards use Action.Execute only.
      await context.sendActivity(words.NEEDS_NEWER_CLIENT);
      return;
    }
    await context.sendActivity({ text: words.notUnderstood(safeText(text, 60)), textFormat: 'markdown' });
    await sendHelp(context, words.HELP_TITLE);
  });
}
