import { formatDate, formatTimeOfDay, instantAt, localDateTime, parseTimeOfDay } from '../../src/reviews/localTime';
import {
  DISABLED_WAIT_MS,
  MAX_WAIT_MS,
  Reminder,
  ReminderPlanInput,
  ReminderReview,
  digestKey,
  ledgerToKeep,
  reminderKey,
  reminderPlan,
} from '../../src/reviews/reminderPolicy';
import {
  ReminderSettings,
  defaultReminderSettings,
  muteReview,
  snoozeReview,
  snoozeUntilTomorrow,
  unmuteReview,
} from '../../src/reviews/reminderSettings';

// The week of Monday 16 November 2026 unless a test says otherwise.
/** Intl's own name for a zone (which of an alias group is canonical is the runtime's ICU data's choice). */
const intlName = (timeZone: string) => new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';

/** The instant of a local wall time, `YYYY-MM-DD HH:MM`, in a zone. */
function at(zone: string, wall: string): Date {
  const [date, time] = wall.split(' ');
  const [year, month, day] = date.split('-').map(Number);
  return instantAt({ year, month, day }, parseTimeOfDay(time)!, zone);
}

/** An instant as the reviewer's wall clock shows it, `YYYY-MM-DD HH:MM`. */
function wall(zone: string, t: Date | number): string {
  const l = localDateTime(t, zone);
  return `${formatDate(l)} ${formatTimeOfDay(l.hour * 60 + l.minute)}`;
}

function review(instanceId: string, endDateTime: Date | string, over: Partial<ReminderReview> = {}): ReminderReview {
  return {
    instanceId,
    definitionId: instanceId,
    name: instanceId === A ? 'A' : instanceId === B ? 'B' : instanceId.slice(0, 4),
    status: 'InProgress',
    endDateTime: typeof endDateTime === 'string' ? endDateTime : endDateTime.toISOString(),
    total: 8,
    remaining: 5,
    recommendedDeny: 2,
    ...over,
  };
}

function settings(over: Partial<ReminderSettings> = {}): ReminderSettings {
  return { ...defaultReminderSettings(), ...over };
}

/** No quiet hours and no days off: only the review's own dates matter. */
const ALWAYS = { quietHours: null, weekendDays: [] };

/** "A lead:P1D" or "digest [A new, B lead:P3D]": what a reviewer would be told. */
function told(r: Reminder): string {
  if (r.type === 'review') return `${r.review.name} ${r.kind}`;
  return `digest [${r.reviews.map((d) => `${d.name} ${d.kind}`).join(', ')}]`;
}

interface Run {
  zone: string;
  settings: ReminderSettings;
  /** The reviews Graph returns at an instant (to complete or reassign reviews along the way). */
  reviews: ReminderReview[] | ((t: Date) => ReminderReview[]);
  from: Date;
  until: Date;
  ledger?: Set<string>;
  /** Poll every so often instead of at nextCheckAt. */
  everyMs?: number;
}

/**
 * The poll worker, simulated: plan, send, record the keys, plan again at nextCheckAt (or on a fixed beat). Gives
 * what was sent, `local time: what`, and fails if a key is ever recorded twice.
 */
function follow(run: Run): string[] {
  const ledger = new Set(run.ledger ?? []);
  const log: string[] = [];
  let t = run.from;
  for (let i = 0; t < run.until; i++) {
    if (i > 2_000) throw new Error('the plan never let go');
    const reviews = typeof run.reviews === 'function' ? run.reviews(t) : run.reviews;
    const plan = reminderPlan({ now: t, timeZone: run.zone, settings: run.settings, reviews, ledger });
    for (const r of plan.send) {
      for (const k of r.keys) {
        if (ledger.has(k)) throw new Error(`${k} sent twice`);
        ledger.add(k);
      }
      log.push(`${wall(run.zone, t)}: ${told(r)}`);
    }
    expect(plan.nextCheckAt.getTime()).toBeGreaterThan(t.getTime());
    t = run.everyMs ? new Date(t.getTime() + run.everyMs) : plan.nextCheckAt;
  }
  return log;
}

function planAt(now: Date, input: Partial<ReminderPlanInput> & Pick<ReminderPlanInput, 'reviews'>) {
  return reminderPlan({ now, timeZone: 'Europe/Berlin', settings: settings(), ledger: [], ...input });
}

describe('lead times and the last day', () => {
  it('reminds once when new, 3 days and 1 day before the end, and on the morning of the last day', () => {
    const zone = 'Europe/Berlin';
    const log = follow({
      zone,
      settings: settings(),
      reviews: [review(A, at(zone, '2026-11-20 17:00'))],
      from: at(zone, '2026-11-16 10:00'),
      until: at(zone, '2026-11-21 00:00'),
    });
    expect(log).toEqual([
      '2026-11-16 10:00: A new',
      '2026-11-17 17:00: A lead:P3D',
      '2026-11-19 17:00: A lead:P1D',
      '2026-11-20 08:00: A lastDay',
    ]);
  });

  it('follows the lead times chosen, and leaves out the last day when it is off', () => {
    const zone = 'Europe/Berlin';
    const log = follow({
      zone,
      settings: settings({ leadTimes: ['P7D', 'P2D'], lastDay: false }),
      reviews: [review(A, at(zone, '2026-11-27 12:00'))],
      from: at(zone, '2026-11-16 10:00'),
      until: at(zone, '2026-11-28 00:00'),
    });
    expect(log).toEqual(['2026-11-16 10:00: A new', '2026-11-20 12:00: A lead:P7D', '2026-11-25 12:00: A lead:P2D']);
  });

  it('counts lead times in exact days of 24 hours, even across a daylight-saving change', () => {
    // Berlin moves to summer time on Sunday 29 March 2026: 72 hours before Monday noon is Friday 11:00 on the clock.
    const zone = 'Europe/Berlin';
    const end = new Date('2026-03-30T10:00:00Z');
    const log = follow({
      zone,
      settings: settings(ALWAYS),
      reviews: [review(A, end)],
      from: new Date('2026-03-26T00:00:00Z'),
      until: end,
      ledger: new Set([reminderKey(A, 'new')]),
    });
    expect(log).toEqual([
      '2026-03-27 11:00: A lead:P3D',
      '2026-03-29 12:00: A lead:P1D',
      '2026-03-30 00:00: A lastDay',
    ]);
  });

  it('takes the last day as the day of the last open moment: an end at local midnight makes the day before it', () => {
    const zone = 'Europe/Berlin';
    const end = at(zone, '2026-11-20 00:00');
    const plan = planAt(at(zone, '2026-11-19 09:00'), {
      settings: settings({ leadTimes: [] }),
      reviews: [review(A, end)],
      ledger: [reminderKey(A, 'new')],
    });
    expect(plan.send.map(told)).toEqual(['A lastDay']);
  });
});

describe('a reviewer who first sees a review late', () => {
  const zone = 'Europe/Berlin';
  const end = at(zone, '2026-11-20 12:00');

  it('gets one reminder 20 hours before the end, the most urgent, covering the others', () => {
    const plan = planAt(at(zone, '2026-11-19 16:00'), { reviews: [review(A, end)] });
    expect(plan.send).toHaveLength(1);
    const [r] = plan.send;
    expect(r.type === 'review' && r.kind).toBe('lead:P1D');
    expect(r.type === 'review' && r.review.firstNotice).toBe(true);
    expect([...r.keys].sort()).toEqual(
      [reminderKey(A, 'new'), reminderKey(A, 'lead:P3D'), reminderKey(A, 'lead:P1D')].sort(),
    );
  });

  it('is not told "3 days left" or "new" after that, only the last day the next morning', () => {
    const log = follow({
      zone,
      settings: settings(),
      reviews: [review(A, end)],
      from: at(zone, '2026-11-19 16:00'),
      until: end,
    });
    expect(log).toEqual(['2026-11-19 16:00: A lead:P1D', '2026-11-20 08:00: A lastDay']);
  });

  it('gets a single last-day reminder when first seen on the last day', () => {
    const plan = planAt(at(zone, '2026-11-20 09:00'), { reviews: [review(A, end)] });
    expect(plan.send.map(told)).toEqual(['A lastDay']);
    expect(plan.send[0].keys).toHaveLength(4);
  });

  it('is never told a less urgent thing after a more urgent one, even when a lead time is added later', () => {
    const plan = planAt(at(zone, '2026-11-19 16:00'), {
      settings: settings({ leadTimes: ['P7D', 'P3D', 'P1D'] }),
      reviews: [review(A, end)],
      ledger: [reminderKey(A, 'new'), reminderKey(A, 'lead:P1D')],
    });
    expect(plan.send).toEqual([]);
  });

  it('says "new" on the first reminder of a review that was never announced, whatever its kind', () => {
    const plan = planAt(at(zone, '2026-11-19 16:00'), { reviews: [review(A, end)], ledger: [] });
    const again = planAt(at(zone, '2026-11-19 16:00'), { reviews: [review(A, end)], ledger: [reminderKey(A, 'new')] });
    expect(plan.send[0].type === 'review' && plan.send[0].review.firstNotice).toBe(true);
    expect(again.send[0].type === 'review' && again.send[0].review.firstNotice).toBe(false);
  });
});

describe('what a reminder carries', () => {
  it('says what is due, when in the reviewer time, how much time is left, how many people and recommended denials', () => {
    const zone = 'Asia/Kolkata';
    const end = new Date('2026-11-20T11:30:00Z');
    const now = new Date('2026-11-19T12:00:00Z');
    const plan = planAt(now, {
      timeZone: zone,
      reviews: [review(A, end, { remaining: 7, total: 9, recommendedDeny: 3, resourceName: 'Finance' })],
      ledger: [reminderKey(A, 'new'), reminderKey(A, 'lead:P3D')],
    });
    expect(plan.timeZone).toBe(intlName(zone));
    const [r] = plan.send;
    if (r.type !== 'review') throw new Error('expected a review reminder');
    expect(r.review).toEqual({
      instanceId: A,
      definitionId: A,
      name: 'A',
      resourceName: 'Finance',
      kind: 'lead:P1D',
      firstNotice: false,
      endDateTime: end.toISOString(),
      endsLocal: { date: '2026-11-20', time: '17:00', timeZone: intlName(zone) },
      msLeft: end.getTime() - now.getTime(),
      total: 9,
      remaining: 7,
      recommendedDeny: 3,
      keys: [reminderKey(A, 'lead:P1D')],
    });
  });

  it('lower-cases instance ids in keys, so the same review in another casing is the same reminder', () => {
    expect(reminderKey(A.toUpperCase(), 'new')).toBe(reminderKey(A, 'new'));
    const zone = 'UTC';
    const plan = reminderPlan({
      now: new Date('2026-11-18T12:00:00Z'),
      timeZone: zone,
      settings: settings(),
      reviews: [review(A.toUpperCase(), '2026-11-30T12:00:00Z')],
      ledger: [reminderKey(A, 'new')],
    });
    expect(plan.send).toEqual([]);
  });
});

describe('once only', () => {
  const zone = 'Europe/Berlin';
  const reviews = [review(A, at(zone, '2026-11-20 17:00')), review(B, at(zone, '2026-12-20 17:00'))];
  const now = at(zone, '2026-11-19 18:00');

  it('sends nothing when planned again with the keys of what was sent', () => {
    const first = planAt(now, { reviews });
    expect(first.send.length).toBeGreaterThan(0);
    const again = planAt(now, { reviews, ledger: first.send.flatMap((r) => r.keys) });
    expect(again.send).toEqual([]);
  });

  it('gives two instances planning at once the same keys, so only one can claim them', () => {
    const one = planAt(now, { reviews });
    const two = planAt(new Date(now.getTime() + 1_000), { reviews: [...reviews].reverse() });
    expect(two.send.map((r) => r.keys)).toEqual(one.send.map((r) => r.keys));
  });

  it('sends each key at most once over a whole review, even polled every 15 minutes', () => {
    // follow() throws when a key is recorded twice.
    const log = follow({
      zone,
      settings: settings(),
      reviews,
      from: at(zone, '2026-11-16 07:00'),
      until: at(zone, '2026-11-21 00:00'),
      everyMs: 15 * 60_000,
    });
    expect(log.filter((l) => l.includes(': A '))).toHaveLength(4);
    expect(log.filter((l) => l.includes(': B '))).toEqual(['2026-11-16 08:00: B new']);
  });
});

describe('time zones', () => {
  it.each(['Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland'])(
    'in %s, reminds at the same local times for a review ending Friday 17:00 local',
    (zone) => {
      const log = follow({
        zone,
        settings: settings(),
        reviews: [review(A, at(zone, '2026-11-20 17:00'))],
        from: at(zone, '2026-11-16 10:00'),
        until: at(zone, '2026-11-21 00:00'),
      });
      expect(log).toEqual([
        '2026-11-16 10:00: A new',
        '2026-11-17 17:00: A lead:P3D',
        '2026-11-19 17:00: A lead:P1D',
        '2026-11-20 08:00: A lastDay',
      ]);
    },
  );

  // One review, ending at the same instant for everyone: Friday 04:00 UTC.
  it.each([
    // Friday 05:00 in Berlin: the last day starts in quiet hours and ends before they do, so it has no reminder.
    ['Europe/Berlin', ['2026-11-16 08:00: A new', '2026-11-17 08:00: A lead:P3D', '2026-11-19 08:00: A lead:P1D']],
    // Thursday 20:00 in Los Angeles, from Sunday 16:00: the last day's morning also covers the 1-day reminder.
    ['America/Los_Angeles', ['2026-11-16 08:00: A new', '2026-11-17 08:00: A lead:P3D', '2026-11-19 08:00: A lastDay']],
    // Friday 09:30 in Kolkata, five and a half hours ahead of UTC.
    [
      'Asia/Kolkata',
      [
        '2026-11-16 08:00: A new',
        '2026-11-17 09:30: A lead:P3D',
        '2026-11-19 09:30: A lead:P1D',
        '2026-11-20 08:00: A lastDay',
      ],
    ],
    // Friday 17:00 in Auckland, already Monday afternoon when the poll starts.
    [
      'Pacific/Auckland',
      [
        '2026-11-16 13:00: A new',
        '2026-11-17 17:00: A lead:P3D',
        '2026-11-19 17:00: A lead:P1D',
        '2026-11-20 08:00: A lastDay',
      ],
    ],
  ])('in %s, a review ending Friday 04:00 UTC is reminded on local days and hours', (zone, expected) => {
    const log = follow({
      zone: zone as string,
      settings: settings(),
      reviews: [review(A, '2026-11-20T04:00:00Z')],
      from: new Date('2026-11-16T00:00:00Z'),
      until: new Date('2026-11-20T04:00:00Z'),
    });
    expect(log).toEqual(expected);
  });

  it('reasons in the zone chosen in the settings over the one Teams reports, and in UTC without either', () => {
    const reviews = [review(A, '2026-11-30T12:00:00Z')];
    const now = new Date('2026-11-18T12:00:00Z');
    expect(planAt(now, { reviews, settings: settings({ timeZone: 'Asia/Kolkata' }) }).timeZone).toBe(
      intlName('Asia/Kolkata'),
    );
    expect(planAt(now, { reviews, timeZone: undefined }).timeZone).toBe('UTC');
    expect(planAt(now, { reviews, timeZone: 'Atlantis/Capital' }).timeZone).toBe('UTC');
  });
});

describe('quiet hours and days off', () => {
  it.each([
    // Across midnight: due at 23:30, sent when quiet hours end at 07:00.
    ['America/Los_Angeles', { start: '22:00', end: '07:00' }, '2026-11-18 23:30', '2026-11-19 07:00'],
    // Across midnight with a half-hour zone.
    ['Asia/Kolkata', { start: '19:00', end: '08:00' }, '2026-11-18 02:15', '2026-11-18 08:00'],
    // Within a day: a lunch break.
    ['Europe/Berlin', { start: '12:00', end: '14:00' }, '2026-11-18 12:30', '2026-11-18 14:00'],
    // Not quiet: sent when due.
    ['Europe/Berlin', { start: '19:00', end: '08:00' }, '2026-11-18 18:59', '2026-11-18 18:59'],
  ])('in %s with quiet hours %o, a reminder due %s goes out %s', (zone, quietHours, due, expected) => {
    const end = new Date(at(zone, due).getTime() + 86_400_000);
    const s = settings({ quietHours, leadTimes: ['P1D'], lastDay: false });
    const reviews = [review(A, end)];
    const ledger = [reminderKey(A, 'new')];
    const atDue = planAt(at(zone, due), { timeZone: zone, settings: s, reviews, ledger });
    if (due === expected) {
      expect(atDue.send.map(told)).toEqual(['A lead:P1D']);
      return;
    }
    expect(atDue.send).toEqual([]);
    expect(wall(zone, atDue.nextCheckAt)).toBe(expected);
    const justBefore = new Date(at(zone, expected).getTime() - 60_000);
    expect(planAt(justBefore, { timeZone: zone, settings: s, reviews, ledger }).send).toEqual([]);
    expect(planAt(at(zone, expected), { timeZone: zone, settings: s, reviews, ledger }).send.map(told)).toEqual([
      'A lead:P1D',
    ]);
  });

  it('holds what falls due on Saturday until Monday morning', () => {
    const zone = 'Europe/Berlin';
    const log = follow({
      zone,
      settings: settings(),
      reviews: [review(A, at(zone, '2026-11-24 10:00'))],
      from: at(zone, '2026-11-20 09:00'),
      until: at(zone, '2026-11-24 10:00'),
    });
    // 3 days before is Saturday 10:00: Monday 08:00. 1 day before is Monday 10:00. The last day is Tuesday.
    expect(log).toEqual([
      '2026-11-20 09:00: A new',
      '2026-11-23 08:00: A lead:P3D',
      '2026-11-23 10:00: A lead:P1D',
      '2026-11-24 08:00: A lastDay',
    ]);
  });

  it('uses the days off chosen: Friday and Saturday', () => {
    const zone = 'Asia/Kolkata';
    const s = settings({ weekendDays: [5, 6] });
    const plan = planAt(at(zone, '2026-11-20 11:00'), {
      timeZone: zone,
      settings: s,
      reviews: [review(A, at(zone, '2026-11-25 11:00'))],
    });
    expect(plan.send).toEqual([]);
    expect(wall(zone, plan.nextCheckAt)).toBe('2026-11-22 08:00');
  });

  it('sends on weekends and at night when the reviewer has no quiet hours and no days off', () => {
    const zone = 'Europe/Berlin';
    const plan = planAt(at(zone, '2026-11-21 03:00'), {
      settings: settings(ALWAYS),
      reviews: [review(A, at(zone, '2026-11-24 02:00'))],
    });
    expect(plan.send.map(told)).toEqual(['A lead:P3D']);
  });
});

describe('daylight-saving changes', () => {
  it.each([
    // Berlin, last Sunday of March: Monday 08:00 is summer time (UTC+2).
    ['Europe/Berlin', '2026-03-28T09:00:00Z', '2026-03-31T09:00:00Z', '2026-03-30T06:00:00.000Z'],
    // Berlin, last Sunday of October: Monday 08:00 is winter time (UTC+1).
    ['Europe/Berlin', '2026-10-24T08:00:00Z', '2026-10-27T08:00:00Z', '2026-10-26T07:00:00.000Z'],
    // New York, second Sunday of March: Monday 08:00 EDT.
    ['America/New_York', '2026-03-07T15:00:00Z', '2026-03-10T15:00:00Z', '2026-03-09T12:00:00.000Z'],
    // New York, first Sunday of November: Monday 08:00 EST.
    ['America/New_York', '2026-10-31T15:00:00Z', '2026-11-03T15:00:00Z', '2026-11-02T13:00:00.000Z'],
  ])('in %s, what falls due on the weekend of the change (%s) goes out Monday 08:00 local', (zone, due, end, sent) => {
    const s = settings({ leadTimes: ['P3D'], lastDay: false });
    const reviews = [review(A, end)];
    const ledger = [reminderKey(A, 'new')];
    const plan = reminderPlan({ now: new Date(due), timeZone: zone, settings: s, reviews, ledger });
    expect(plan.send).toEqual([]);
    expect(plan.nextCheckAt.toISOString()).toBe(sent);
    const then = reminderPlan({ now: plan.nextCheckAt, timeZone: zone, settings: s, reviews, ledger });
    expect(then.send.map(told)).toEqual(['A lead:P3D']);
  });

  it.each([
    // The day the clocks go forward has 23 hours; its midnight is still UTC+1.
    ['Europe/Berlin', '2026-03-29T18:00:00Z', '2026-03-28T23:00:00.000Z'],
    // The day the clocks go back has 25 hours; its midnight is still UTC+2.
    ['Europe/Berlin', '2026-10-25T18:00:00Z', '2026-10-24T22:00:00.000Z'],
    ['America/New_York', '2026-11-01T20:00:00Z', '2026-11-01T04:00:00.000Z'],
  ])('in %s, the last day of a review ending %s starts at local midnight, %s', (zone, end, midnight) => {
    const s = settings({ ...ALWAYS, leadTimes: [] });
    const reviews = [review(A, end)];
    const ledger = [reminderKey(A, 'new')];
    const before = reminderPlan({
      now: new Date(Date.parse(midnight) - 60_000),
      timeZone: zone,
      settings: s,
      reviews,
      ledger,
    });
    expect(before.send).toEqual([]);
    expect(before.nextCheckAt.toISOString()).toBe(midnight);
    const atMidnight = reminderPlan({ now: new Date(midnight), timeZone: zone, settings: s, reviews, ledger });
    expect(atMidnight.send.map(told)).toEqual(['A lastDay']);
  });

  it('in New York, the night the clocks go back, quiet hours still end at 08:00 on the wall clock', () => {
    const zone = 'America/New_York';
    const s = settings({ weekendDays: [] });
    // Due at 01:30 the first time that hour happens (EDT); held until 08:00 EST.
    const plan = reminderPlan({
      now: new Date('2026-11-01T05:30:00Z'),
      timeZone: zone,
      settings: s,
      reviews: [review(A, '2026-11-02T05:30:00Z')],
      ledger: [reminderKey(A, 'new'), reminderKey(A, 'lead:P3D')],
    });
    expect(plan.send).toEqual([]);
    expect(plan.nextCheckAt.toISOString()).toBe('2026-11-01T13:00:00.000Z');
  });
});

describe('daily digest', () => {
  const zone = 'Europe/Berlin';
  const s = settings({ mode: 'dailyDigest', digestTime: '09:00' });

  it('waits for the digest time, then lists every review with something due, once that day', () => {
    const reviews = [review(A, at(zone, '2026-11-20 17:00')), review(B, at(zone, '2026-12-18 17:00'))];
    const early = planAt(at(zone, '2026-11-16 08:30'), { settings: s, reviews });
    expect(early.send).toEqual([]);
    expect(wall(zone, early.nextCheckAt)).toBe('2026-11-16 09:00');

    const nine = planAt(early.nextCheckAt, { settings: s, reviews });
    expect(nine.send.map(told)).toEqual(['digest [A new, B new]']);
    const [digest] = nine.send;
    expect(digest.type === 'digest' && digest.localDate).toBe('2026-11-16');
    expect([...digest.keys].sort()).toEqual(
      [digestKey('2026-11-16'), reminderKey(A, 'new'), reminderKey(B, 'new')].sort(),
    );

    // Later that day a new review arrives: it waits for tomorrow's digest.
    const C = 'cccccccc-0000-4000-8000-000000000003';
    const withC = [...reviews, review(C, at(zone, '2026-12-01 17:00'))];
    const later = planAt(at(zone, '2026-11-16 15:00'), { settings: s, reviews: withC, ledger: digest.keys });
    expect(later.send).toEqual([]);
    expect(planAt(at(zone, '2026-11-17 08:59'), { settings: s, reviews: withC, ledger: digest.keys }).send).toEqual([]);
    const tomorrow = planAt(at(zone, '2026-11-17 09:00'), { settings: s, reviews: withC, ledger: digest.keys });
    expect(tomorrow.send.map(told)).toEqual(['digest [cccc new]']);
  });

  it('sends at most one message a day over a week, covering the per-review reminders', () => {
    const log = follow({
      zone,
      settings: s,
      reviews: [review(A, at(zone, '2026-11-20 17:00')), review(B, at(zone, '2026-11-19 12:00'))],
      from: at(zone, '2026-11-16 07:00'),
      until: at(zone, '2026-11-21 00:00'),
    });
    const days = log.map((l) => l.slice(0, 10));
    expect(new Set(days).size).toBe(days.length);
    expect(log).toEqual([
      '2026-11-16 09:00: digest [B new, A new]',
      '2026-11-17 09:00: digest [B lead:P3D]',
      '2026-11-18 09:00: digest [A lead:P3D]',
      '2026-11-19 09:00: digest [B lastDay]',
      '2026-11-20 09:00: digest [A lastDay]',
    ]);
  });

  it('goes out before the digest time when a review in it would end before then', () => {
    const plan = planAt(at(zone, '2026-11-20 08:00'), {
      settings: s,
      reviews: [review(A, at(zone, '2026-11-20 08:45'))],
      ledger: [reminderKey(A, 'new'), reminderKey(A, 'lead:P3D'), reminderKey(A, 'lead:P1D')],
    });
    expect(plan.send.map(told)).toEqual(['digest [A lastDay]']);
  });

  it('sends no digest on a day with nothing due, and does not use up that day', () => {
    const reviews = [review(A, at(zone, '2026-12-20 17:00'))];
    const ledger = [reminderKey(A, 'new')];
    const quiet = planAt(at(zone, '2026-11-17 09:00'), { settings: s, reviews, ledger });
    expect(quiet.send).toEqual([]);
    const C = 'cccccccc-0000-4000-8000-000000000003';
    const afternoon = planAt(at(zone, '2026-11-17 14:00'), {
      settings: s,
      reviews: [...reviews, review(C, at(zone, '2026-12-01 17:00'))],
      ledger,
    });
    expect(afternoon.send.map(told)).toEqual(['digest [cccc new]']);
  });
});

describe('snooze and mute', () => {
  const zone = 'Europe/Berlin';
  const end = at(zone, '2026-11-18 17:00');
  const reviews = [review(A, end)];
  const ledger = [reminderKey(A, 'new'), reminderKey(A, 'lead:P3D')];

  it('holds a review snoozed until tomorrow, then sends the most urgent thing due at 08:00', () => {
    const now = at(zone, '2026-11-17 10:00');
    const s = snoozeReview(settings(), A, snoozeUntilTomorrow(now, zone, settings()), now);
    // One day before the end falls due at 17:00, while snoozed.
    const snoozed = planAt(at(zone, '2026-11-17 17:00'), { settings: s, reviews, ledger });
    expect(snoozed.send).toEqual([]);
    expect(wall(zone, snoozed.nextCheckAt)).toBe('2026-11-18 08:00');
    const morning = planAt(snoozed.nextCheckAt, { settings: s, reviews, ledger });
    expect(morning.send.map(told)).toEqual(['A lastDay']);
    expect(morning.send[0].keys).toContain(reminderKey(A, 'lead:P1D'));
  });

  it('holds a review snoozed until after quiet hours end, until the snooze ends', () => {
    const s = snoozeReview(settings(), A, at(zone, '2026-11-18 10:30'), at(zone, '2026-11-17 10:00'));
    const plan = planAt(at(zone, '2026-11-18 08:00'), { settings: s, reviews, ledger });
    expect(plan.send).toEqual([]);
    expect(wall(zone, plan.nextCheckAt)).toBe('2026-11-18 10:30');
  });

  it('never reminds of a muted review, and still of the others', () => {
    const s = muteReview(settings(), A);
    const log = follow({
      zone,
      settings: s,
      reviews: [review(A, end), review(B, at(zone, '2026-11-19 17:00'))],
      from: at(zone, '2026-11-16 10:00'),
      until: at(zone, '2026-11-20 00:00'),
    });
    expect(log.every((l) => l.includes(': B '))).toBe(true);
    expect(log.length).toBeGreaterThan(0);
  });

  it('after unmuting, sends only the most urgent thing due', () => {
    const s = unmuteReview(muteReview(settings(), A), A);
    const plan = planAt(at(zone, '2026-11-18 09:00'), { settings: s, reviews, ledger: [] });
    expect(plan.send.map(told)).toEqual(['A lastDay']);
  });
});

describe('reviews that need nothing', () => {
  const zone = 'Europe/Berlin';
  const end = at(zone, '2026-11-20 17:00');

  it.each<[string, Partial<ReminderReview>]>([
    ['no one left to review', { remaining: 0 }],
    ['completed', { status: 'Completed' }],
    ['not started', { status: 'NotStarted' }],
    ['being applied', { status: 'Applied' }],
  ])('sends nothing for a review with %s', (_, over) => {
    const plan = planAt(at(zone, '2026-11-19 18:00'), { reviews: [review(A, end, over)] });
    expect(plan.send).toEqual([]);
  });

  it('stops reminding when the reviewer finishes in between', () => {
    const finished = at(zone, '2026-11-18 12:00');
    const log = follow({
      zone,
      settings: settings(),
      reviews: (t) => [review(A, end, { remaining: t < finished ? 3 : 0 })],
      from: at(zone, '2026-11-16 10:00'),
      until: end,
    });
    expect(log).toEqual(['2026-11-16 10:00: A new', '2026-11-17 17:00: A lead:P3D']);
  });

  it('sends nothing once the end has passed, even while Graph still says InProgress', () => {
    const plan = planAt(new Date(end.getTime() + 60_000), { reviews: [review(A, end)] });
    expect(plan.send).toEqual([]);
  });

  it('announces a review without an end date as new, and nothing else', () => {
    const plan = planAt(at(zone, '2026-11-19 10:00'), { reviews: [review(A, '')] });
    expect(plan.send.map(told)).toEqual(['A new']);
    if (plan.send[0].type === 'review') expect(plan.send[0].review).toMatchObject({ msLeft: null, endsLocal: null });
  });

  it('sends nothing at all when reminders are off, and looks again a day later', () => {
    const now = at(zone, '2026-11-19 18:00');
    const plan = planAt(now, { settings: settings({ enabled: false }), reviews: [review(A, end)] });
    expect(plan.send).toEqual([]);
    expect(plan.nextCheckAt.getTime()).toBe(now.getTime() + DISABLED_WAIT_MS);
  });
});

describe('when to look again', () => {
  const zone = 'Europe/Berlin';

  it('is the next lead-time boundary when one comes before the poll interval', () => {
    const plan = planAt(at(zone, '2026-11-17 15:00'), {
      reviews: [review(A, at(zone, '2026-11-20 17:00'))],
      ledger: [reminderKey(A, 'new')],
    });
    expect(wall(zone, plan.nextCheckAt)).toBe('2026-11-17 17:00');
  });

  it('is at most the poll interval away, to find reviews assigned meanwhile', () => {
    const now = at(zone, '2026-11-17 09:00');
    const plan = planAt(now, { reviews: [] });
    expect(plan.nextCheckAt.getTime()).toBe(now.getTime() + MAX_WAIT_MS);
  });

  it('skips quiet hours and days off when nothing could be sent in them', () => {
    const plan = planAt(at(zone, '2026-11-20 16:00'), { reviews: [] });
    expect(wall(zone, plan.nextCheckAt)).toBe('2026-11-23 08:00');
  });

  it('is the start of a review not started yet, when that comes first', () => {
    const start = at(zone, '2026-11-18 10:00');
    const reviews = [
      review(A, at(zone, '2026-12-18 10:00'), { status: 'NotStarted', startDateTime: start.toISOString() }),
    ];
    const plan = planAt(at(zone, '2026-11-18 07:00'), { reviews });
    expect(plan.nextCheckAt).toEqual(start);
  });

  it('assumes what it sends is recorded: the next check is for what comes after', () => {
    const now = at(zone, '2026-11-19 16:00');
    const reviews = [review(A, at(zone, '2026-11-20 12:00'))];
    const plan = planAt(now, { reviews });
    expect(plan.send).toHaveLength(1);
    // Not at once for what was just sent: the last day, next morning.
    expect(wall(zone, plan.nextCheckAt)).toBe('2026-11-20 08:00');
    // With nothing else to come, the poll interval; not the next instant something could change (17:00).
    const s = settings({ ...ALWAYS, lastDay: false, digestTime: '17:00' });
    const other = planAt(now, { reviews, settings: s });
    expect(other.send).toHaveLength(1);
    expect(other.nextCheckAt.getTime()).toBe(now.getTime() + MAX_WAIT_MS);
  });

  // Following nextCheckAt must send exactly what polling every 15 minutes sends, at the same times: it may skip
  // polls only where nothing could happen.
  it.each([
    ['Europe/Berlin', 'perReview'],
    ['America/Los_Angeles', 'dailyDigest'],
    ['Asia/Kolkata', 'perReview'],
    ['Pacific/Auckland', 'dailyDigest'],
  ] as const)('in %s (%s), sends what a poll every 15 minutes would, when it would', (zone, mode) => {
    const s = settings({ mode, leadTimes: ['P3D', 'P2D', 'P1D'], digestTime: '10:15' });
    const from = new Date('2026-11-13T00:00:00Z');
    const snoozeEnd = new Date('2026-11-18T11:45:00Z');
    const run = {
      zone,
      settings: snoozeReview(s, B, snoozeEnd, from),
      reviews: [
        review(A, '2026-11-19T16:30:00Z'),
        review(B, '2026-11-20T09:15:00Z'),
        review('cccccccc-0000-4000-8000-000000000003', '2026-11-18T22:45:00Z'),
      ],
      from,
      until: new Date('2026-11-21T00:00:00Z'),
    };
    const polled = follow({ ...run, everyMs: 15 * 60_000 });
    expect(polled.length).toBeGreaterThan(3);
    expect(follow(run)).toEqual(polled);
  });
});

describe('keeping the ledger small', () => {
  const zone = 'America/Los_Angeles';
  const now = at(zone, '2026-11-18 23:30');
  const ledger = [
    reminderKey(A, 'new'),
    reminderKey(A, 'lead:P3D'),
    reminderKey(B, 'new'),
    reminderKey('cccccccc-0000-4000-8000-000000000003', 'lastDay'),
    digestKey('2026-11-16'),
    digestKey('2026-11-17'),
    digestKey('2026-11-18'),
  ];

  it("keeps the keys of reviews that have not ended and the digests of the reviewer's today and yesterday", () => {
    const reviews = [review(A, at(zone, '2026-11-20 17:00')), review(B, at(zone, '2026-11-18 17:00'))];
    const kept = ledgerToKeep(ledger, reviews, now, zone);
    expect(kept.sort()).toEqual(
      [reminderKey(A, 'new'), reminderKey(A, 'lead:P3D'), digestKey('2026-11-17'), digestKey('2026-11-18')].sort(),
    );
  });

  it('plans the same with the pruned ledger as with the whole one', () => {
    const reviews = [review(A, at(zone, '2026-11-20 17:00')), review(B, at(zone, '2026-11-18 17:00'))];
    const s = settings({ mode: 'dailyDigest' });
    for (const t of ['2026-11-18 23:30', '2026-11-19 09:00', '2026-11-19 17:00', '2026-11-20 08:00']) {
      const input = { now: at(zone, t), timeZone: zone, settings: s, reviews };
      const whole = reminderPlan({ ...input, ledger });
      const pruned = reminderPlan({ ...input, ledger: ledgerToKeep(ledger, reviews, now, zone) });
      expect(pruned).toEqual(whole);
    }
  });
});
