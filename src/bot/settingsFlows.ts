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

export async function saveSettings(r: Reviewer, s: FlowSettings, a: SettingsAction): Promise<Card> {
  const deps = depsOf(s);
  const now = s.now();
  const { settings: chosen, problems } = normalizeReminderSettings(enteredFields(a), now);
  const current = await deps.store.read(r.userId, now);
  if (problems.length) {
    // Nothing is written: the card comes back as typed, over the eTag it was read at.
    const text = `${words.SETTINGS_NOT_SAVED} ${problems.map((p) => p.message).join(' ')}`;
    return renderCard(
      'settings',
      settingsView(formFromAction(a), current.settings, current.labels, a.etag || null, { text, color: 'Attention' }),
    );
  }
  const conflict = (latest: StoredSettings) =>
    card(latest, formFromAction(a), { text: words.SETTINGS_CONFLICT, color: 'Warning' });
  if ((current.etag ?? '') !== a.etag) return conflict(current);
  const next: ReminderSettings = { ...current.settings, ...edited(chosen) };
  try {
    await deps.store.write(r.userId, next, current.labels, a.etag || null);
  } catch (err) {
    if (err instanceof WriteConflict) return conflict(await deps.store.read(r.userId, now));
    throw err;
  }
  const back = await deps.store.read(r.userId, now);
  if (JSON.stringify(edited(back.settings)) !== JSON.stringify(edited(next))) {
    return card(back, undefined, { text: words.SETTINGS_NOT_READ_BACK, color: 'Attention' });
  }
  await replanned(deps, r.userId);
  return card(back, undefined, { text: words.SETTINGS_SAVED, color: 'Good' });
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
