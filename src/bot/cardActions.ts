import { TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import { SignInRequired, TokenService } from '../auth/tokenService';
import { helpView } from '../views/cardViews';
import { renderCard } from '../views/renderCard';
import { ActionOf, ACTION_SCHEMAS, parseCardAction, Verb } from './cardActionSchemas';
import { FlowSettings, Reviewer, userIdOf } from './reviewer';
import { asReviewer, Card, problemCard, ReviewerTurnDeps } from './reviewerTurn';
import {
  acceptAll,
  approveRest,
  confirmApproveRest,
  inputKept,
  keepUnsaved,
  openReview,
  showInbox,
  submitDecisions,
} from './reviewFlows';
import { loginRequest, preconditionFailed, sendInvokeResponse, signInWithMagicCode } from './signIn';
import { CARD_ANSWER_BY_MS } from './turnBudget';
import { turnLog } from './turnLog';
import { applyReview, askDeleteReview, deleteReview, nudgeReview, showMyReviews, stopReview } from './myReviewsFlows';
import { createFromCard, searchApps, searchGroups, showNewReviewForm } from './newReviewFlows';
import { muteFromReminder, saveSettings, showSettings, snoozeFromReminder, unmute } from './settingsFlows';
import * as words from '../views/wording';
import { notMe, showReach } from './reachFlows';

/** The longest justification recorded; Graph's docs set none, this keeps cards and audit logs readable. */
export const MAX_JUSTIFICATION = 2000;

interface ActionEntry<V extends Verb> {
  /** What the button does, as the reviewer: the card to show in place of the one pressed. */
  run: (r: Reviewer, s: FlowSettings, a: ActionOf<V>) => Promise<Card>;
  /**
   * It leaves the page (or decides in bulk): pressed with choices not submitted, the page is drawn again with them
   * and a word to submit first, instead of losing them.
   */
  leavesPage: boolean;
}

/** One entry per card verb (its payload schema is in cardActionSchemas.ts). */
const CARD_ACTIONS: { [V in Verb]: ActionEntry<V> } = {
  reviews: { run: (r, s, a) => showInbox(r, s, a.skip), leavesPage: false },
  help: { run: async () => renderCard('help', helpView(words.HELP_TITLE)), leavesPage: false },
  openReview: { run: openReview, leavesPage: true },
  submit: { run: submitDecisions, leavesPage: false },
  acceptRecommendations: { run: acceptAll, leavesPage: true },
  approveRest: { run: confirmApproveRest, leavesPage: true },
  approveRestConfirmed: { run: approveRest, leavesPage: false },
  // Owners and admins (newReviewFlows.ts, myReviewsFlows.ts).
  newReview: { run: (r, s) => showNewReviewForm(r, s), leavesPage: false },
  searchGroups: { run: searchGroups, leavesPage: false },
  searchApps: { run: searchApps, leavesPage: false },
  createReview: { run: createFromCard, leavesPage: false },
  myReviews: { run: (r, _s, a) => showMyReviews(r, a.skip), leavesPage: false },
  stopReview: { run: stopReview, leavesPage: false },
  applyReview: { run: applyReview, leavesPage: false },
  nudgeReview: { run: nudgeReview, leavesPage: false },
  deleteReview: { run: askDeleteReview, leavesPage: false },
  deleteReviewConfirmed: { run: deleteReview, leavesPage: false },
  // Reminder settings (settingsFlows.ts).
  settings: { run: (r, s) => showSettings(r, s), leavesPage: false },
  saveSettings: { run: saveSettings, leavesPage: false },
  snoozeReview: { run: snoozeFromReminder, leavesPage: false },
  muteReview: { run: muteFromReminder, leavesPage: false },
  unmuteReview: { run: unmute, leavesPage: false },
  // Reaching reviewers (reachFlows.ts).
  notMe: { run: notMe, leavesPage: false },
  reach: { run: (r, s, a) => showReach(r, s, a.skip), leavesPage: false },
};

/** A justification Graph would not take, found before anything is sent: the card comes back with every choice. */
function tooLongJustification(s: FlowSettings, a: ActionOf<Verb>): Card | undefined {
  const length = 'justification' in a ? a.justification.length : 0;
  if (length <= MAX_JUSTIFICATION) return undefined;
  return inputKept(s, a, words.justificationTooLong(length, MAX_JUSTIFICATION));
}

function runEntry<V extends Verb>(r: Reviewer, s: FlowSettings, a: ActionOf<V>): Promise<Card> {
  const entry = CARD_ACTIONS[a.verb as V];
  const from = 'from' in a ? a.from : undefined;
  if (entry.leavesPage && from && a.choices.some((c) => c !== '')) {
    return keepUnsaved(r, s, a as ActionOf<'openReview'>, from);
  }
  return entry.run(r, s, a);
}

export interface CardActionDeps extends ReviewerTurnDeps {
  tokens: TokenService;
}

/** Every Action.Execute verb the cards use; the card is replaced in place with the result. */
export const CARD_VERBS = Object.keys(ACTION_SCHEMAS) as Verb[];

/**
 * Universal Actions: the card pressed is replaced with the answer. An action that does not parse gets a card that
 * says so (no Graph call); a sign-in that is needed gets Teams' loginRequest, and the same action runs once signed in.
 */
export function registerCardActions(app: Application<TurnState>, deps: CardActionDeps): void {
  app.adaptiveCards.actionExecute(CARD_VERBS, async (context, _state, data) => {
    return (await answerCardAction(context, deps, data)) as never;
  });
}

/**
 * The answer, or `late()` once Teams is about to stop waiting for it: every storage and Graph call ends within the
 * turn's budget, and this covers whatever takes no deadline. What is still running then finishes unobserved.
 */
async function answeredInTime<T>(answer: Promise<T>, late: () => Card): Promise<T | Card> {
  let timer: NodeJS.Timeout | undefined;
  const tooLate = new Promise<Card>((resolve) => (timer = setTimeout(() => resolve(late()), CARD_ANSWER_BY_MS)));
  try {
    return await Promise.race([answer, tooLate]);
  } finally {
    clearTimeout(timer);
  }
}

async function answerCardAction(context: TurnContext, deps: CardActionDeps, data: unknown): Promise<Card | ''> {
  const verb = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
  const log = turnLog(context, deps.log);
  const parsed = parseCardAction(verb, data);
  if (!parsed.ok) {
    log.info('card action not usable');
    return problemCard(words.CARD_UNUSABLE_TITLE, words.cardUnusable(parsed.problem));
  }
  const action = parsed.action;
  const tooLong = tooLongJustification(deps.flows, action);
  if (tooLong) return tooLong;
  const value = (context.activity.value ?? {}) as { authentication?: { token?: unknown }; state?: unknown };
  const userId = userIdOf(context);
  // Teams resends the action with the user's SSO token after a loginRequest, or with a magic code after the sign-in
  // button (consent). Either way the same action runs once the session is kept.
  const ssoToken = typeof value.authentication?.token === 'string' ? value.authentication.token : '';
  const state = typeof value.state === 'string' ? value.state : '';
  if (userId && (ssoToken || state)) {
    const ok = ssoToken
      ? await deps.tokens.signIn(userId, ssoToken).then(
          () => true,
          (err) => {
            log.warn({ err }, 'sign-in token not exchanged');
            return false;
          },
        )
      : await signInWithMagicCode(context, deps.signIn, deps.tokens, userId, state, log);
    if (!ok) {
      await sendInvokeResponse(context, preconditionFailed(words.SSO_NOT_EXCHANGED));
      return '';
    }
  }
  const card = await answeredInTime(
    asReviewer(deps, context, (r) => runEntry(r, deps.flows, action), action),
    () => {
      log.warn({ waitedMs: CARD_ANSWER_BY_MS }, 'card action answered before it finished');
      // What the reviewer entered stays on the card (it may still be recorded: said as not known).
      return (
        inputKept(deps.flows, action, words.STILL_WORKING, 'unknown') ??
        problemCard(words.STILL_WORKING_TITLE, words.STILL_WORKING)
      );
    },
  );
  if (card instanceof SignInRequired) {
    await sendInvokeResponse(context, await loginRequest(context, deps.signIn, card.reason));
    return '';
  }
  return card;
}
