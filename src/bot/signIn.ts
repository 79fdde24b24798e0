import { randomUUID } from 'node:crypto';
import { ActivityTypes, CardFactory, CloudAdapterBase, InvokeResponse, StatusCodes, TurnContext } from 'botbuilder';
import { SignInReason, SignInRequired, TokenService } from '../auth/tokenService';
import { Logger } from '../logging';
import * as words from '../views/wording';

/**
 * Teams SSO, production path. Teams gets the user a token for api://botid-{BOT_ID} and hands it over:
 * - for messages, through an OAuthCard with a tokenExchangeResource, answered by a `signin/tokenExchange` invoke;
 * - for Action.Execute, when the bot answers 401 loginRequest, by resending the invoke with value.authentication.token.
 * The bot exchanges that token on behalf of the user (TokenService.signIn). When Teams cannot do SSO silently (consent
 * missing), the card's sign-in button goes through the Azure Bot OAuth connection and comes back as `signin/verifyState`.
 */

export interface SignInSettings {
  botAppId: string;
  connectionName: string;
}

/** The part of the Bot Framework user token client the sign-in needs (the CloudAdapter puts one in turn state). */
interface UserTokens {
  getSignInResource(
    connectionName: string,
    activity: TurnContext['activity'],
    finalRedirect: string,
  ): Promise<{ signInLink?: string }>;
  getUserToken(
    userId: string,
    connectionName: string,
    channelId: string,
    magicCode: string,
  ): Promise<{ token?: string } | undefined>;
}

function userTokens(context: TurnContext): UserTokens | undefined {
  const key = context.adapter instanceof CloudAdapterBase ? context.adapter.UserTokenClientKey : undefined;
  return key ? context.turnState.get<UserTokens>(key) : undefined;
}

const REASON_TEXT: Record<SignInReason, string> = words.SIGN_IN_REASONS;

function tokenExchangeResource(settings: SignInSettings) {
  return { id: randomUUID(), uri: `api://botid-${settings.botAppId}`, providerId: '' };
}

async function signInLink(context: TurnContext, settings: SignInSettings): Promise<string | undefined> {
  const client = userTokens(context);
  if (!client) return undefined;
  try {
    return (await client.getSignInResource(settings.connectionName, context.activity, '')).signInLink;
  } catch {
    return undefined;
  }
}

/** Sends the sign-in card for a message turn. */
export async function sendSignInCard(
  context: TurnContext,
  settings: SignInSettings,
  reason: SignInReason,
): Promise<void> {
  const card = CardFactory.oauthCard(
    settings.connectionName,
    words.SIGN_IN_TITLE,
    REASON_TEXT[reason],
    await signInLink(context, settings),
    tokenExchangeResource(settings),
  );
  await context.sendActivity({ attachments: [card] });
}

/** The invoke response that makes Teams sign the user in and resend an Action.Execute with their token. */
export async function loginRequest(
  context: TurnContext,
  settings: SignInSettings,
  reason: SignInReason,
): Promise<InvokeResponse> {
  const link = await signInLink(context, settings);
  return {
    status: StatusCodes.OK,
    body: {
      statusCode: 401,
      type: 'application/vnd.microsoft.activity.loginRequest',
      value: {
        text: REASON_TEXT[reason],
        connectionName: settings.connectionName,
        tokenExchangeResource: tokenExchangeResource(settings),
        ...(link ? { buttons: [{ title: 'Sign in', text: 'Sign in', type: 'signin', value: link }] } : {}),
      },
    },
  };
}

/** What Teams expects when the token in an Action.Execute could not be exchanged. */
export function preconditionFailed(message: string): InvokeResponse {
  return {
    status: StatusCodes.OK,
    body: {
      statusCode: 412,
      type: 'application/vnd.microsoft.error.preconditionFailed',
      value: { code: 'PreconditionFailed', message },
    },
  };
}

export async function sendInvokeResponse(context: TurnContext, response: InvokeResponse): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
}

/**
 * `signin/tokenExchange`: exchange the SSO token. 200 on success; 412 on failure, so Teams falls back to the
 * card's sign-in button (consent).
 */
export async function handleTokenExchange(
  context: TurnContext,
  tokens: TokenService,
  userId: string | undefined,
  log: Logger,
): Promise<boolean> {
  const value = (context.activity.value ?? {}) as { id?: string; connectionName?: string; token?: string };
  try {
    if (!value.token || !userId) throw new SignInRequired('notSignedIn', 'No token or user was sent.');
    await tokens.signIn(userId, value.token);
    await sendInvokeResponse(context, { status: StatusCodes.OK, body: { id: value.id } });
    return true;
  } catch (err) {
    log.warn({ err }, 'sign-in token not exchanged');
    const failureDetail = err instanceof SignInRequired ? err.message : 'The sign-in token could not be exchanged.';
    await sendInvokeResponse(context, {
      status: StatusCodes.PRECONDITION_FAILED,
      body: { id: value.id, connectionName: value.connectionName, failureDetail },
    });
    return false;
  }
}

/** Exchanges the magic code of a sign-in through the Azure Bot OAuth connection (after consent) for the user's session. */
export async function signInWithMagicCode(
  context: TurnContext,
  settings: SignInSettings,
  tokens: TokenService,
  userId: string,
  state: string,
  log: Logger,
): Promise<boolean> {
  const client = userTokens(context);
  if (!client || !state) return false;
  try {
    const result = await client.getUserToken(
      context.activity.from.id,
      settings.connectionName,
      context.activity.channelId,
      state,
    );
    if (!result?.token) return false;
    await tokens.signIn(userId, result.token);
    return true;
  } catch (err) {
    log.warn({ err }, 'sign-in code not exchanged');
    return false;
  }
}

/** `signin/verifyState`: the user signed in through the sign-in button; fetch that token and exchange it. */
export async function handleVerifyState(
  context: TurnContext,
  settings: SignInSettings,
  tokens: TokenService,
  userId: string | undefined,
  log: Logger,
): Promise<boolean> {
  const state = String((context.activity.value as { state?: string } | undefined)?.state ?? '');
  const ok = !!userId && (await signInWithMagicCode(context, settings, tokens, userId, state, log));
  await sendInvokeResponse(context, { status: ok ? StatusCodes.OK : StatusCodes.PRECONDITION_FAILED });
  return ok;
}
