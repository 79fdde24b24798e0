import Bottleneck from 'bottleneck';
import { CardFactory, CloudAdapterBase, ConversationReference } from 'botbuilder';
import { Logger } from '../logging';
import type { Delivery } from '../notify/pollWorker';
import { SavedReference } from '../storage/conversationReferences';

export interface ProactiveSenderOptions {
  botAppId: string;
  /** This instance's share of Teams' 50 messages per second per app and tenant (instances split it by configuration). */
  perSecond: number;
  /** Attempts per message on 429, 412, 502, 503, 504 before giving up for this poll. */
  maxAttempts?: number;
}

/** Statuses Teams documents as worth retrying. */
const RETRY = new Set([412, 429, 502, 503, 504]);

/** What the connector said, from the SDK's error (status, Retry-After, the error code in the body). */
function failureOf(err: unknown): { status?: number; retryAfterMs?: number; code?: string } {
  const e = err as {
    statusCode?: number;
    code?: string;
    response?: { headers?: { get?: (n: string) => string | undefined }; parsedBody?: unknown; bodyAsText?: string };
    body?: unknown;
  };
  const header = e?.response?.headers?.get?.('retry-after');
  const seconds = header !== undefined ? Number(header) : NaN;
  let body = e?.response?.parsedBody ?? e?.body;
  if (!body && e?.response?.bodyAsText) {
    try {
      body = JSON.parse(e.response.bodyAsText);
    } catch {
      body = undefined;
    }
  }
  const code = (body as { error?: { code?: string } } | undefined)?.error?.code ?? e?.code;
  return {
    status: typeof e?.statusCode === 'number' ? e.statusCode : undefined,
    retryAfterMs: Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined,
    code: typeof code === 'string' ? code : undefined,
  };
}

/**
 * Sends cards to saved personal chats with `continueConversationAsync`, within Teams' rate limits: per conversation
 * 7 a second and 60 in 30 seconds; per app and tenant this instance's configured share of 50 a second. 429, 412 and
 * 5xx gateways are retried after Retry-After or an exponential back-off with jitter. 403 (blocked by the user, writes
 * blocked, bot disabled by the admin, not installed) and 404 mean the chat is gone: 'gone', and no retry.
 */
export class ProactiveSender {
  private readonly global: Bottleneck;
  private readonly perConversation: Bottleneck.Group;
  private readonly maxAttempts: number;
  /** Counts since start, for benchmarks and logs. */
  readonly counts = { sent: 0, retried: 0, throttled: 0, gone: 0, failed: 0 };

  constructor(
    private readonly adapter: CloudAdapterBase,
    private readonly opts: ProactiveSenderOptions,
  ) {
    const perSecond = Math.max(1, opts.perSecond);
    // Evenly spaced: never more than `perSecond` in any one-second window, whatever window the service measures.
    this.global = new Bottleneck({ minTime: Math.ceil(1000 / perSecond), maxConcurrent: perSecond * 2 });
    this.perConversation = new Bottleneck.Group({
      minTime: Math.ceil(1000 / 7),
      reservoir: 60,
      reservoirRefreshAmount: 60,
      reservoirRefreshInterval: 30_000,
      // A chat's limiter (and its refresh timer) goes once the chat has been quiet for a whole 30-second window:
      // Teams counts nothing older, and a fan-out to thousands of chats must not keep thousands of limiters.
      timeout: 31_000,
    });
    this.perConversation.on('created', (limiter) => limiter.chain(this.global));
    this.maxAttempts = opts.maxAttempts ?? 6;
  }

  /**
   * Delivers one card: 'sent', 'failed' (try again at a later poll) or 'gone' (stop writing to this chat). What went
   * wrong is logged through `log`, the poll job's.
   */
  async deliver(saved: SavedReference, card: Record<string, unknown>, log: Logger): Promise<Delivery> {
    const reference = saved.reference as Partial<ConversationReference>;
    const conversationId = String((reference.conversation as { id?: string } | undefined)?.id ?? '');
    const limiter = this.perConversation.key(conversationId);
    for (let attempt = 1; ; attempt++) {
      try {
        await limiter.schedule(async () => {
          // The adapter's turn-error handler would swallow a failed send: keep it and throw it out here.
          let failed: unknown;
          await this.adapter.continueConversationAsync(this.opts.botAppId, reference, async (ctx) => {
            try {
              await ctx.sendActivity({ type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
            } catch (err) {
              failed = err ?? new Error('send failed');
            }
          });
          if (failed) throw failed;
        });
        this.counts.sent++;
        return 'sent';
      } catch (err) {
        const f = failureOf(err);
        if (f.status === 403 || f.status === 404) {
          this.counts.gone++;
          log.warn({ status: f.status, code: f.code }, 'chat unreachable: reminders stop for this reviewer');
          return 'gone';
        }
        if (f.status === 429) this.counts.throttled++;
        if (f.status === undefined || !RETRY.has(f.status) || attempt >= this.maxAttempts) {
          this.counts.failed++;
          log.warn({ status: f.status ?? 0, code: f.code, attempts: attempt, err }, 'reminder not sent');
          return 'failed';
        }
        this.counts.retried++;
        const backoff = Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random());
        await new Promise((r) => setTimeout(r, Math.max(f.retryAfterMs ?? 0, backoff)));
      }
    }
  }

  async stop(): Promise<void> {
    await this.global.stop({ dropWaitingJobs: false }).catch(() => undefined);
  }
}
