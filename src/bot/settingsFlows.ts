import {
  muteReview,
  normalizeReminderSettings,
  ReminderSettings,
  reminderTimeZone,
  snoozeReview,
  snoozeUntilTomorrow,
  unmuteReview,
} from '../reviews/reminderSettings';
import { WriteConflict } from '../storage/etagDocuments';
import { StorageSlow } from '../storage/storageCall';
import { ReminderSettingsStore, StoredSettings } from '../storage/reminderSettingsStore';
import { localDue, messageView } from '../views/cardViews';
import { renderCard } from '../views/renderCard';
import { formOf, SettingsForm, SettingsNote, settingsView } from '../views/settingsViews';
import { safeText } from '../views/untrustedText';
import * as words from '../views/wording';
import { ActionOf } from './cardActionSchemas';
import { FlowSettings, Reviewer } from './reviewer';

/**
 * The reminder settings card and the Snooze / Mute buttons of reminder cards. Settings are the reviewer's own, in
 * storage (no Graph call); they are written with the eTag they were read at, and the card says "Saved" only after
 * reading them back. After a change the reviewer's next poll is brought forward so it plans with the new settings.
 */

type Card = Record<string, unknown>;

export interface SettingsDeps {
  store: ReminderSettingsStore;
  /** The time zone Teams reports for the reviewer (their saved conversation), for "until tomorrow". */
  reportedTimeZone: (userId: string) => Promise<string | undefined>;
  /** Polls the reviewer soon with the new settings (only when reminders run). */
  replan?: (userId: string) => Promise<unknown>;
}

type SettingsAction = ActionOf<'saveSettings'>;

function depsOf(s: FlowSettings): SettingsDeps {
  if (!s.reminderSettings) throw new Error('reminder settings are not wired');
  return s.reminderSettings;
}

function card(stored: StoredSettings, form: SettingsForm = formOf(stored.settings), note?: SettingsNote): Card {
  return renderCard('settings', settingsView(form, stored.settings, stored.labels, stored.etag, note));
}

async function replanned(deps: SettingsDeps, userId: string): Promise<void> {
  // The settings are saved either way; a poll that is not brought forward still uses them, only later.
  await deps.replan?.(userId).catch(() => undefined);
}

export async function showSettings(r: Reviewer, s: FlowSettings, note?: SettingsNote): Promise<Card> {
  return card(await depsOf(s).store.read(r.userId, s.now()), undefined, note);
}

/** The card's inputs as settings fields, for `normalizeReminderSettings` to judge; '' leaves the default. */
function enteredFields(a: SettingsAction): Record<string, unknown> {
  const given = (v: string) => (v.trim() === '' ? undefined : v.trim());
  return {
    enabled: given(a.enabled),
    leadTimes: a.leadTimes,
    lastDay: given(a.lastDay),
    mode: given(a.mode),
    digestTime: given(a.digestTime),
    quietHours: a.quietOn === 'false' ? null : { start: a.quietStart, end: a.quietEnd },
    weekendDays: a.weekendDays,
  };
}

/** The fields the card edits; muted, snoozed and the time zone stay as stored. */
function edited(s: ReminderSettings) {
  const { enabled, leadTimes, lastDay, mode, digestTime, quietHours, weekendDays } = s;
  return { enabled, leadTimes, lastDay, mode, digestTime, quietHours, weekendDays };
}

function formFromAction(a: SettingsAction): SettingsForm {
  const { enabled, leadTimes, lastDay, mode, digestTime, quietOn, quietStart, quietEnd, weekendDays } = a;
  return { enabled, leadTimes, lastDay, mode, digestTime, quietOn, quietStart, quietEnd, weekendDays };
}

/**
 * The settings card as entered, over the muted and snoozed reviews as stored when they could be read, with a note:
 * whatever failed, nothing entered is lost, and Save writes only over the eTag the card was read at.
 */
export function entriesKept(a: SettingsAction, note: SettingsNote, stored?: StoredSettings): Card {
  const held = stored?.settings ?? { muted: [], snoozed: [] };
  return renderCard('settings', settingsView(formFromAction(a), held, stored?.labels ?? {}, a.etag || null, note));
}

/**
 * Writes the settings over the eTag read: 'written', 'conflict' (changed since), or 'unknown' when a first write
 * was not answered in time and was sent again over the same eTag: the second goes through only if the first did not,
 * so its conflict means the first did or someone else wrote in between, which the read-back tells apart.
 */
async function written(
  deps: SettingsDeps,
  userId: string,
  next: ReminderSettings,
  labels: StoredSettings['labels'],
  etag: string | null,
): Promise<'written' | 'conflict' | 'unknown'> {
  const write = () => deps.store.write(userId, next, labels, etag);
  try {
    await write();
    return 'written';
  } catch (err) {
    if (err instanceof WriteConflict) return 'conflict';
    if (!(err instanceof StorageSlow && err.outcomeUnknown)) throw err;
  }
  try {
    await write();
    return 'written';
  } catch (err) {
    if (err instanceof WriteConflict) return 'unknown';
    throw err;
  }
}

export async function saveSettings(r: Reviewer, s: FlowSettings, a: SettingsAction): Promise<Card> {
  const deps = depsOf(s);
  const now = s.now();
  const { settings: chosen, problems } = normalizeReminderSettings(enteredFields(a), now);
  let current: StoredSettings | undefined;
  // Whether a write may have reached storage: from then on, slow storage means "cannot tell yet", never "not saved".
  let sent = false;
  try {
    current = await deps.store.read(r.userId, now);
    if (problems.length) {
      // Nothing is written: the card comes back as typed, over the eTag it was read at.
      const text = `${words.SETTINGS_NOT_SAVED} ${problems.map((p) => p.message).join(' ')}`;
      return entriesKept(a, { text, color: 'Attention' }, current);
    }
    const next: ReminderSettings = { ...current.settings, ...edited(chosen) };
    const asEntered = (stored: StoredSettings) =>
      JSON.stringify(edited(stored.settings)) === JSON.stringify(edited(next));
    const conflict = (latest: StoredSettings) =>
      card(latest, formFromAction(a), { text: words.SETTINGS_CONFLICT, color: 'Warning' });
    const saved = async (stored: StoredSettings) => {
      await replanned(deps, r.userId);
      return card(stored, undefined, { text: words.SETTINGS_SAVED, color: 'Good' });
    };
    if ((current.etag ?? '') !== a.etag) {
      // Already stored as entered: this same Save went through before, when storage was too slow to say so.
      return asEntered(current) ? await saved(current) : conflict(current);
    }
    sent = true;
    const outcome = await written(deps, r.userId, next, current.labels, a.etag || null);
    if (outcome === 'conflict') return conflict(await deps.store.read(r.userId, now));
    const back = await deps.store.read(r.userId, now);
    if (!asEntered(back)) {
      if (outcome === 'unknown') return conflict(back);
      return card(back, undefined, { text: words.SETTINGS_NOT_READ_BACK, color: 'Attention' });
    }
    return await saved(back);
  } catch (err) {
    if (!(err instanceof StorageSlow)) throw err;
    r.log.warn({ err, sent }, 'settings: storage slow');
    const text = sent ? words.SETTINGS_MAYBE_SAVED : words.SETTINGS_STORAGE_SLOW;
    return entriesKept(a, { text, color: 'Warning' }, current);
  }
}

type ReviewAction = Pick<ActionOf<'snoozeReview'>, 'instanceId' | 'name'>;

const shownName = (a: ReviewAction) => safeText(a.name || words.UNNAMED_REVIEW, 100);
const undo = (a: ReviewAction) => ({ verb: 'unmuteReview', instanceId: a.instanceId, name: a.name });

/**
 * Quiets one review from its reminder card: the change is written with the review's name kept for the settings card,
 * the next poll is replanned, and the reminder card becomes a confirmation with Undo.
 */
async function quietReview(
  r: Reviewer,
  s: FlowSettings,
  a: ReviewAction,
  change: (settings: ReminderSettings, now: Date, timeZone: string) => ReminderSettings,
  confirmation: (name: string) => [title: string, text: string],
): Promise<Card> {
  const deps = depsOf(s);
  const now = s.now();
  const reported = await deps.reportedTimeZone(r.userId);
  await deps.store.update(r.userId, now, (cur) => {
    const settings = change(cur.settings, now, reminderTimeZone(cur.settings, reported));
    return { settings, labels: { ...cur.labels, [a.instanceId.toLowerCase()]: a.name } };
  });
  await replanned(deps, r.userId);
  const [title, text] = confirmation(shownName(a));
  return renderCard('message', messageView(title, text, { color: 'Good', retry: undo(a), retryTitle: words.UNDO }));
}

export function snoozeFromReminder(r: Reviewer, s: FlowSettings, a: ReviewAction): Promise<Card> {
  let until = new Date(0);
  return quietReview(
    r,
    s,
    a,
    (settings, now, zone) => {
      until = snoozeUntilTomorrow(now, zone, settings);
      return snoozeReview(settings, a.instanceId, until, now);
    },
    (name) => [words.SNOOZED_TITLE, words.snoozed(name, localDue(until.toISOString()))],
  );
}

export function muteFromReminder(r: Reviewer, s: FlowSettings, a: ReviewAction): Promise<Card> {
  return quietReview(
    r,
    s,
    a,
    (settings) => muteReview(settings, a.instanceId),
    (name) => [words.MUTED_TITLE, words.muted(name)],
  );
}

/** Unmute (or end a snooze): the settings card, read back, says reminders about it are on again. */
export async function unmute(r: Reviewer, s: FlowSettings, a: ReviewAction): Promise<Card> {
  const deps = depsOf(s);
  await deps.store.update(r.userId, s.now(), (cur) => ({
    settings: unmuteReview(cur.settings, a.instanceId),
    labels: cur.labels,
  }));
  await replanned(deps, r.userId);
  return showSettings(r, s, { text: words.unmuted(shownName(a)), color: 'Good' });
}
