import { localDateTime } from '../../src/reviews/localTime';
import {
  DEFAULT_REMINDER_SETTINGS,
  MAX_LEAD_TIMES,
  MAX_MUTED,
  MAX_SNOOZED,
  defaultReminderSettings,
  muteReview,
  normalizeReminderSettings,
  reminderTimeZone,
  snoozeReview,
  snoozeUntilTomorrow,
  unmuteReview,
} from '../../src/reviews/reminderSettings';

/** Intl's own name for a zone (which of an alias group is canonical is the runtime's ICU data's choice). */
const intlName = (timeZone: string) => new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
const id = (n: number) => `22222222-2222-4222-8222-${n.toString(16).padStart(12, '0')}`;
const NOW = new Date('2026-11-18T10:00:00Z');

describe('the default reminder settings', () => {
  it('are on, remind 3 days and 1 day before the end and on the last day, one message per review', () => {
    const s = defaultReminderSettings();
    expect(s).toMatchObject({ enabled: true, leadTimes: ['P3D', 'P1D'], lastDay: true, mode: 'perReview' });
  });

  it('are quiet from 19:00 to 08:00 and on Saturdays and Sundays, in the time zone Teams reports', () => {
    const s = defaultReminderSettings();
    expect(s.quietHours).toEqual({ start: '19:00', end: '08:00' });
    expect(s.weekendDays).toEqual([0, 6]);
    expect(s.timeZone).toBeNull();
  });

  it('are a fresh copy each time: changing one never changes the defaults', () => {
    const s = defaultReminderSettings();
    s.leadTimes.push('P7D');
    s.quietHours!.start = '18:00';
    expect(defaultReminderSettings().leadTimes).toEqual(['P3D', 'P1D']);
    expect(DEFAULT_REMINDER_SETTINGS.quietHours!.start).toBe('19:00');
  });
});

describe('normalising stored or submitted settings', () => {
  it('gives the defaults without problems when nothing is stored yet', () => {
    for (const nothing of [undefined, null]) {
      expect(normalizeReminderSettings(nothing)).toEqual({ settings: defaultReminderSettings(), problems: [] });
    }
  });

  it('gives the defaults with a problem when the input is not an object', () => {
    for (const junk of ['on', 42, [1, 2], true]) {
      const { settings, problems } = normalizeReminderSettings(junk);
      expect(settings).toEqual(defaultReminderSettings());
      expect(problems.map((p) => p.field)).toEqual(['settings']);
    }
  });

  it('keeps valid settings as they are', () => {
    const valid = {
      enabled: false,
      leadTimes: ['P7D', 'P2D'],
      lastDay: false,
      mode: 'dailyDigest',
      digestTime: '07:30',
      quietHours: { start: '22:00', end: '06:30' },
      weekendDays: [5, 6],
      timeZone: 'America/New_York',
      snoozed: [{ instanceId: id(1), until: '2026-11-19T02:30:00.000Z' }],
      muted: [id(2)],
    };
    expect(normalizeReminderSettings(valid, NOW)).toEqual({ settings: valid, problems: [] });
  });

  it('takes the forms the settings card submits: comma lists, "true"/"false", H:MM', () => {
    const { settings, problems } = normalizeReminderSettings({
      enabled: 'true',
      lastDay: 'false',
      leadTimes: 'P1D,P3D,p7d',
      weekendDays: '6,0',
      digestTime: '9:00',
      quietHours: { start: '7:00', end: '20:00' },
    });
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      enabled: true,
      lastDay: false,
      leadTimes: ['P7D', 'P3D', 'P1D'],
      weekendDays: [0, 6],
      digestTime: '09:00',
      quietHours: { start: '07:00', end: '20:00' },
    });
  });

  it('sorts lead times longest first and drops duplicates; numbers of days are lead times too', () => {
    expect(normalizeReminderSettings({ leadTimes: [1, 14, 'P1D', '3'] }).settings.leadTimes).toEqual([
      'P14D',
      'P3D',
      'P1D',
    ]);
  });

  it('allows no lead times at all (then only new reviews and the last day are reminded)', () => {
    const { settings, problems } = normalizeReminderSettings({ leadTimes: '' });
    expect(problems).toEqual([]);
    expect(settings.leadTimes).toEqual([]);
  });

  it('allows quiet hours off and no days off', () => {
    const { settings, problems } = normalizeReminderSettings({ quietHours: null, weekendDays: [] });
    expect(problems).toEqual([]);
    expect(settings.quietHours).toBeNull();
    expect(settings.weekendDays).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['enabled', { enabled: 'yes' }, 'on or off'],
    ['leadTimes', { leadTimes: ['P0D'] }, 'from 1 to 30'],
    ['leadTimes', { leadTimes: [31] }, 'from 1 to 30'],
    ['leadTimes', { leadTimes: ['PT12H'] }, 'whole days'],
    ['leadTimes', { leadTimes: [1.5] }, 'whole days'],
    ['leadTimes', { leadTimes: [1, 2, 3, 4, 5, 6] }, `at most ${MAX_LEAD_TIMES}`],
    ['leadTimes', { leadTimes: { P3D: true } }, 'whole days'],
    ['lastDay', { lastDay: 1 }, 'on or off'],
    ['mode', { mode: 'hourly' }, 'daily digest'],
    ['digestTime', { digestTime: '24:00' }, '00:00 to 23:59'],
    ['digestTime', { digestTime: 9 }, '00:00 to 23:59'],
    ['quietHours', { quietHours: { start: '19:00' } }, '00:00 to 23:59'],
    ['quietHours', { quietHours: { start: '25:00', end: '08:00' } }, '00:00 to 23:59'],
    ['quietHours', { quietHours: { start: '08:00', end: '08:00' } }, 'different times'],
    ['quietHours', { quietHours: '19-08' }, 'start and an end'],
    ['weekendDays', { weekendDays: [7] }, '0 (Sunday) to 6 (Saturday)'],
    ['weekendDays', { weekendDays: 'Sat,Sun' }, '0 (Sunday) to 6 (Saturday)'],
    ['weekendDays', { weekendDays: [0, 1, 2, 3, 4, 5, 6] }, 'turn reminders off'],
    ['timeZone', { timeZone: 'Mars/Olympus_Mons' }, 'the one Teams reports'],
    ['muted', { muted: 'all' }, 'none are muted'],
    ['snoozed', { snoozed: {} }, 'none are snoozed'],
  ])('refuses an invalid %s (%o) with a problem and the default', (field, input, words) => {
    const { settings, problems } = normalizeReminderSettings(input);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toContain(words);
    expect(settings[field as keyof typeof settings]).toEqual(DEFAULT_REMINDER_SETTINGS[field as keyof typeof settings]);
  });

  it('keeps the valid fields when others are invalid', () => {
    const { settings, problems } = normalizeReminderSettings({ mode: 'dailyDigest', digestTime: 'noon' });
    expect(settings.mode).toBe('dailyDigest');
    expect(settings.digestTime).toBe('09:00');
    expect(problems.map((p) => p.field)).toEqual(['digestTime']);
  });

  it('drops unknown fields', () => {
    const { settings } = normalizeReminderSettings({ enabled: true, __proto__: { x: 1 }, extra: 'x' });
    expect(Object.keys(settings).sort()).toEqual(Object.keys(defaultReminderSettings()).sort());
  });

  it('follows Teams when no time zone is chosen', () => {
    for (const none of [null, '']) expect(normalizeReminderSettings({ timeZone: none }).problems).toEqual([]);
  });

  it('keeps a chosen time zone under the name Intl gives it, however it was spelled', () => {
    for (const spelled of ['europe/berlin', 'EUROPE/BERLIN', ' Europe/berlin ']) {
      expect(normalizeReminderSettings({ timeZone: spelled })).toEqual({
        settings: { ...defaultReminderSettings(), timeZone: 'Europe/Berlin' },
        problems: [],
      });
    }
    expect(normalizeReminderSettings({ timeZone: 'us/pacific' }).settings.timeZone).toBe(
      intlName('America/Los_Angeles'),
    );
  });

  it('keeps review ids only among the muted, lower case and once, and says so', () => {
    const { settings, problems } = normalizeReminderSettings({
      muted: [id(1), id(1).toUpperCase(), 'not-a-guid', 7, '../../etc'],
    });
    expect(settings.muted).toEqual([id(1)]);
    expect(problems.map((p) => p.field)).toEqual(['muted']);
  });

  it(`keeps at most ${MAX_MUTED} mutes and ${MAX_SNOOZED} snoozes, the latest`, () => {
    const muted = Array.from({ length: MAX_MUTED + 3 }, (_, i) => id(i));
    const snoozed = muted.map((instanceId) => ({ instanceId, until: '2026-11-20T00:00:00Z' }));
    const { settings, problems } = normalizeReminderSettings({ muted, snoozed });
    expect(settings.muted).toHaveLength(MAX_MUTED);
    expect(settings.muted.at(-1)).toBe(muted.at(-1));
    expect(settings.snoozed).toHaveLength(MAX_SNOOZED);
    expect(settings.snoozed.at(-1)!.instanceId).toBe(muted.at(-1));
    expect(problems.map((p) => p.field).sort()).toEqual(['muted', 'snoozed']);
  });

  it('drops snoozes that cannot be read (with a problem) and those already over (silently)', () => {
    const { settings, problems } = normalizeReminderSettings(
      {
        snoozed: [
          { instanceId: id(1), until: '2026-11-19T07:00:00Z' },
          { instanceId: id(2), until: '2026-11-18T09:59:59Z' },
          { instanceId: 'nope', until: '2026-11-19T07:00:00Z' },
          { instanceId: id(3), until: 'tomorrow' },
          null,
        ],
      },
      NOW,
    );
    expect(settings.snoozed).toEqual([{ instanceId: id(1), until: '2026-11-19T07:00:00.000Z' }]);
    expect(problems.map((p) => p.field)).toEqual(['snoozed']);
  });

  it('keeps one snooze per review, the later one', () => {
    const { settings } = normalizeReminderSettings({
      snoozed: [
        { instanceId: id(1), until: '2026-11-20T07:00:00Z' },
        { instanceId: id(1), until: '2026-11-19T07:00:00Z' },
      ],
    });
    expect(settings.snoozed).toEqual([{ instanceId: id(1), until: '2026-11-20T07:00:00.000Z' }]);
  });
});

describe('snooze and mute', () => {
  it('snoozes a review, replacing its earlier snooze and dropping those over', () => {
    let s = defaultReminderSettings();
    s = snoozeReview(s, id(1), new Date('2026-11-18T09:00:00Z'), new Date('2026-11-18T08:00:00Z'));
    s = snoozeReview(s, id(2), new Date('2026-11-19T07:00:00Z'), NOW);
    s = snoozeReview(s, id(2), new Date('2026-11-20T07:00:00Z'), NOW);
    expect(s.snoozed).toEqual([{ instanceId: id(2), until: '2026-11-20T07:00:00.000Z' }]);
  });

  it('mutes once, and unmuting also ends a snooze', () => {
    let s = defaultReminderSettings();
    s = muteReview(muteReview(s, id(1)), id(1).toUpperCase());
    expect(s.muted).toEqual([id(1)]);
    s = snoozeReview(s, id(1), new Date('2026-11-20T07:00:00Z'), NOW);
    s = unmuteReview(s, id(1));
    expect(s.muted).toEqual([]);
    expect(s.snoozed).toEqual([]);
  });

  it(`forgets the oldest mute beyond ${MAX_MUTED}`, () => {
    let s = defaultReminderSettings();
    for (let i = 0; i <= MAX_MUTED; i++) s = muteReview(s, id(i));
    expect(s.muted).toHaveLength(MAX_MUTED);
    expect(s.muted).not.toContain(id(0));
    expect(s.muted).toContain(id(MAX_MUTED));
  });

  it.each([
    // Tuesday afternoon in Berlin: until Wednesday 08:00 Berlin time.
    ['Europe/Berlin', '2026-11-17T15:00:00Z', null, '2026-11-18T07:00:00.000Z'],
    // Late evening in Los Angeles is already tomorrow in UTC; tomorrow is the local one.
    ['America/Los_Angeles', '2026-11-18T06:30:00Z', null, '2026-11-18T16:00:00.000Z'],
    ['Asia/Kolkata', '2026-11-17T10:00:00Z', null, '2026-11-18T02:30:00.000Z'],
    // Quiet hours ending 07:30: the morning starts then.
    ['Pacific/Auckland', '2026-11-17T01:00:00Z', '07:30', '2026-11-17T18:30:00.000Z'],
    // The night the clocks go back in Berlin: 08:00 is in winter time.
    ['Europe/Berlin', '2026-10-24T15:00:00Z', null, '2026-10-25T07:00:00.000Z'],
  ])('snoozes until tomorrow morning in %s (now %s, quiet until %s): %s', (zone, now, quietEnd, expected) => {
    const s = defaultReminderSettings();
    if (quietEnd) s.quietHours = { start: '19:00', end: quietEnd };
    const until = snoozeUntilTomorrow(new Date(now), zone, s);
    expect(until.toISOString()).toBe(expected);
    const today = localDateTime(new Date(now), zone);
    const then = localDateTime(until, zone);
    expect(Date.UTC(then.year, then.month - 1, then.day) - Date.UTC(today.year, today.month - 1, today.day)).toBe(
      86_400_000,
    );
  });

  it('snoozes until 08:00 tomorrow when there are no quiet hours', () => {
    const s = { ...defaultReminderSettings(), quietHours: null };
    expect(snoozeUntilTomorrow(new Date('2026-11-17T15:00:00Z'), 'UTC', s).toISOString()).toBe(
      '2026-11-18T08:00:00.000Z',
    );
  });
});

describe('the time zone reminders use', () => {
  it("is the reviewer's choice, else the one Teams reports, else UTC", () => {
    expect(reminderTimeZone({ timeZone: 'Asia/Kolkata' }, 'Europe/Berlin')).toBe(intlName('Asia/Kolkata'));
    expect(reminderTimeZone({ timeZone: null }, 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(reminderTimeZone({ timeZone: null }, 'Nowhere/Special')).toBe('UTC');
    expect(reminderTimeZone({ timeZone: null })).toBe('UTC');
  });
});
