import { ActivityTypes, CardFactory, TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import { isoDate } from '../reviews/quickReview';
import { parseQuickReviewCommand } from '../reviews/quickReviewCommand';
import { messageView } from '../views/cardViews';
import { commandProblemsText } from '../views/ownerViews';
import { renderCard } from '../views/renderCard';
import * as words from '../views/wording';
import { showMyReviews } from './myReviewsFlows';
import { createFromCommand, showNewReviewForm } from './newReviewFlows';
import { Reviewer } from './reviewer';
import { asReviewer, replyWith, ReviewerTurnDeps } from './reviewerTurn';

/**
 * What owners and admins type: `new review` (the form card), `new review "Group" key=value…` (created at once) and
 * `my reviews` (the reviews they created). The patterns are in COMMANDS (commands.ts).
 */

/** `new review` and what follows it; the text after the command words is `rest`. */
export async function newReviewCommand(context: TurnContext, deps: ReviewerTurnDeps, rest: string): Promise<void> {
  const parsed = parseQuickReviewCommand(rest, isoDate(deps.flows.now()));
  if (!parsed.ok) {
    // Nothing is looked up or sent: the words that did not parse are named, with what is allowed.
    const card = renderCard(
      'message',
      messageView(words.COMMAND_NOT_CREATED_TITLE, commandProblemsText(parsed.problems), { color: 'Attention' }),
    );
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
    return;
  }
  await context.sendActivity({ type: ActivityTypes.Typing });
  const run = parsed.empty
    ? (r: Reviewer) => showNewReviewForm(r, deps.flows)
    : (r: Reviewer) => createFromCommand(r, deps.flows, parsed.form);
  await replyWith(context, deps.signIn, await asReviewer(deps, context, run, { verb: 'newReview', choices: [] }));
}

export async function myReviewsCommand(context: TurnContext, deps: ReviewerTurnDeps): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.Typing });
  await replyWith(
    context,
    deps.signIn,
    await asReviewer(deps, context, (r) => showMyReviews(r, 0), { verb: 'myReviews', skip: 0, choices: [] }),
  );
}

export function registerOwnerCommands(
  app: Application<TurnState>,
  deps: ReviewerTurnDeps,
  patterns: { newReview: RegExp; myReviews: RegExp },
): void {
  app.message(patterns.newReview, (context) => {
    const text = typeof context.activity.text === 'string' ? context.activity.text : '';
    return newReviewCommand(context, deps, patterns.newReview.exec(text)?.groups?.rest ?? '');
  });
  app.message(patterns.myReviews, (context) => myReviewsCommand(context, deps));
}
