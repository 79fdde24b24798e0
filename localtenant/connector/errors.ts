import { Res } from '../http';

/**
 * The Bot Connector's error body (Bot Framework REST API, ErrorResponse): {"error": {"code", "message"}}.
 * Codes and messages are those of the Teams docs' "Status codes from bot conversational APIs" table
 * (bots/how-to/conversations/conversation-messages.md), unless a comment says otherwise.
 */
export function connectorError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  extra: Record<string, string> = {},
): Res {
  return { status, headers, body: { error: { code, message, ...extra } } };
}

/** Why the connector refuses to write to a conversation or user, as a test sets it up with a block. */
export const BLOCK_CODES = {
  /** The user blocked the bot in personal chat (or a channel through moderation settings). */
  ConversationBlockedByUser: { status: 403, message: 'User blocked the conversation with the bot.' },
  /**
   * The send-proactive-messages page: "If the bot is blocked or uninstalled, Teams returns a 403 response code with a
   * subCode: MessageWritesBlocked". Docs are silent: on the body around that subCode and its message; here the code is
   * MessageWritesBlocked, the body also carries "subCode": "MessageWritesBlocked", and the message is ours.
   */
  MessageWritesBlocked: { status: 403, message: 'The thread is blocked from message writes.' },
  /** The tenant admin blocked the app for the user (app policies). */
  BotDisabledByAdmin: { status: 403, message: 'The tenant admin disabled this bot' },
  /**
   * Not installed. The status table lists two: 403 ForbiddenOperationException for a proactive message from a bot not
   * installed in the user's personal scope, and 403 BotNotInConversationRoster for a bot removed from the
   * conversation. Docs are silent: which of them (or MessageWritesBlocked, above) a personal chat answers after the
   * user uninstalled the app; tests can pick any.
   */
  ForbiddenOperationException: { status: 403, message: "Bot isn't installed in user's personal scope" },
  BotNotInConversationRoster: { status: 403, message: "The bot isn't part of the conversation roster." },
  /** The conversation does not exist or was deleted. */
  ConversationNotFound: { status: 404, message: 'Conversation not found.' },
} as const;

export type BlockCode = keyof typeof BLOCK_CODES;

export function isBlockCode(code: unknown): code is BlockCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(BLOCK_CODES, code);
}

export function blockedError(code: BlockCode): Res {
  const { status, message } = BLOCK_CODES[code];
  return connectorError(status, code, message, {}, code === 'MessageWritesBlocked' ? { subCode: code } : {});
}

/**
 * 429 with the table's code. Docs are silent: on the message text beyond "Too many requests", and on how Retry-After
 * is computed; here it is the whole seconds until the operation would be allowed, so honouring it succeeds.
 */
export function throttledError(retryAfterSeconds: number | undefined): Res {
  return connectorError(
    429,
    'Throttled',
    'Too many requests.',
    retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) },
  );
}
