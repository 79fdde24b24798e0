import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';

/** The card views, one template each in cards/. */
export type CardName = 'inbox' | 'review' | 'confirmApproveRest' | 'message' | 'help';

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
export function renderCard(name: CardName, data: object): Record<string, unknown> {
  return template(name).expand({ $root: data }) as Record<string, unknown>;
}
