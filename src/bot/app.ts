import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { TokenService } from '../auth/tokenService';
import { Logger } from '../logging';
import { ConversationReferences } from '../storage/conversationReferences';
import { OnceOnly } from '../storage/onceOnly';
import { registerCardActions } from './cardActions';
import { registerCommands } from './commands';
import { InstallHooks, registerInstallEvents, rememberConversation } from './installEvents';
import { FlowSettings } from './reviewer';
import { SessionDeps } from './session';
import { SignInSettings } from './signIn';
import { registerSignIn } from './signInRoutes';
import { registerTurnFailures } from './turnFailures';
import { turnLog } from './turnLog';

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
  /** First contact hears of installs and removals (when it is on). */
  installHooks?: InstallHooks;
  /** The process's logger; each turn logs through its own child (turnLog). */
  log: Logger;
}

/** The longest a turn waits for its conversation reference to be saved (it usually takes a few milliseconds). */
const REFERENCE_WAIT_MS = 300;

/** The bot: one teams-ai Application with a route per command, per card action, per sign-in invoke and install event. */
export function createBot(deps: BotDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter: deps.adapter,
    removeRecipientMention: true,
    startTypingTimer: false,
  });
  app.turn('beforeTurn', async (context) => {
    // Where to reach this person later (reminders); best-effort: a failure must not cost them the turn, and slow
    // storage must not hold it. The save goes on past the wait, within its own storage deadline.
    const saving = rememberConversation(context, deps.references, deps.seen).catch((err) =>
      turnLog(context, deps.log).warn({ err }, 'conversation reference not saved'),
    );
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([saving, new Promise((resolve) => (waited = setTimeout(resolve, REFERENCE_WAIT_MS)))]);
    clearTimeout(waited);
    return true;
  });
  registerCommands(app, deps);
  registerCardActions(app, deps);
  registerSignIn(app, deps);
  registerInstallEvents(app, deps.references, deps.installHooks, deps.log);
  registerTurnFailures(app, deps.log);
  return app;
}
