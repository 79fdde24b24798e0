import { ActivityTypes, CardFactory, TurnContext } from 'botbuilder';
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { SignInRequired, TokenService } from '../auth/tokenService';
import { GraphCallError } from '../graph/failures';
import { CardAction, parseCardAction, unsavedChoices, VERBS } from '../reviews/actions';
import { renderCard } from '../views/renderCard';
import { ConversationReferences } from '../storage/conversationReferences';
import { FlowSettings, Reviewer, userIdOf } from './reviewer';
import {
  acceptAll,
  inputKept,
  keepUnsaved,
  approveRest,
  confirmApproveRest,
  failureCard,
  openReview,
  showInbox,
  submitDecisions,
} from './reviewFlows';
import { graphForUser, SessionDeps } from './session';
import {
  handleTokenExchange,
  handleVerifyState,
  loginRequest,
  preconditionFailed,
  sendInvokeResponse,
  sendSignInCard,
  signInWithMagicCode,
  SignInSettings,
} from './signIn';
import { messageView } from '../views/cardViews';

export interface BotDeps {
  adapter: TeamsAdapter;
  session: SessionDeps;
  tokens: TokenService;
  flows: FlowSettings;
  signIn: SignInSettings;
  references: ConversationReferences;
  /** Logs failures without tokens or personal data. */
  log: (message: string) => void;
}

type Card = Record<string, unknown>;

const COMMANDS = {
  help: /^\s*(help|\?)\s*$/i,
  reviews: /^\s*(reviews?|pending|my reviews( to do)?|show( my)? reviews)\s*[.!]?\s*$/i,
  signOut: /^\s*sign[\s-]?out\s*$/i,
};

function helpCard(title: string): Card {
  return renderCard('help', { title });
}

function problemCard(title: string, text: string): Card {
  return renderCard('message', messageView(title, text, { color: 'Attention' }));
}

/** The bot: one teams-ai Application with a route per command, per card action and per sign-in invoke. */
export function createBot(deps: BotDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter: deps.adapter,
    removeRecipientMention: true,
    startTypingTimer: false,
  });

  /** Runs a review flow for the person in this turn; sign-in and Graph failures become cards, never lost input. */
  async function asReviewer(
    context: TurnContext,
    flow: (r: Reviewer) => Promise<Card>,
    retry?: CardAction,
  ): Promise<Card | SignInRequired> {
    // An action that carries the reviewer's choices is drawn again with them, whatever failed.
    const kept = (why: string) => (retry ? inputKept(deps.flows, retry, why) : undefined);
    const userId = userIdOf(context);
    if (!userId) {
      return problemCard(
        'I cannot tell who you are',
        'Teams did not send your Microsoft Entra identity with this message, so I cannot look up your reviews. Try again from Microsoft Teams.',
      );
    }
    const run = async () =>
      flow({ userId, name: context.activity.from.name ?? '', graph: await graphForUser(deps.session, userId) });
    try {
      try {
        return await run();
      } catch (err) {
        // Graph refused the token (revoked or expired early): forget the session; in local mode sign in again once.
        if (!(err instanceof GraphCallError && err.failure.status === 401)) throw err;
        await deps.tokens.signOut(userId);
        if (!deps.session.localSsoToken) return new SignInRequired('expired', 'Your sign-in has expired.');
        return await run();
      }
    } catch (err) {
      if (err instanceof SignInRequired) return err;
      if (err instanceof GraphCallError) {
        deps.log(`graph failure: ${err.failure.status} ${err.failure.code}`);
        return kept(err.message) ?? failureCard(err, retry);
      }
      deps.log(`unexpected failure: ${err instanceof Error ? err.message : String(err)}`);
      const card = kept('Something went wrong on my side or on the way to Microsoft 365.');
      if (card) return card;
      return problemCard(
        'Something went wrong',
        'I could not finish that. Nothing was recorded from this step; try again in a moment.',
      );
    }
  }

  async function replyWith(context: TurnContext, card: Card | SignInRequired) {
    if (card instanceof SignInRequired) await sendSignInCard(context, deps.signIn, card.reason);
    else await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  }

  const showReviews = async (context: TurnContext) => {
    await context.sendActivity({ type: ActivityTypes.Typing });
    await deps.references.rememberOnce(context);
    await replyWith(context, await asReviewer(context, (r) => showInbox(r, deps.flows), { verb: 'reviews' }));
  };

  app.message(COMMANDS.help, async (context) => {
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(helpCard('Attest help'))] });
  });
  app.message(COMMANDS.reviews, showReviews);
  app.message(COMMANDS.signOut, async (context) => {
    const userId = userIdOf(context);
    if (userId) await deps.tokens.signOut(userId);
    await context.sendActivity("You're signed out of Attest. Type 'reviews' any time to sign in again.");
  });
  app.activity(ActivityTypes.Message, async (context) => {
    const text = (context.activity.text ?? '').trim();
    if (!text && context.activity.value) {
      await context.sendActivity('That card button needs a newer Teams client. Type "reviews" to continue.');
      return;
    }
    await context.sendActivity(`I didn't get "${text.slice(0, 60)}". Here is what I can do:`);
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(helpCard('Attest help'))] });
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
    if (!botAdded) return;
    await deps.references.remember(context);
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(helpCard('Welcome to Attest'))] });
  });
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const action = String(context.activity.action ?? '');
    if (action.startsWith('remove')) await deps.references.forget(context);
    else await deps.references.remember(context);
  });

  // Universal Actions: every card button is an Action.Execute; the card is replaced in place with the result.
  app.adaptiveCards.actionExecute([...VERBS], async (context, _state, data) => {
    const verb = (context.activity.value as { action?: { verb?: string } } | undefined)?.action?.verb;
    const parsed = parseCardAction(verb, data);
    if (!parsed.ok) {
      return problemCard(
        'That card could not be used',
        `${parsed.problem} Nothing was sent. Open your reviews again to get a fresh card.`,
      ) as never;
    }
    const action = parsed.action;
    // Moving away from (or bulk-deciding on) a page with choices not submitted would lose them: the page is drawn
    // again with the choices and a word to submit first.
    const pending =
      action.verb === 'openReview' || action.verb === 'acceptRecommendations' || action.verb === 'approveRest'
        ? unsavedChoices(data)
        : [];
    const unsaved = pending.filter((c) => c !== '').length;
    const value = (context.activity.value ?? {}) as { authentication?: { token?: string }; state?: string };
    const userId = userIdOf(context);
    // Teams resends the action with the user's SSO token after a loginRequest, or with a magic code after the
    // sign-in button (consent). Either way the same action runs once the session is kept.
    if (userId && (value.authentication?.token || value.state)) {
      const ok = value.authentication?.token
        ? await deps.tokens.signIn(userId, value.authentication.token).then(
            () => true,
            () => false,
          )
        : await signInWithMagicCode(context, deps.signIn, deps.tokens, userId, value.state ?? '');
      if (!ok) {
        await sendInvokeResponse(
          context,
          preconditionFailed('Your Teams sign-in could not be exchanged for access to your reviews.'),
        );
        return '';
      }
    }
    const card = await asReviewer(
      context,
      (r) =>
        unsaved > 0 && 'from' in action && action.from
          ? keepUnsaved(r, deps.flows, action as Parameters<typeof keepUnsaved>[2], pending)
          : runAction(r, action),
      action,
    );
    if (card instanceof SignInRequired) {
      await sendInvokeResponse(context, await loginRequest(context, deps.signIn, card.reason));
      return '';
    }
    return card as never;
  });

  function runAction(r: Reviewer, action: CardAction): Promise<Card> {
    switch (action.verb) {
      case 'reviews':
        return showInbox(r, deps.flows);
      case 'help':
        return Promise.resolve(helpCard('Attest help'));
      case 'openReview':
        return openReview(r, deps.flows, action);
      case 'submit':
        return submitDecisions(r, deps.flows, action);
      case 'acceptRecommendations':
        return acceptAll(r, deps.flows, action);
      case 'approveRest':
        return confirmApproveRest(r, deps.flows, action);
      case 'approveRestConfirmed':
        return approveRest(r, deps.flows, action);
    }
  }

  // Teams SSO for messages: the OAuthCard's token arrives as signin/tokenExchange (or signin/verifyState after consent).
  const isInvoke = (name: string) => async (context: TurnContext) =>
    context.activity.type === ActivityTypes.Invoke && context.activity.name === name;
  app.addRoute(
    isInvoke('signin/tokenExchange'),
    async (context) => {
      if (await handleTokenExchange(context, deps.tokens, userIdOf(context))) await showReviews(context);
    },
    true,
  );
  app.addRoute(
    isInvoke('signin/verifyState'),
    async (context) => {
      if (await handleVerifyState(context, deps.signIn, deps.tokens, userIdOf(context))) await showReviews(context);
    },
    true,
  );

  app.error(async (context, err) => {
    deps.log(`turn failed: ${err.message}`);
    if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity(
        'Sorry, something went wrong on my side. Nothing you entered was recorded; please try again.',
      );
    }
  });
  return app;
}
