import { randomUUID } from 'node:crypto';
import { LocalTenant } from '../../localtenant';
import { jsonOf } from './http';

/** A Teams user of the seeded tenant, as the Teams client (or the Agents Playground) names them in activities. */
export interface TeamsUser {
  aadObjectId: string;
  name: string;
}

export const ALEX: TeamsUser = { aadObjectId: '43b12b0c-ee2c-4257-96fe-505d823e06ab', name: 'Alex Wilber' };
export const ALLAN: TeamsUser = { aadObjectId: '859924d0-7115-422a-9ee8-ea8c0c014707', name: 'Allan Deyoung' };

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
  readonly conversationId = `a:${randomUUID()}`;
  constructor(
    private readonly botUrl: string,
    private readonly lt: LocalTenant,
    readonly user: TeamsUser,
  ) {}

  private async post(activity: object): Promise<Response> {
    return fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  }

  /** Sends a message and returns what the bot sent back to the conversation in that turn. */
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
