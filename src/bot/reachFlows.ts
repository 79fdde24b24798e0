import { isReachAdmin } from '../graph/adminRoles';
import type { Delivery } from '../notify/pollWorker';
import { ContactEntry, ReachReport } from '../reviews/reach';
import { muteReview } from '../reviews/reminderSettings';
import { messageView } from '../views/cardViews';
import * as reach from '../views/reachWording';
import { reachView } from '../views/reachViews';
import { renderCard } from '../views/renderCard';
import { safeText } from '../views/untrustedText';
import { ActionOf } from './cardActionSchemas';
import { FlowSettings, Reviewer } from './reviewer';

type Card = Record<string, unknown>;

/** What the reach flows need of first contact (src/notify/reachWorker.ts), when it is on. */
export interface ReachDeps {
  /** Marks the review as not theirs in what Attest told them; what it told them, or undefined. */
  notMe: (userId: string, instanceId: string) => Promise<ContactEntry | undefined>;
  /** Sends a card to someone whose chat Attest has. */
  tell: (userId: string, card: Card) => Promise<Delivery | 'noChat'>;
  /** The last scan's report. */
  report: () => Promise<ReachReport | undefined>;
  /** Members of this group may use `reach`. */
  adminGroupId?: string;
  /** Holders of the roles that read every review may use it too (the bot has RoleManagement.Read.Directory). */
  adminsByRole?: boolean;
}

/**
 * "Not me" on a first-contact card: the review is marked as not theirs (no more first contact about it, and muted in
 * their reminders), and the review's creator, as the scan read it, is told in Teams when Attest can reach them.
 */
export async function notMe(r: Reviewer, s: FlowSettings, a: ActionOf<'notMe'>): Promise<Card> {
  const entry = await s.reach?.notMe(r.userId, a.instanceId);
  if (!entry) return renderCard('message', messageView(reach.NOT_ME_TITLE, reach.NOT_ME_UNKNOWN));
  const name = safeText(entry.name, 100);
  await s.reminderSettings?.store
    .update(r.userId, s.now(), (cur) => ({
      settings: muteReview(cur.settings, a.instanceId),
      labels: { ...cur.labels, [a.instanceId.toLowerCase()]: entry.name.slice(0, 256) },
    }))
    .catch((err) => r.log.warn({ err }, 'review not muted after "not me"'));
  const owner = entry.owner;
  let told: Delivery | 'noChat' = 'noChat';
  if (owner) {
    const card = renderCard(
      'message',
      messageView(reach.NOT_ME_OWNER_TITLE, reach.notMeOwnerText(safeText(r.name, 64), name), { color: 'Warning' }),
    );
    told = await s.reach!.tell(owner.id, card).catch(() => 'failed' as const);
  }
  const ownerName = safeText(owner?.displayName ?? '', 64);
  const text = told === 'sent' ? reach.notMeTold(ownerName, name) : reach.notMeOwnerUnreachable(ownerName, name);
  return renderCard('message', messageView(reach.NOT_ME_TITLE, text, { color: 'Good' }));
}

/**
 * `reach` (admins only: members of REACH_ADMIN_GROUP_ID, or with REACH_ADMINS_BY_ROLE a role that reads every review): for the reviews in progress at the
 * last scan, how many reviewers Attest reached, signed in and finished, and who could not be reached and why.
 */
export async function showReach(r: Reviewer, s: FlowSettings, skip = 0): Promise<Card> {
  if (!s.reach) return renderCard('message', messageView(reach.REACH_TITLE, reach.REACH_OFF));
  if (!s.reach.adminGroupId && !s.reach.adminsByRole)
    return renderCard('message', messageView(reach.REACH_TITLE, reach.REACH_NO_ADMINS, { color: 'Attention' }));
  if (!(await isReachAdmin(r.graph, { groupId: s.reach.adminGroupId, byRole: !!s.reach.adminsByRole })))
    return renderCard('message', messageView(reach.REACH_TITLE, reach.REACH_NOT_ADMIN, { color: 'Attention' }));
  const report = await s.reach.report();
  if (!report) return renderCard('message', messageView(reach.REACH_TITLE, reach.REACH_NO_SCAN));
  return renderCard('reach', reachView(report, skip));
}
