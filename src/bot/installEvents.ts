import { ActivityTypes, TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import { Logger } from '../logging';
import { ConversationReferences } from '../storage/conversationReferences';
import { sendWelcome } from './commands';
import { userIdOf } from './reviewer';

/** Tenant, user and time zone of a turn in a personal chat, the only place reminders go; undefined elsewhere. */
function whoAndWhere(context: TurnContext) {
  const a = context.activity;
  if (a.conversation?.conversationType && a.conversation.conversationType !== 'personal') return undefined;
  const tenantId = a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const userId = userIdOf(context);
  if (typeof tenantId !== 'string' || !userId) return undefined;
  const timeZone = typeof a.localTimezone === 'string' ? a.localTimezone : undefined;
  return { tenantId, userId, timeZone };
}

/** Saves where to reach this person proactively; on every turn, so a reference Teams changed is picked up. */
export async function rememberConversation(
  context: TurnContext,
  references: ConversationReferences,
  seen?: (userId: string) => void,
) {
  const at = whoAndWhere(context);
  if (!at) return;
  seen?.(at.userId);
  const reference = TurnContext.getConversationReference(context.activity) as Record<string, unknown>;
  await references.remember(at.tenantId, at.userId, reference, at.timeZone);
}

/** What first contact (src/notify/reachWorker.ts) hears of installs, when it is on. */
export interface InstallHooks {
  /** Teams opened the personal chat: send what waited for it. Runs after the turn (nobody waits for it). */
  chatOpened: (userId: string) => Promise<unknown>;
  /** They removed Attest: never add it for them again. */
  removed: (userId: string) => Promise<unknown>;
}

/**
 * Install and uninstall: the reference is kept from install (so reminders reach people who never wrote) and dropped on
 * removal. The reference is saved before the turn (app.ts), so the hook that sends first contact finds it.
 */
export function registerInstallEvents(
  app: Application<TurnState>,
  references: ConversationReferences,
  hooks?: InstallHooks,
  log?: Logger,
): void {
  app.conversationUpdate('membersAdded', async (context) => {
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id);
    if (botAdded) await sendWelcome(context);
  });
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const at = whoAndWhere(context);
    if (!at) return;
    const action = String(context.activity.action ?? '');
    if (action.startsWith('remove')) {
      await references.forget(at.tenantId, at.userId);
      await hooks?.removed(at.userId).catch((err) => log?.warn({ err }, 'removal not remembered'));
    } else if (action.startsWith('add') && hooks) {
      // After the turn: the channel waits for no card, and the reference (saved before the turn) must be in place.
      const saved = rememberConversation(context, references).catch(() => undefined);
      void saved
        .then(() => hooks.chatOpened(at.userId))
        .catch((err) => log?.warn({ err }, 'first contact after install failed'));
    }
  });
}
