import {
  addDays,
  formatTimeOfDay,
  instantAt,
  localDateString,
  localDateTime,
  parseTimeOfDay,
  timeZoneOrUtc,
  utcInstantString,
  validTimeZone,
  cachedTimeZoneCount,
} from '../../src/reviews/localTime';

const wall = (iso: string, timeZone: string) => {
  const l = localDateTime(new Date(iso), timeZone);
  return `${localDateString(new Date(iso), timeZone)} ${formatTimeOfDay(l.hour * 60 + l.minute)}`;
};

/** Intl's own name for a zone, as the runtime's ICU data has it. */
const resolved = (timeZone: string) => new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;

/** The i-th spelling of a name in upper and lower case letters (bit k of i: the k-th letter in capitals). */
function spelling(name: string, i: number): string {
  let bit = 0;
  return [...name].map((c) => (/[a-z]/i.test(c) ? ((i >> bit++) & 1 ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
}

describe('time zones', () => {
  it('accepts the IANA names Intl knows, under the name Intl gives them, and refuses anything else', () => {
    expect(validTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(validTimeZone(' Asia/Kolkata ')).toBe(resolved('Asia/Kolkata'));
    expect(validTimeZone('US/Pacific')).toBe(resolved('America/Los_Angeles'));
    expect(validTimeZone('UTC')).toBe('UTC');
    for (const bad of [
      'Mars/Olympus_Mons',
      '',
      '   ',
      'Europe/Berlin; DROP',
      // The Kelvin sign lower-cases to "k", but Intl refuses it.
      'Asia/\u212Aolkata',
      42,
      null,
      undefined,
      {},
      'x'.repeat(80),
    ]) {
      expect(validTimeZone(bad)).toBeNull();
    }
  });

  it('gives every spelling of a zone one name, whatever the letter case', () => {
    const names = new Set<string | null>();
    for (let i = 0; i < 500; i++) names.add(validTimeZone(spelling('America/Argentina/Buenos_Aires', i * 7919)));
    expect([...names]).toEqual([resolved('America/Argentina/Buenos_Aires')]);
    expect(validTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(validTimeZone('EUROPE/BERLIN')).toBe('Europe/Berlin');
    expect(validTimeZone('utc')).toBe('UTC');
    // A spelling reasons in the zone it names.
    expect(wall('2026-07-15T12:00:00Z', 'eUROPE/bERLIN')).toBe('2026-07-15 14:00');
  });

  it('keeps one formatter for all spellings of a zone, and a bounded number whatever zones come', () => {
    const before = cachedTimeZoneCount();
    for (let i = 0; i < 2000; i++) {
      validTimeZone(spelling('Pacific/Chatham', i));
      localDateTime(0, spelling('Pacific/Chatham', i));
    }
    expect(cachedTimeZoneCount()).toBeLessThanOrEqual(before + 1);

    // Every zone Intl knows, and each in capitals too: more than any bound worth keeping.
    const all = Intl.supportedValuesOf('timeZone');
    for (const zone of all) {
      validTimeZone(zone);
      validTimeZone(zone.toUpperCase());
    }
    const held = cachedTimeZoneCount();
    expect(held).toBeLessThan(all.length / 2);
    // A zone dropped from the cache is built again when it comes back, and answers the same.
    for (const zone of all) expect(validTimeZone(zone.toLowerCase())).toBe(resolved(zone));
    expect(wall('2026-01-15T11:00:00Z', 'pacific/auckland')).toBe('2026-01-16 00:00');
    expect(cachedTimeZoneCount()).toBe(held);
  });

  it('falls back to UTC when the zone is missing or invalid', () => {
    expect(timeZoneOrUtc(undefined)).toBe('UTC');
    expect(timeZoneOrUtc('Not/AZone')).toBe('UTC');
    expect(timeZoneOrUtc('Pacific/Auckland')).toBe('Pacific/Auckland');
  });
});

describe('the local date and time of an instant', () => {
  it.each([
    ['Europe/Berlin', '2026-01-15T12:00:00Z', '2026-01-15 13:00'],
    ['Europe/Berlin', '2026-07-15T12:00:00Z', '2026-07-15 14:00'],
    ['America/Los_Angeles', '2026-01-15T07:59:00Z', '2026-01-14 23:59'],
    ['Asia/Kolkata', '2026-01-15T18:29:00Z', '2026-01-15 23:59'],
    ['Asia/Kolkata', '2026-01-15T18:30:00Z', '2026-01-16 00:00'],
    ['Pacific/Auckland', '2026-01-15T11:00:00Z', '2026-01-16 00:00'],
    ['UTC', '2026-02-28T23:59:00Z', '2026-02-28 23:59'],
  ])('in %s, %s is %s', (zone, iso, expected) => {
    expect(wall(iso, zone)).toBe(expected);
  });

  it('gives the weekday of the local date, not of the UTC one', () => {
    // Friday 23:30 in Los Angeles is already Saturday in UTC.
    expect(localDateTime(new Date('2026-03-07T07:30:00Z'), 'America/Los_Angeles').weekday).toBe(5);
    expect(localDateTime(new Date('2026-03-07T07:30:00Z'), 'UTC').weekday).toBe(6);
  });
});

describe('the instant of a local date and time', () => {
  it.each([
    ['Europe/Berlin', { year: 2026, month: 1, day: 15 }, '09:00', '2026-01-15T08:00:00.000Z'],
    ['Europe/Berlin', { year: 2026, month: 7, day: 15 }, '09:00', '2026-07-15T07:00:00.000Z'],
    ['Asia/Kolkata', { year: 2026, month: 1, day: 15 }, '08:00', '2026-01-15T02:30:00.000Z'],
    ['America/Los_Angeles', { year: 2026, month: 1, day: 15 }, '19:00', '2026-01-16T03:00:00.000Z'],
    ['Pacific/Auckland', { year: 2026, month: 1, day: 15 }, '08:00', '2026-01-14T19:00:00.000Z'],
  ])('in %s, %o at %s is %s', (zone, date, time, iso) => {
    expect(instantAt(date, parseTimeOfDay(time)!, zone).toISOString()).toBe(iso);
  });

  it('round-trips every quarter hour of a day, moving only wall times that never happen', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Pacific/Auckland', 'Asia/Kolkata'];
    for (const zone of zones) {
      const date = { year: 2026, month: 3, day: 29 };
      for (let m = 0; m < 1440; m += 15) {
        const t = instantAt(date, m, zone);
        const l = localDateTime(t, zone);
        // In Berlin's gap (02:00-02:59 on this day) the wall time moves forward by the hour; elsewhere it is exact.
        const inGap = zone === 'Europe/Berlin' && m >= 120 && m < 180;
        expect({ zone, m, local: l.hour * 60 + l.minute }).toEqual({ zone, m, local: inGap ? m + 60 : m });
      }
    }
  });

  it.each([
    // Clocks go forward: the missing wall time becomes the same time after the gap, never earlier than asked.
    ['Europe/Berlin', { year: 2026, month: 3, day: 29 }, '02:30', '2026-03-29T01:30:00.000Z', '03:30'],
    ['America/New_York', { year: 2026, month: 3, day: 8 }, '02:30', '2026-03-08T07:30:00.000Z', '03:30'],
    ['Pacific/Auckland', { year: 2026, month: 9, day: 27 }, '02:15', '2026-09-26T14:15:00.000Z', '03:15'],
    // Clocks go back: the repeated wall time is its first occurrence, summer time.
    ['Europe/Berlin', { year: 2026, month: 10, day: 25 }, '02:30', '2026-10-25T00:30:00.000Z', '02:30'],
    ['America/New_York', { year: 2026, month: 11, day: 1 }, '01:30', '2026-11-01T05:30:00.000Z', '01:30'],
    ['Pacific/Auckland', { year: 2026, month: 4, day: 5 }, '02:30', '2026-04-04T13:30:00.000Z', '02:30'],
  ])('across a daylight-saving change in %s, %o at %s is %s (shown %s)', (zone, date, time, iso, shown) => {
    const t = instantAt(date, parseTimeOfDay(time)!, zone);
    expect(t.toISOString()).toBe(iso);
    const l = localDateTime(t, zone);
    expect(formatTimeOfDay(l.hour * 60 + l.minute)).toBe(shown);
  });

  it('takes the first of a repeated wall time: an hour before the second one', () => {
    const date = { year: 2026, month: 10, day: 25 };
    const first = instantAt(date, parseTimeOfDay('02:30')!, 'Europe/Berlin').getTime();
    expect(wall(new Date(first + 3_600_000).toISOString(), 'Europe/Berlin')).toBe('2026-10-25 02:30');
  });
});

describe('calendar helpers', () => {
  it('writes an instant to the second in UTC, with four digits of year, or not at all', () => {
    expect(utcInstantString(Date.parse('2026-12-01T18:00:00.999+01:00'))).toBe('2026-12-01T17:00:00Z');
    expect(utcInstantString(Date.parse('9999-12-31T23:59:59Z'))).toBe('9999-12-31T23:59:59Z');
    expect(utcInstantString(Date.parse('+010000-01-01T00:00:00Z'))).toBeNull();
    expect(utcInstantString(Date.parse('-000001-01-01T00:00:00Z'))).toBeNull();
    expect(utcInstantString(NaN)).toBeNull();
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
  });

  it('reads HH:MM times of day and refuses others', () => {
    expect(parseTimeOfDay('08:00')).toBe(480);
    expect(parseTimeOfDay('8:05')).toBe(485);
    expect(parseTimeOfDay('23:59')).toBe(1439);
    for (const bad of ['24:00', '12:60', '12', '12:5', 'noon', '', null, 480]) expect(parseTimeOfDay(bad)).toBeNull();
    expect(formatTimeOfDay(485)).toBe('08:05');
  });
});
