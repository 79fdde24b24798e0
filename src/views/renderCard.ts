import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { messageView } from './cardViews';
import type { confirmApproveRestView, helpView, inboxView, reviewView } from './cardViews';
import type { confirmDeleteReviewView, myReviewsView, newReviewView, reviewCreatedView } from './ownerViews';
import type { reminderView } from './reminderViews';
import type { settingsView } from './settingsViews';
import type { escalationView, firstContactView, reachView } from './reachViews';
import * as words from './wording';

/** Each template in cards/ with the data its view builds: a view given to the wrong template is a type error. */
export interface CardData {
  inbox: ReturnType<typeof inboxView>;
  review: ReturnType<typeof reviewView>;
  confirmApproveRest: ReturnType<typeof confirmApproveRestView>;
  message: ReturnType<typeof messageView>;
  help: ReturnType<typeof helpView>;
  newReview: ReturnType<typeof newReviewView>;
  reviewCreated: ReturnType<typeof reviewCreatedView>;
  myReviews: ReturnType<typeof myReviewsView>;
  confirmDeleteReview: ReturnType<typeof confirmDeleteReviewView>;
  reminder: ReturnType<typeof reminderView>;
  settings: ReturnType<typeof settingsView>;
  firstContact: ReturnType<typeof firstContactView>;
  escalation: ReturnType<typeof escalationView>;
  reach: ReturnType<typeof reachView>;
}

export type CardName = keyof CardData;

const CARDS_DIR = join(__dirname, '..', '..', 'cards');
const templates = new Map<CardName, ACData.Template>();

function template(name: CardName): ACData.Template {
  let t = templates.get(name);
  if (!t) {
    t = new ACData.Template(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')));
    templates.set(name, t);
  }
  return t;
}

/**
 * The most a card may weigh, counted as Teams counts a bot message: its JSON in UTF-16 (two bytes a code unit, see
 * cardBytes). Teams' "Format your bot messages" (learn.microsoft.com/microsoftteams/platform/bots/how-to/
 * format-your-bot-messages; MicrosoftDocs/msteams-docs, msteams-platform/bots/how-to/format-your-bot-messages.md):
 * "The bot message size limit is 100 KB", an approximate limit that "includes the message itself ... encoded as
 * UTF-16"; "it's recommended to ensure that the size of the message itself is within 80 KB to guarantee successful
 * message delivery"; above the limit the bot gets 413 MessageSizeTooBig. (Earlier versions of that page said 40 KB;
 * 28 KB is the limit of incoming webhooks, not of bots.) A card gets 78 KB of the 80: the activity around it (ids,
 * the service URL, the conversation) takes about 1 KB. Views stay under this at their longest
 * (test/unit/cardSizes.test.ts); the check in renderCard is the backstop.
 */
export const MAX_CARD_BYTES = 78 * 1024;

/** A card's weight as Teams counts it: the UTF-16 length of its JSON (JSON.stringify's length is in code units). */
export function cardBytes(card: unknown): number {
  return JSON.stringify(card).length * 2;
}

/** What renderCard reports of a card it did not send: which template, how heavy, and the limit. */
export interface OversizedCard {
  template: CardName;
  bytes: number;
  limitBytes: number;
}

let reportOversized: (card: OversizedCard) => void = () => {};

/**
 * Where renderCard reports a card over the limit (the composition root logs it). One process has one logger, so the
 * last one given is used.
 */
export function onOversizedCard(report: (card: OversizedCard) => void): void {
  reportOversized = report;
}

function expand<N extends CardName>(name: N, data: CardData[N]): Record<string, unknown> {
  return template(name).expand({ $root: data }) as Record<string, unknown>;
}

/**
 * An Adaptive Card (version 1.5, Action.Execute) expanded from its template with the view's data. A card over
 * MAX_CARD_BYTES is never returned, as Teams would refuse it (a message) or the client fail to show it (a card
 * replaced in place): a short card saying it was too long to show takes its place, and it is reported.
 */
export function renderCard<N extends CardName>(name: N, data: CardData[N]): Record<string, unknown> {
  const card = expand(name, data);
  const bytes = cardBytes(card);
  if (bytes <= MAX_CARD_BYTES) return card;
  reportOversized({ template: name, bytes, limitBytes: MAX_CARD_BYTES });
  return expand('message', messageView(words.TOO_LONG_TO_SHOW_TITLE, words.TOO_LONG_TO_SHOW, { color: 'Warning' }));
}
