import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import type { confirmApproveRestView, helpView, inboxView, messageView, reviewView } from './cardViews';
import type { confirmDeleteReviewView, myReviewsView, newReviewView, reviewCreatedView } from './ownerViews';
import type { reminderView } from './reminderViews';
import type { settingsView } from './settingsViews';

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

/** An Adaptive Card (version 1.5, Action.Execute) expanded from its template with the view's data. */
export function renderCard<N extends CardName>(name: N, data: CardData[N]): Record<string, unknown> {
  return template(name).expand({ $root: data }) as Record<string, unknown>;
}
