import { leadDays, ReminderSettings } from '../reviews/reminderSettings';
import { ReviewLabels } from '../storage/reminderSettingsStore';
import { localDue } from './cardViews';
import { clip, cleanText, safeText } from './untrustedText';
import * as words from './wording';

/** The settings card's inputs as strings, as the card shows them and sends them back (kept as typed on a redraw). */
export interface SettingsForm {
  enabled: string;
  leadTimes: string;
  lastDay: string;
  mode: string;
  digestTime: string;
  quietOn: string;
  quietStart: string;
  quietEnd: string;
  weekendDays: string;
}

/**
 * The most muted and snoozed reviews the card lists, each with Unmute; the rest are counted. Up to 50 of each are
 * kept (reminderSettings.ts), which listed in full would be a card too long for Teams.
 */
export const MAX_HELD_SHOWN = 20;
const MAX_NAME = 100;

/** Lead times the card offers; any other stored one is offered as well, so it is never lost on a save. */
const LEAD_CHOICES = [1, 2, 3, 5, 7, 14];

export function formOf(s: ReminderSettings): SettingsForm {
  return {
    enabled: String(s.enabled),
    leadTimes: s.leadTimes.join(','),
    lastDay: String(s.lastDay),
    mode: s.mode,
    digestTime: s.digestTime,
    quietOn: String(s.quietHours !== null),
    // With quiet hours off the times still show the defaults, ready to be turned on.
    quietStart: s.quietHours?.start ?? '19:00',
    quietEnd: s.quietHours?.end ?? '08:00',
    weekendDays: s.weekendDays.join(','),
  };
}

export interface SettingsNote {
  text: string;
  color: 'Good' | 'Attention' | 'Warning' | 'Default';
}

/**
 * The settings card's data: the inputs (`form`), the muted and snoozed reviews of `held` with Unmute, the eTag the
 * settings were read at (Save writes only over that), and a note saying what the last press came to.
 */
export function settingsView(
  form: SettingsForm,
  held: Pick<ReminderSettings, 'muted' | 'snoozed'>,
  labels: ReviewLabels,
  etag: string | null,
  note?: SettingsNote,
) {
  const chosenLeads = form.leadTimes
    .split(',')
    .map((l) => leadDays(l.trim().toUpperCase()))
    .filter((d): d is number => d !== null);
  const leads = [...new Set([...LEAD_CHOICES, ...chosenLeads])].sort((a, b) => b - a);
  const name = (id: string) => safeText(labels[id] || words.UNNAMED_REVIEW, MAX_NAME);
  const line = (instanceId: string, detail: string) => ({
    name: name(instanceId),
    detail,
    unmute: { verb: 'unmuteReview', instanceId, name: clip(cleanText(labels[instanceId] ?? ''), MAX_NAME) },
  });
  const heldLines = [
    ...held.muted.map((id) => line(id, words.SETTINGS_MUTED)),
    ...held.snoozed.map((s) => line(s.instanceId, words.snoozedUntil(localDue(s.until)))),
  ];
  const heldShown = heldLines.slice(0, MAX_HELD_SHOWN);
  return {
    title: words.SETTINGS_TITLE,
    intro: words.SETTINGS_INTRO,
    fallbackText: `${words.SETTINGS_TITLE}${note ? `: ${note.text}` : ''}`,
    note: note?.text ?? '',
    noteColor: note?.color ?? 'Default',
    ...form,
    labels: {
      enabled: words.SETTINGS_ENABLED,
      leadTimes: words.SETTINGS_LEAD_TIMES,
      lastDay: words.SETTINGS_LAST_DAY,
      mode: words.SETTINGS_MODE,
      digestTime: words.SETTINGS_DIGEST_TIME,
      quietOn: words.SETTINGS_QUIET_ON,
      quietStart: words.SETTINGS_QUIET_START,
      quietEnd: words.SETTINGS_QUIET_END,
      weekendDays: words.SETTINGS_DAYS_OFF,
      save: words.SETTINGS_SAVE,
      held: words.SETTINGS_HELD_TITLE,
      unmute: words.UNMUTE,
    },
    leadChoices: leads.map((d) => ({ title: words.leadTimeChoice(d), value: `P${d}D` })),
    modeChoices: [
      { title: words.SETTINGS_MODE_PER_REVIEW, value: 'perReview' },
      { title: words.SETTINGS_MODE_DIGEST, value: 'dailyDigest' },
    ],
    dayChoices: words.WEEKDAYS.map((title, i) => ({ title, value: String(i) })),
    held: heldShown,
    moreHeld: heldLines.length > heldShown.length ? words.moreHeldReviews(heldLines.length - heldShown.length) : '',
    save: { verb: 'saveSettings', etag: etag ?? '' },
  };
}
