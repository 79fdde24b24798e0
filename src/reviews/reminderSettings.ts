import { isGuid } from './ids';
import {
  addDays,
  formatTimeOfDay,
  instantAt,
  localDateTime,
  parseTimeOfDay,
  timeZoneOrUtc,
  validTimeZone,
} from './localTime';

/**
 * A reviewer's reminder preferences, as the settings card edits them and storage keeps them. Plain JSON: times of day
 * are `HH:MM` in the reviewer's own time zone, instants are ISO strings.
 */
export interface ReminderSettings {
  /** Reminders on or off. Off sends nothing at all. */
  enabled: boolean;
  /** How long before a review's end to remind: whole days as ISO 8601 durations `P1D`…`P30D`, longest first. */
  leadTimes: LeadTime[];
  /** Also remind on the local calendar day the review ends (its last day). */
  lastDay: boolean;
  /** One message per review, or one digest a day listing every review with something due. */
  mode: ReminderMode;
  /** Local time of day (`HH:MM`) from which the daily digest goes out. */
  digestTime: string;
  /** Local times of day (`HH:MM`) between which nothing is sent; may cross midnight (19:00-08:00). Null: none. */
  quietHours: QuietHours | null;
  /** Local days on which nothing is sent: 0 = Sunday … 6 = Saturday, ascending. */
  weekendDays: number[];
  /** The reviewer's chosen IANA time zone; null follows the one Teams reports for them. */
  timeZone: string | null;
  /** Reviews snoozed until an instant: nothing about them before it. */
  snoozed: Snooze[];
  /** Reviews (instance ids) the reviewer asked never to be reminded of. */
  muted: string[];
}

export type ReminderMode = 'perReview' | 'dailyDigest';

/** A lead time before a review's end, in whole days: `P3D`. */
export type LeadTime = `P${number}D`;

export interface QuietHours {
  start: string;
  end: string;
}

/** One snoozed review: its instance id and the instant (ISO) until which nothing is sent about it. */
export interface Snooze {
  instanceId: string;
  until: string;
}

/** A field that could not be kept as given, and why, in words for the reviewer. The field took its default. */
export interface SettingsProblem {
  field: keyof ReminderSettings | 'settings';
  message: string;
}

export const MIN_LEAD_DAYS = 1;
export const MAX_LEAD_DAYS = 30;
export const MAX_LEAD_TIMES = 5;
/** Enough for every review a person could be assigned at once; a bound so stored settings stay small. */
export const MAX_MUTED = 50;
export const MAX_SNOOZED = 50;

/** Used when nothing is stored yet, and field by field for whatever is stored but invalid. */
export const DEFAULT_REMINDER_SETTINGS: Readonly<ReminderSettings> = Object.freeze({
  enabled: true,
  leadTimes: ['P3D', 'P1D'],
  lastDay: true,
  mode: 'perReview',
  digestTime: '09:00',
  quietHours: { start: '19:00', end: '08:00' },
  weekendDays: [0, 6],
  timeZone: null,
  snoozed: [],
  muted: [],
} satisfies ReminderSettings);

/** A fresh copy of the defaults, safe to change. */
export function defaultReminderSettings(): ReminderSettings {
  return structuredClone(DEFAULT_REMINDER_SETTINGS) as ReminderSettings;
}

/** Days of a lead time (`P3D` → 3), or null when it is not one. */
export function leadDays(lead: string): number | null {
  const m = /^P(\d{1,2})D$/.exec(lead);
  return m ? Number(m[1]) : null;
}

export interface NormalizedSettings {
  settings: ReminderSettings;
  problems: SettingsProblem[];
}

/**
 * Valid settings from untrusted input: what storage returned (perhaps written by an older version) or what the settings
 * card submitted. Every field that is missing takes its default; every field that is present but invalid takes its
 * default too and adds a problem saying why, so the card can show it and storage can be repaired. Unknown fields are
 * dropped. With `now`, snoozes that have ended are dropped silently: they no longer mean anything.
 *
 * Lenient in form, strict in meaning: lead times may come as `["P3D","P1D"]`, `[3, 1]` or the card's `"P3D,P1D"`;
 * weekend days as `[6, 0]` or `"6,0"`; booleans as the card's `"true"`/`"false"`.
 */
export function normalizeReminderSettings(input: unknown, now?: Date): NormalizedSettings {
  const settings = defaultReminderSettings();
  const problems: SettingsProblem[] = [];
  if (input === undefined || input === null) return { settings, problems };
  if (typeof input !== 'object' || Array.isArray(input)) {
    problems.push({ field: 'settings', message: 'The reminder settings could not be read; the defaults are used.' });
    return { settings, problems };
  }
  const raw = input as Record<string, unknown>;
  const problem = (field: SettingsProblem['field'], message: string) => problems.push({ field, message });

  if (raw.enabled !== undefined) {
    const v = bool(raw.enabled);
    if (v === null) problem('enabled', 'Reminders must be on or off.');
    else settings.enabled = v;
  }

  if (raw.leadTimes !== undefined) {
    const v = leadTimes(raw.leadTimes);
    if (typeof v === 'string') problem('leadTimes', v);
    else settings.leadTimes = v;
  }

  if (raw.lastDay !== undefined) {
    const v = bool(raw.lastDay);
    if (v === null) problem('lastDay', 'The last-day reminder must be on or off.');
    else settings.lastDay = v;
  }

  if (raw.mode !== undefined) {
    if (raw.mode === 'perReview' || raw.mode === 'dailyDigest') settings.mode = raw.mode;
    else problem('mode', 'Choose one message per review or a daily digest.');
  }

  if (raw.digestTime !== undefined) {
    const m = parseTimeOfDay(raw.digestTime);
    if (m === null) problem('digestTime', 'The digest time must be a time of day from 00:00 to 23:59.');
    else settings.digestTime = formatTimeOfDay(m);
  }

  if (raw.quietHours !== undefined) {
    const v = quietHours(raw.quietHours);
    if (typeof v === 'string') problem('quietHours', v);
    else settings.quietHours = v;
  }

  if (raw.weekendDays !== undefined) {
    const v = weekendDays(raw.weekendDays);
    if (typeof v === 'string') problem('weekendDays', v);
    else settings.weekendDays = v;
  }

  if (raw.timeZone !== undefined && raw.timeZone !== null && raw.timeZone !== '') {
    const v = validTimeZone(raw.timeZone);
    if (v === null) problem('timeZone', 'The time zone is not one we know; the one Teams reports is used.');
    else settings.timeZone = v;
  }

  if (raw.muted !== undefined) {
    const list = Array.isArray(raw.muted) ? raw.muted : null;
    if (!list) problem('muted', 'The muted reviews could not be read; none are muted.');
    else {
      const valid = list.filter(isGuid);
      const ids = [...new Set(valid.map((id) => id.toLowerCase()))];
      if (valid.length < list.length) problem('muted', 'Some muted reviews were not review ids and were dropped.');
      if (ids.length > MAX_MUTED) problem('muted', `At most ${MAX_MUTED} reviews can be muted; the latest are kept.`);
      settings.muted = ids.slice(-MAX_MUTED);
    }
  }

  if (raw.snoozed !== undefined) {
    const v = snoozes(raw.snoozed, now);
    if (typeof v === 'string') problem('snoozed', v);
    else {
      if (v.dropped) problem('snoozed', 'Some snoozed reviews could not be read and were dropped.');
      if (v.list.length > MAX_SNOOZED) {
        problem('snoozed', `At most ${MAX_SNOOZED} reviews can be snoozed; the latest are kept.`);
      }
      settings.snoozed = v.list.slice(-MAX_SNOOZED);
    }
  }

  return { settings, problems };
}

function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}

/** A list from an array or from the comma-separated string a multi-select choice set submits. */
function listOf(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return v.trim() === '' ? [] : v.split(',').map((s) => s.trim());
  return null;
}

function leadTimes(v: unknown): LeadTime[] | string {
  const list = listOf(v);
  const range = `Lead times must be whole days from ${MIN_LEAD_DAYS} to ${MAX_LEAD_DAYS}.`;
  if (!list) return range;
  const days = new Set<number>();
  for (const item of list) {
    const d =
      typeof item === 'number' ? item : typeof item === 'string' ? (leadDays(item.toUpperCase()) ?? Number(item)) : NaN;
    if (!Number.isInteger(d) || d < MIN_LEAD_DAYS || d > MAX_LEAD_DAYS) return range;
    days.add(d);
  }
  if (days.size > MAX_LEAD_TIMES) return `Choose at most ${MAX_LEAD_TIMES} lead times.`;
  return [...days].sort((a, b) => b - a).map((d): LeadTime => `P${d}D`);
}

function quietHours(v: unknown): QuietHours | null | string {
  if (v === null || v === false) return null;
  if (typeof v !== 'object' || Array.isArray(v)) return 'Quiet hours must have a start and an end time.';
  const { start, end } = v as Record<string, unknown>;
  const s = parseTimeOfDay(start);
  const e = parseTimeOfDay(end);
  if (s === null || e === null) return 'Quiet hours must start and end at a time of day from 00:00 to 23:59.';
  // Equal times would mean either never or always quiet; neither is what anyone picks on purpose.
  if (s === e) return 'Quiet hours must start and end at different times; to have none, turn them off.';
  return { start: formatTimeOfDay(s), end: formatTimeOfDay(e) };
}

function weekendDays(v: unknown): number[] | string {
  const list = listOf(v);
  const message = 'Days off must be days of the week, 0 (Sunday) to 6 (Saturday).';
  if (!list) return message;
  const days = new Set<number>();
  for (const item of list) {
    const d = typeof item === 'number' ? item : typeof item === 'string' && item !== '' ? Number(item) : NaN;
    if (!Number.isInteger(d) || d < 0 || d > 6) return message;
    days.add(d);
  }
  // Seven days off would silence every reminder for good; "reminders off" says that honestly.
  if (days.size === 7) return 'At least one day of the week must allow reminders; to stop them, turn reminders off.';
  return [...days].sort((a, b) => a - b);
}

function snoozes(v: unknown, now?: Date): { list: Snooze[]; dropped: boolean } | string {
  if (!Array.isArray(v)) return 'The snoozed reviews could not be read; none are snoozed.';
  const byId = new Map<string, number>();
  let dropped = false;
  for (const item of v) {
    const { instanceId, until } = (item ?? {}) as Record<string, unknown>;
    const t = typeof until === 'string' ? Date.parse(until) : NaN;
    if (!isGuid(instanceId) || Number.isNaN(t)) {
      dropped = true;
      continue;
    }
    if (now && t <= now.getTime()) continue;
    const id = instanceId.toLowerCase();
    // The same review twice (only a hand-edited or merged record has that): the later instant, whatever the order.
    const earlier = byId.get(id) ?? t;
    byId.delete(id);
    byId.set(id, Math.max(t, earlier));
  }
  const list = [...byId].map(([instanceId, t]) => ({ instanceId, until: new Date(t).toISOString() }));
  return { list, dropped };
}

/** The settings with one review snoozed until an instant (replacing an earlier snooze of it; ended ones dropped). */
export function snoozeReview(settings: ReminderSettings, instanceId: string, until: Date, now: Date): ReminderSettings {
  const id = instanceId.toLowerCase();
  const kept = settings.snoozed.filter((s) => s.instanceId !== id && Date.parse(s.until) > now.getTime());
  const snoozed = [...kept, { instanceId: id, until: until.toISOString() }].slice(-MAX_SNOOZED);
  return { ...settings, snoozed };
}

/** The settings with one review muted (at most `MAX_MUTED`: the oldest mute, most likely of a closed review, goes). */
export function muteReview(settings: ReminderSettings, instanceId: string): ReminderSettings {
  const id = instanceId.toLowerCase();
  return { ...settings, muted: [...settings.muted.filter((m) => m !== id), id].slice(-MAX_MUTED) };
}

/** The settings with one review no longer muted or snoozed. */
export function unmuteReview(settings: ReminderSettings, instanceId: string): ReminderSettings {
  const id = instanceId.toLowerCase();
  return {
    ...settings,
    muted: settings.muted.filter((m) => m !== id),
    snoozed: settings.snoozed.filter((s) => s.instanceId !== id),
  };
}

/**
 * The time zone reminders reason in: the one the reviewer chose in their settings, else the one Teams reports for
 * them (the conversation reference's `localTimezone`), else UTC.
 */
export function reminderTimeZone(settings: Pick<ReminderSettings, 'timeZone'>, reported?: string): string {
  return validTimeZone(settings.timeZone) ?? timeZoneOrUtc(reported);
}

const FALLBACK_MORNING = 8 * 60;

/**
 * "Snooze until tomorrow": the start of the reviewer's next working morning, i.e. tomorrow (local) at the end of their
 * quiet hours, or at 08:00 when they have none. A weekend in between needs no special case: the plan sends nothing on
 * days off anyway.
 */
export function snoozeUntilTomorrow(now: Date, timeZone: string, settings: ReminderSettings): Date {
  const today = localDateTime(now, timeZone);
  const morning = settings.quietHours
    ? (parseTimeOfDay(settings.quietHours.end) ?? FALLBACK_MORNING)
    : FALLBACK_MORNING;
  return instantAt(addDays(today, 1), morning, timeZone);
}
