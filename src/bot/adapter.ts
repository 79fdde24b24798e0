import { Activity, CallerIdConstants, InvokeResponse, StatusCodes, TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { correlated, Logger } from '../logging';

export interface BotCredentials {
  appId?: string;
  appPassword?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
  /** Where the keys that sign the channel's tokens are published. */
  openIdMetadataUrl: string;
}

/** Errors jsonwebtoken throws for a token it refuses (a bad signature, a disallowed algorithm, not valid yet). */
const REFUSED_TOKEN = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/** A refused token: jsonwebtoken's errors, or botframework-connector's AuthenticationError (401, 403). */
const refusedToken = (err: unknown): err is Error =>
  err instanceof Error &&
  (REFUSED_TOKEN.has(err.name) || [401, 403].includes((err as { statusCode?: number }).statusCode ?? 0));

/**
 * The CloudAdapter answers 401 only for botbuilder's own AuthenticationError. jsonwebtoken's errors (a token signed
 * with another key under a published key id, or not valid yet) reach it as they are, and it answers them with a 500
 * and the reason. Here every token the check refuses gets 401, and no turn runs. Whatever else fails outside the
 * turn (the turn's own failures become cards) is logged here and answered 500 with fixed words: the CloudAdapter
 * would print the error to stderr and put its message in the answer.
 */
class TokenCheckingAdapter extends TeamsAdapter {
  constructor(
    config: ConstructorParameters<typeof TeamsAdapter>[0],
    private readonly log: Logger,
  ) {
    super(config);
  }

  protected override async processActivity(
    auth: Parameters<TeamsAdapter['processActivityDirect']>[0],
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    try {
      if (typeof auth !== 'string') return await super.processActivity(auth, activity, logic);
      const authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, auth);
      return await super.processActivity(authenticated, activity, logic);
    } catch (err) {
      if (refusedToken(err)) {
        correlated(this.log, { activityId: activity.id }).warn({ reason: err.name }, 'Bot Framework token refused');
        return { status: StatusCodes.UNAUTHORIZED, body: 'Unauthorized. The token is not valid.' };
      }
      correlated(this.log, { activityId: activity.id }).error({ err }, 'activity not processed');
      return { status: StatusCodes.INTERNAL_SERVER_ERROR, body: 'The activity could not be processed.' };
    }
  }
}

/**
 * The Bot Framework adapter. Azure mode: every request must carry a token from the Bot Framework channel, signed with
 * a key published at `openIdMetadataUrl`, for this bot. Local mode (no credentials): anonymous requests, which the
 * server accepts from loopback only.
 *
 * Giving botbuilder any one endpoint makes it take every endpoint from the configuration, so the others are given too:
 * the public cloud's (botframework-connector's AuthenticationConstants).
 */
export function createAdapter(credentials: BotCredentials | undefined, log: Logger): TeamsAdapter {
  if (!credentials) return new TokenCheckingAdapter({}, log);
  return new TokenCheckingAdapter(
    {
      MicrosoftAppId: credentials.appId,
      MicrosoftAppPassword: credentials.appPassword,
      MicrosoftAppType: credentials.appType,
      MicrosoftAppTenantId: credentials.tenantId,
      ToBotFromChannelOpenIdMetadataUrl: credentials.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
      ToBotFromEmulatorOpenIdMetadataUrl:
        'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      CallerId: CallerIdConstants.PublicAzureChannel,
      ValidateAuthority: true,
    },
    log,
  );
}
