import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { TokenService } from '../auth/tokenService';
import { ConversationReferences } from '../storage/conversationReferences';
import { OnceOnly } from '../storage/onceOnly';
import { registerCardActions } from './cardActions';
import { registerCommands } from './commands';
import { registerInstallEvents, rememberConversation } from './installEvents';
import { FlowSettings } from './reviewer';
import { SessionDeps } from './session';
import { SignInSettings } from './signIn';
import { registerSignIn } from './signInRoutes';
import { registerTurnFailures } from './turnFailures';

export interface BotDeps {
  adapter: TeamsAdapter;
  session: SessionDeps;
  tokens: TokenService;
  flows: FlowSettings;
  signIn: SignInSettings;
  references: ConversationReferences;
  /** Told who took a turn in their personal chat (reminders enrol a returning reviewer again). */
  seen?: (userId: string) => void;
  once: OnceOnly;
  /** Logs failures without tokens or personal data. */
  log: (message: string) => void;
}

/** The bot: one teams-ai Application with a route per command, per card action, per sign-in invoke and install event. */
export function createBot(deps: BotDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter: deps.adapter,
    removeRecipientMention: true,
    startTypingTimer: false,
  });
  app.turn('beforeTurn', async (context) => {
    // Where to reach this person later (reminders); a failure here must not cost them the turn.
    await rememberConversation(context, deps.references, deps.seen).catch((err) =>
      deps.log(`conversation reference not saved: ${err instanceof Error ? err.message : String(err)}`),
    );
    return true;
  });
  registerCommands(app, deps);
  registerCardActions(app, deps);
  registerSignIn(app, deps);
  registerInstallEvents(app, deps.references);
  registerTurnFailures(app, deps.log);
  return app;
}
