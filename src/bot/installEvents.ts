import { ActivityTypes, TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
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

/** Install and uninstall: the reference is kept from install (so reminders reach people who never wrote) and dropped on removal. */
export function registerInstallEvents(app: Application<TurnState>, references: ConversationReferences): void {
  app.conversationUpdate('membersAdded', async (context) => {
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id);
    if (botAdded) await sendWelcome(context);
  });
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const at = whoAndWhere(context);
    if (at && String(context.activity.action ?? '').startsWith('remove'))
      await references.forget(at.tenantId, at.userId);
  });
}
