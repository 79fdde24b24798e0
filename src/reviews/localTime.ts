/**
 * Local wall-clock time in a reviewer's IANA time zone, with nothing but `Intl.DateTimeFormat` (no date library).
 *
 * Two directions: the local date and time of an instant (`localDateTime`), and the instant of a local date and time
 * (`instantAt`). The second is not a function in general, because daylight saving makes some wall times happen twice
 * and others never; `instantAt` documents what it picks.
 *
 * An invalid or missing time zone falls back to UTC (`timeZoneOrUtc`): a reminder a few hours off is better than none,
 * and Teams does not always send the client's time zone.
 */

import { LRUCache } from 'lru-cache';

/** A calendar date with no time zone: month 1-12, day 1-31. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** A wall-clock date and time somewhere; `weekday` 0 = Sunday … 6 = Saturday (as `Date.getUTCDay`). */
export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

export const UTC = 'UTC';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Formatters are costly to build (about 50 µs) and to keep (about 28 KB each, outside the JS heap), and the same few
 * zones come back on every plan: keep one per zone.
 *
 * Intl takes a zone's name in any letter case ("europe/berlin", "EUROPE/BERLIN"), and the names come from clients
 * (Teams' localTimezone on every activity, stored settings), so the cache is keyed by the name in lower case: every
 * spelling of a zone shares one formatter. It is bounded too, whatever comes: aliases ("US/Pacific") are more keys
 * for one zone, and a bound does not rest on knowing every name Intl takes. A tenant's reviewers live in a few dozen
 * zones; past MAX_ZONES the least recently used goes (so at most about 3.5 MB is held), and a zone that comes back is
 * built again.
 */
const MAX_ZONES = 128;
const zones = new LRUCache<string, { zone: string; format: Intl.DateTimeFormat }>({ max: MAX_ZONES });

// What IANA names and Intl's other zone names (offsets such as "+01:00", where Intl takes them) are made of; anything
// else is refused before a lookup, so that lower-casing cannot make a known name of one Intl would refuse (the Kelvin
// sign lower-cases to "k").
const ZONE_NAME = /^[A-Za-z0-9_+\-/:]{1,64}$/;

function zoneEntry(timeZone: string): { zone: string; format: Intl.DateTimeFormat } {
  if (!ZONE_NAME.test(timeZone)) throw new RangeError('not a time zone name');
  const key = timeZone.toLowerCase();
  let entry = zones.get(key);
  if (entry) return entry;
  // en-US with the Gregorian calendar and Latin digits, whatever the process locale: only the numbers are read.
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    calendar: 'gregory',
    numberingSystem: 'latn',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  entry = { zone: format.resolvedOptions().timeZone, format };
  zones.set(key, entry);
  return entry;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  return zoneEntry(timeZone).format;
}

/** How many zones have a formatter kept (for tests: it stays at most MAX_ZONES). */
export function cachedTimeZoneCount(): number {
  return zones.size;
}

/**
 * The zone's canonical name when `Intl` knows it (IANA names such as `Europe/Berlin`, in any letter case, and the
 * aliases it accepts such as `US/Pacific`), else null. The name is Intl's own (`resolvedOptions().timeZone`), so every
 * spelling of a zone is stored and compared as one; which name of an alias group Intl calls canonical is its ICU
 * data's choice (Node 20 says `Asia/Calcutta` for `Asia/Kolkata`), and both mean the same clock.
 */
export function validTimeZone(timeZone: unknown): string | null {
  if (typeof timeZone !== 'string') return null;
  try {
    return zoneEntry(timeZone.trim()).zone;
  } catch {
    return null;
  }
}

/** The time zone to reason in: the one given when valid, else UTC. */
export function timeZoneOrUtc(timeZone: unknown): string {
  return validTimeZone(timeZone) ?? UTC;
}

// en-US numeric order: month, day, year, hour, minute, second, whatever the separators between them.
const NUMERIC = /^(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)$/;

/** The wall-clock date and time of an instant in a time zone (which must be valid: see `timeZoneOrUtc`). */
export function localDateTime(instant: Date | number, timeZone: string): LocalDateTime {
  const f = formatter(timeZone);
  // format() is several times faster than formatToParts(), and planning ahead asks for many instants; the parts are
  // the fallback should an ICU version ever print something else.
  const m = NUMERIC.exec(f.format(instant));
  if (!m) {
    const parts = f.formatToParts(instant);
    const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
    return withWeekday(n('year'), n('month'), n('day'), n('hour'), n('minute'), n('second'));
  }
  return withWeekday(+m[3], +m[1], +m[2], +m[4], +m[5], +m[6]);
}

function withWeekday(year: number, month: number, day: number, hour: number, minute: number, second: number) {
  return { year, month, day, hour, minute, second, weekday: weekday({ year, month, day }) };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

const pad = (v: number, width: number) => String(v).padStart(width, '0');

/** `YYYY-MM-DD`, the form ledger keys and cards use. */
export function formatDate(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** True for a year ISO 8601 writes with four digits, as Graph's dates and Teams' DATE() take them: 0000–9999. */
export function fourDigitYear(year: number): boolean {
  return Number.isInteger(year) && year >= 0 && year <= 9999;
}

/**
 * An instant as `YYYY-MM-DDTHH:MM:SSZ` (whole seconds, UTC), written from its UTC components; null when it is not a
 * date or its year has no four-digit form (toISOString writes those `+010000-…`, which nothing here takes).
 */
export function utcInstantString(instant: Date | number): string | null {
  const d = new Date(instant);
  if (!fourDigitYear(d.getUTCFullYear())) return null;
  const date = formatDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
  return `${date}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}Z`;
}

/** The local calendar date of an instant, `YYYY-MM-DD`. */
export function localDateString(instant: Date | number, timeZone: string): string {
  return formatDate(localDateTime(instant, timeZone));
}

/** The calendar date `days` after (or before) a date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Minutes after local midnight of `HH:MM` (00:00-23:59), or null when it is not such a time. */
export function parseTimeOfDay(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour <= 23 && minute <= 59 ? hour * 60 + minute : null;
}

/** `HH:MM` of minutes after local midnight. */
export function formatTimeOfDay(minutes: number): string {
  return `${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds (whole seconds). */
function offsetAt(instant: number, timeZone: string): number {
  const l = localDateTime(instant, timeZone);
  const wall = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which a zone's clocks show a date and minute of the day (0-1439).
 *
 * Daylight saving, deliberately (the same choice as RFC 5545 and Temporal's `compatible`):
 * - a wall time that happens twice (clocks go back: 02:30 on the last Sunday of October in Berlin) is its first
 *   occurrence, so a reminder is not an hour late;
 * - a wall time that never happens (clocks go forward: 02:30 on the last Sunday of March in Berlin) is moved forward
 *   by the length of the gap (03:30 summer time), so a reminder is never earlier than the reviewer asked.
 *
 * It reads the offsets a day either side of the wall time, which holds for every zone that changes its offset at most
 * once a day.
 */
export function instantAt(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE_MS;
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  // The same offset either side: no change that day, the one answer.
  if (before === after) return new Date(wall - before);
  const shows = (t: number) => offsetAt(t, timeZone) === wall - t;
  const candidates = [wall - before, wall - after].filter(shows);
  if (candidates.length) return new Date(Math.min(...candidates));
  // In a gap: the old offset read across the change lands after it, the wall time plus the gap.
  return new Date(wall - before);
}
