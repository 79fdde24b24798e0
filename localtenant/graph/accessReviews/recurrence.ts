import { fail } from '../errors';
import { RecurrencePattern, RecurrenceRange, Settings } from './types';

export const DAY_MS = 86_400_000;

/** Fills a posted recurrence the way the service echoes it (every pattern and range field present). */
export function normalizeRecurrence(raw: unknown): Settings['recurrence'] {
  const r = (raw ?? {}) as { pattern?: Partial<RecurrencePattern> | null; range?: Partial<RecurrenceRange> };
  const p = r.pattern;
  if (p && p.type !== 'weekly' && p.type !== 'absoluteMonthly') {
    fail(
      400,
      'BadRequest',
      `Recurrence pattern type '${String(p.type)}' is not supported. Use weekly or absoluteMonthly.`,
    );
  }
  const range = r.range ?? {};
  if (!range.startDate || !isEdmDate(range.startDate)) {
    fail(400, 'BadRequest', dateRefused(range.startDate, 'settings.recurrence.range.startDate'));
  }
  if (range.endDate && range.endDate !== 'null' && !isEdmDate(range.endDate)) {
    fail(400, 'BadRequest', dateRefused(range.endDate, 'settings.recurrence.range.endDate'));
  }
  return {
    pattern: p
      ? {
          type: p.type as string,
          interval: Math.max(1, Number(p.interval ?? 1)),
          month: Number(p.month ?? 0),
          dayOfMonth: Number(p.dayOfMonth ?? 0),
          daysOfWeek: p.daysOfWeek ?? [],
          firstDayOfWeek: p.firstDayOfWeek ?? 'sunday',
          index: p.index ?? 'first',
        }
      : null,
    range: {
      type: range.type ?? (p ? 'noEnd' : 'numbered'),
      numberOfOccurrences: Number(range.numberOfOccurrences ?? 0),
      recurrenceTimeZone: range.recurrenceTimeZone ?? null,
      // A valid date begins with its yyyy-mm-dd (isEdmDate).
      startDate: range.startDate.slice(0, 10),
      endDate: range.endDate && range.endDate !== 'null' ? range.endDate.slice(0, 10) : null,
    },
  };
}

/** Midnight UTC of a date (or the instant of a date-time). */
function instantOf(date: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Date.parse(date);
}

function addMonthsUtc(ms: number, months: number, dayOfMonth: number): number {
  const d = new Date(ms);
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
  const daysInMonth = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(dayOfMonth > 0 ? dayOfMonth : d.getUTCDate(), daysInMonth));
  return target.getTime();
}

/**
 * When occurrence k of a series is scheduled to start, or undefined when the range has ended.
 * Only type, interval and dayOfMonth of the pattern are honoured (weekly and absoluteMonthly).
 */
export function occurrenceStart(
  recurrence: Settings['recurrence'],
  startMs: number,
  k: number,
  createdMs: number,
): number | undefined {
  const { pattern, range } = recurrence;
  if (!pattern) return k === 0 ? Math.max(startMs, createdMs) : undefined;
  if (range.type === 'numbered' && range.numberOfOccurrences > 0 && k >= range.numberOfOccurrences) return undefined;
  let at =
    pattern.type === 'weekly'
      ? startMs + k * pattern.interval * 7 * DAY_MS
      : addMonthsUtc(startMs, k * pattern.interval, pattern.dayOfMonth);
  if (k === 0) at = Math.max(at, createdMs);
  // The range's end date is inclusive: an occurrence may start during that day.
  if (range.endDate && range.type !== 'noEnd' && at >= instantOf(range.endDate) + DAY_MS) return undefined;
  return at;
}

/**
 * When an occurrence's instance ends. instanceDurationInDays > 0 counts from its start. With 0, a one-time review
 * runs until the range's end date (the seed tutorial), and a recurring one until the next occurrence starts.
 */
export function occurrenceEnd(
  settings: Settings,
  startMs: number,
  k: number,
  createdMs: number,
  seriesStartMs: number,
) {
  if (settings.instanceDurationInDays > 0) return startMs + settings.instanceDurationInDays * DAY_MS;
  const { pattern, range } = settings.recurrence;
  if (!pattern) {
    // Docs are silent: a one-time review with neither a duration nor an end date runs 30 days.
    return range.endDate ? Math.max(instantOf(range.endDate), startMs) : startMs + 30 * DAY_MS;
  }
  // Docs are silent: a recurring review with duration 0 runs until the next occurrence would start.
  const unbounded = { ...settings.recurrence, range: { ...range, type: 'noEnd', endDate: null } };
  return occurrenceStart(unbounded, seriesStartMs, k + 1, createdMs) ?? startMs + 30 * DAY_MS;
}

export function seriesStart(recurrence: Settings['recurrence'], rawStartDate: string | undefined): number {
  return instantOf(rawStartDate ?? recurrence.range.startDate);
}

/** ISO 8601 day/hour durations such as P30D or PT12H, as recommendationLookBackDuration and inactiveDuration use. */
export function parseDuration(text: string | undefined, fallbackMs: number): number {
  if (!text) return fallbackMs;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(text);
  if (!m || text === 'P' || text === 'PT') fail(400, 'BadRequest', `Invalid duration '${text}'.`);
  return (Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 3_600_000 + Number(m[3] ?? 0) * 60_000;
}

/**
 * recurrenceRange's startDate and endDate are Edm.Date (v1.0 resources/recurrencerange.md): "yyyy-mm-dd", four-digit
 * years, a real calendar day. An extended year such as "+010000-01-01", or text that is no date, is refused, as OData
 * refuses a literal it cannot convert. Docs are silent on a time after the date; it is accepted (the seed starts its
 * reviews at exact instants) and the day kept. Docs are silent on the exact message; this follows OData's wording.
 */
export function isEdmDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(value);
  if (!m) return false;
  const d = new Date(`${m[1]}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(m[1]);
}

function dateRefused(value: unknown, field: string): string {
  return value === undefined || value === null || value === ''
    ? `${field} is required.`
    : `Cannot convert the literal '${String(value).slice(0, 40)}' to the expected type 'Edm.Date' (${field}).`;
}
