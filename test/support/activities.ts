import { randomUUID } from 'node:crypto';
import { LocalTenant } from '../../localtenant';
import { jsonOf } from './http';
import { waitFor } from './waiting';
import { neverLog, sentByPerson } from './logs';

/** A Teams user of the seeded tenant, as the Teams client (or the Agents Playground) names them in activities. */
export interface TeamsUser {
  aadObjectId: string;
  name: string;
}

export const ALEX: TeamsUser = { aadObjectId: '43b12b0c-ee2c-4257-96fe-505d823e06ab', name: 'Alex Wilber' };
export const ALLAN: TeamsUser = { aadObjectId: '859924d0-7115-422a-9ee8-ea8c0c014707', name: 'Allan Deyoung' };
export const MEGAN: TeamsUser = { aadObjectId: '010b2de0-0ed4-4ece-bfa2-22fff71d0497', name: 'Megan Bowen' };
export const MOD_ADMIN: TeamsUser = { aadObjectId: 'b828cc0e-4240-46ed-bb25-888744487e2d', name: 'MOD Administrator' };

function base(lt: LocalTenant, user: TeamsUser, conversationId: string) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: `${lt.url}/`,
    timestamp: new Date().toISOString(),
    from: { id: `29:${user.aadObjectId}`, aadObjectId: user.aadObjectId, name: user.name },
    recipient: { id: '28:attest', name: 'Attest' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: lt.tenantId },
    channelData: { tenant: { id: lt.tenantId } },
  };
}

export class Chat {
  /**
   * @param conversationId the personal chat's id: a new one by default; the one Teams opens after an install
   * through Graph is `personalConversationId(tenant, user)` (localtenant/connector/routes.ts).
   */
  constructor(
    private readonly botUrl: string,
    private readonly lt: LocalTenant,
    readonly user: TeamsUser,
    readonly conversationId = `a:${randomUUID()}`,
  ) {}

  /** Posts an activity; what a person would have typed or entered in it is recorded as never to be logged. */
  private async post(activity: Record<string, unknown>): Promise<Response> {
    neverLog('sent', sentByPerson(activity));
    return fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  }

  /** Sends any activity (fields given override the usual ones) and returns the bot's HTTP answer. */
  send(activity: Record<string, unknown>): Promise<Response> {
    return this.post({ ...base(this.lt, this.user, this.conversationId), ...activity });
  }

  /** Sends a message and returns what the bot sent back to the conversation in that turn. */
  /**
   * Every page of the inbox, as the reviewer sees it after typing `text`: the first card, then each one
   * "More reviews ▶" brings (the inbox shows a page of reviews at a time).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async inbox(text = 'reviews'): Promise<any[]> {
    const [first] = cardsOf(await this.say(text));
    const pages = [first];
    for (let i = 0; i < 50; i++) {
      const later = findAction(pages[pages.length - 1], 'More reviews ▶');
      if (!later) break;
      pages.push((await this.execute('reviews', later)).value);
    }
    return pages;
  }

  async say(text: string): Promise<Record<string, unknown>[]> {
    const before = this.sent().length;
    const res = await this.post({ ...base(this.lt, this.user, this.conversationId), type: 'message', text });
    if (res.status >= 300) throw new Error(`bot answered ${res.status}`);
    return this.sent().slice(before);
  }

  /** Presses an Action.Execute button; returns the invoke response body (statusCode, type, value). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async execute(verb: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<any> {
    const res = await this.post({
      ...base(this.lt, this.user, this.conversationId),
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: randomUUID(),
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual', ...extra },
    });
    if (res.status !== 200) throw new Error(`invoke answered ${res.status}: ${await res.text()}`);
    return jsonOf(res);
  }

  /**
   * Waits for the bot to replace a card of this conversation from outside a turn (long work in the background) with
   * one whose visible text matches; returns that card.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async waitForCardUpdate(match: RegExp, timeoutMs = 60_000): Promise<any> {
    const updated = () =>
      this.lt.connector.activities
        .filter((a) => a.conversationId === this.conversationId && a.kind === 'update')
        .flatMap((a) => cardsOf([a.activity]));
    return waitFor(
      () => updated().find((card) => match.test(cardText(card))),
      () => `no card update matching ${match}; updates: ${updated().map(cardText).join(' | ').slice(0, 500)}`,
      timeoutMs,
    );
  }

  /** The visible text of every card update of this conversation so far, oldest first. */
  cardUpdates(): string[] {
    return this.lt.connector.activities
      .filter((a) => a.conversationId === this.conversationId && a.kind === 'update')
      .flatMap((a) => cardsOf([a.activity]))
      .map(cardText);
  }

  /** Every activity the bot sent to this conversation through the local Bot Connector. */
  sent(): Record<string, unknown>[] {
    return this.lt.connector.activities.filter((a) => a.conversationId === this.conversationId).map((a) => a.activity);
  }
}

/** The Adaptive Card content of activities (the first attachment of each that has one). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function cardsOf(activities: Record<string, unknown>[]): any[] {
  return activities
    .map(
      (a) =>
        (a.attachments as { contentType: string; content: unknown }[] | undefined)?.find(
          (x) => x.contentType === 'application/vnd.microsoft.card.adaptive',
        )?.content,
    )
    .filter(Boolean);
}

/** The data of the first Action.Execute with this title in a card, or undefined. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function findAction(card: any, title: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown) => {
    if (found) return;
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'Action.Execute' && n.title === title) found = n.data as Record<string, unknown>;
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** Finds the data of the first Action.Execute with this title anywhere in a card. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function actionData(card: any, title: string | RegExp): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'Action.Execute' && (typeof title === 'string' ? n.title === title : title.test(String(n.title))))
        found.push(n.data as Record<string, unknown>);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  if (!found.length) throw new Error(`no Action.Execute titled ${title} in the card`);
  return found[0];
}

/** The data of the inbox card's Review button for one review (by definition id). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function openReviewData(inbox: any, definitionId: string): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      const data = n.data as { review?: { definitionId?: string } } | undefined;
      if (n.verb === 'openReview' && data?.review?.definitionId === definitionId)
        found.push(n.data as Record<string, unknown>);
      Object.values(n).forEach(walk);
    }
  };
  walk(inbox);
  if (!found.length) throw new Error(`the inbox card has no review ${definitionId}`);
  return found[0];
}

/** Every node of a card (depth first), for the helpers below. */
function nodesOf(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      out.push(node as Record<string, unknown>);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The values a card's inputs show (what the reviewer would see filled in), by input id. */
export function cardInputs(card: unknown): Record<string, string> {
  return Object.fromEntries(
    nodesOf(card)
      .filter((n) => typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string')
      .map((n) => [n.id as string, String(n.value ?? '')]),
  );
}

/** The text a person sees on a card: text blocks, facts, input labels and button titles, one per line. */
export function cardText(card: unknown): string {
  return nodesOf(card)
    .flatMap((n) => {
      if (n.type === 'TextBlock' || n.type === 'TextRun') return [String(n.text ?? '')];
      if (typeof n.type === 'string' && n.type.startsWith('Action.')) return [String(n.title ?? '')];
      if (typeof n.type === 'string' && n.type.startsWith('Input.') && n.label) return [String(n.label)];
      if ('title' in n && 'value' in n && !('type' in n)) return [`${n.title} ${n.value}`];
      return [];
    })
    .join('\n');
}
