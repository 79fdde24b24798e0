import {
  contactStep,
  escalationDue,
  INSTALL_REFUSED_WAIT_MS,
  INSTALL_WAIT_MS,
  MAX_REPORT_REVIEWS,
  MAX_UNREACHABLE_NAMES,
  nextScanAt,
  ReachLine,
  reachReport,
  ReachRecord,
  reviewersWithWork,
  ScannedReview,
  silentReviewers,
  withContactsClaimed,
  withContactSettled,
  withInstallRequested,
  workByReviewer,
} from '../../src/reviews/reach';
import { reviewerKindOf, reviewersOf } from '../../src/graph/tenantReviews';
import { maySendAt } from '../../src/reviews/reminderPolicy';
import { defaultReminderSettings } from '../../src/reviews/reminderSettings';

const NOW = new Date('2026-12-07T10:00:00Z'); // a Monday
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const person = (n: number) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, displayName: `P${n}` });

function review(over: Partial<ScannedReview> = {}): ScannedReview {
  return {
    definitionId: '11111111-1111-4111-8111-111111111111',
    instanceId: '22222222-2222-4222-8222-222222222222',
    name: 'Finance approvers',
    startDateTime: new Date(NOW.getTime() - DAY).toISOString(),
    endDateTime: new Date(NOW.getTime() + 3 * DAY).toISOString(),
    reviewerKind: 'listed',
    reviewers: [person(1), person(2)],
    total: 10,
    remaining: 4,
    recommendedDeny: 1,
    justificationRequired: false,
    ...over,
  };
}

describe('who has work', () => {
  it('gives every listed reviewer the review with what is left, each once (ids in any case)', () => {
    const r = review({ reviewers: [person(1), person(2), { ...person(1), id: person(1).id.toUpperCase() }] });
    const works = reviewersWithWork(r, NOW);
    expect(works.map((w) => w.reviewer.displayName)).toEqual(['P1', 'P2']);
    expect(works.every((w) => w.remaining === 4)).toBe(true);
  });

  it('gives nobody a review with nothing left, or one past its end', () => {
    expect(reviewersWithWork(review({ remaining: 0 }), NOW)).toEqual([]);
    expect(reviewersWithWork(review({ endDateTime: new Date(NOW.getTime() - 1).toISOString() }), NOW)).toEqual([]);
  });

  it('counts nothing for managers (Graph does not say which items are whose)', () => {
    const works = reviewersWithWork(review({ reviewerKind: 'managers' }), NOW);
    expect(works.map((w) => w.remaining)).toEqual([null, null]);
  });

  it('takes the principals with items left as the reviewers of a self-review, with their own counts', () => {
    const r = review({
      reviewerKind: 'self',
      reviewers: [person(1), person(2), person(3)],
      pending: [
        { person: person(2), remaining: 2 },
        { person: person(3), remaining: 0 },
      ],
    });
    expect(reviewersWithWork(r, NOW).map((w) => [w.reviewer.displayName, w.remaining])).toEqual([['P2', 2]]);
  });

  it('groups the work of one person across reviews', () => {
    const other = review({ instanceId: '33333333-3333-4333-8333-333333333333', reviewers: [person(2)] });
    const byPerson = workByReviewer([review(), other], NOW);
    expect(byPerson.get(person(2).id)!.map((w) => w.review.instanceId)).toHaveLength(2);
    expect(byPerson.get(person(1).id)).toHaveLength(1);
  });
});

describe('what to do for a person', () => {
  const works = reviewersWithWork(review(), NOW).filter((w) => w.reviewer.id === person(1).id);
  const base = {
    now: NOW,
    leaseMs: 15 * 60_000,
    enrolled: false,
    hasChat: true,
    record: undefined,
    works,
    maySend: true,
  };

  it('sends to a chat Attest has; adds Attest first where it has none', () => {
    expect(contactStep(base)).toMatchObject({ kind: 'send', contacts: [{ name: 'Finance approvers', remaining: 4 }] });
    expect(contactStep({ ...base, hasChat: false })).toMatchObject({ kind: 'install' });
  });

  it('leaves enrolled reviewers to their reminders, and waits out quiet hours', () => {
    expect(contactStep({ ...base, enrolled: true })).toEqual({ kind: 'enrolled' });
    expect(contactStep({ ...base, maySend: false })).toEqual({ kind: 'later' });
  });

  it('sends once: a review sent or declined is done; a claim is taken again only after the lease', () => {
    const sent = withContactSettled(withContactsClaimed(undefined, [contactOf()], NOW), contactOf(), true, NOW);
    expect(contactStep({ ...base, record: sent })).toEqual({ kind: 'done' });
    const claimed = withContactsClaimed(undefined, [contactOf()], NOW);
    expect(contactStep({ ...base, record: claimed })).toEqual({ kind: 'done' });
    expect(contactStep({ ...base, now: new Date(NOW.getTime() + base.leaseMs + 1), record: claimed }).kind).toBe(
      'send',
    );
    const given = withContactSettled(claimed, contactOf(), false, NOW);
    expect(contactStep({ ...base, record: given }).kind).toBe('send');
    const declined: ReachRecord = {
      contacts: { [contactOf().instanceId]: { ...sent.contacts[contactOf().instanceId], state: 'notMe' } },
    };
    expect(contactStep({ ...base, record: declined })).toEqual({ kind: 'done' });
  });

  it('never adds Attest again for someone who removed or blocked it, unless they opened the chat again', () => {
    const gone: ReachRecord = { contacts: {}, gone: { at: NOW.toISOString(), why: 'removed' } };
    expect(contactStep({ ...base, hasChat: false, record: gone })).toEqual({ kind: 'gone', why: 'removed' });
    expect(contactStep({ ...base, hasChat: true, record: gone }).kind).toBe('send');
  });

  it('waits for Teams after an install, and a day after a refused one', () => {
    const requested = withInstallRequested(undefined, [contactOf()], NOW);
    expect(requested.pending).toHaveLength(1);
    expect(contactStep({ ...base, hasChat: false, record: requested })).toEqual({ kind: 'waiting', why: 'install' });
    const later = new Date(NOW.getTime() + INSTALL_WAIT_MS + 1);
    expect(contactStep({ ...base, now: later, hasChat: false, record: requested }).kind).toBe('install');
    const refused: ReachRecord = { contacts: {}, install: { state: 'refused', at: NOW.toISOString(), status: 403 } };
    expect(contactStep({ ...base, hasChat: false, record: refused })).toEqual({ kind: 'waiting', why: 'refused' });
    const dayLater = new Date(NOW.getTime() + INSTALL_REFUSED_WAIT_MS + 1);
    expect(contactStep({ ...base, now: dayLater, hasChat: false, record: refused }).kind).toBe('install');
  });

  it('sends what waited for the chat once, then nothing waits', () => {
    const requested = withInstallRequested(undefined, [contactOf()], NOW);
    const settled = withContactSettled(requested, contactOf(), true, NOW);
    expect(settled.pending).toBeUndefined();
    expect(settled.contacts[contactOf().instanceId].state).toBe('sent');
  });

  function contactOf() {
    return { ...works[0], ...contactStepContacts()[0] };
  }
  function contactStepContacts() {
    const step = contactStep(base);
    if (step.kind !== 'send') throw new Error('expected send');
    return step.contacts;
  }
});

describe('quiet hours for people with no settings', () => {
  it('sends on a working morning and not at night or on a day off, in the zone given', () => {
    const s = defaultReminderSettings();
    expect(maySendAt(NOW, 'UTC', s)).toBe(true);
    expect(maySendAt(new Date('2026-12-07T22:00:00Z'), 'UTC', s)).toBe(false);
    expect(maySendAt(new Date('2026-12-06T10:00:00Z'), 'UTC', s)).toBe(false); // Sunday
    expect(maySendAt(new Date('2026-12-07T02:00:00Z'), 'Asia/Tokyo', s)).toBe(true); // 11:00 in Tokyo
    expect(maySendAt(NOW, 'UTC', { ...s, quietHours: null, weekendDays: [] })).toBe(true);
    expect(maySendAt(NOW, 'UTC', { ...s, enabled: false })).toBe(false);
  });
});

describe('escalation to the creator', () => {
  const start = new Date('2026-12-01T00:00:00Z');
  const r = { startDateTime: start.toISOString(), endDateTime: new Date(start.getTime() + 10 * DAY).toISOString() };
  const at = (days: number) => new Date(start.getTime() + days * DAY);

  it('is due past the share of the time, once, and again on the last day', () => {
    expect(escalationDue(r, at(4.9), 0.5, [])).toBeNull();
    expect(escalationDue(r, at(5.1), 0.5, [])).toBe('share');
    expect(escalationDue(r, at(6), 0.5, ['share'])).toBeNull();
    expect(escalationDue(r, at(9.5), 0.5, ['share'])).toBe('lastDay');
    expect(escalationDue(r, at(9.6), 0.5, ['share', 'lastDay'])).toBeNull();
    expect(escalationDue(r, at(10), 0.5, [])).toBeNull();
  });

  it('gives a short review only the last day', () => {
    const short = {
      startDateTime: start.toISOString(),
      endDateTime: new Date(start.getTime() + 20 * HOUR).toISOString(),
    };
    expect(escalationDue(short, new Date(start.getTime() + 11 * HOUR), 0.5, [])).toBe('lastDay');
  });

  it('names the reviewers with no decision recorded', () => {
    const decided = new Map([[person(1).id.toUpperCase(), 3]]);
    expect(silentReviewers(review(), decided).map((p) => p.displayName)).toEqual(['P2']);
  });
});

describe('the admin report and the next scan', () => {
  it('keeps the soonest reviews and a few names each, with exact counts', () => {
    const lines: ReachLine[] = Array.from({ length: MAX_REPORT_REVIEWS + 5 }, (_, i) => ({
      definitionId: 'd',
      instanceId: `i${i}`,
      name: `Review ${i}`,
      endDateTime: new Date(NOW.getTime() + (i + 1) * HOUR).toISOString(),
      reviewers: 30,
      reached: 10,
      signedIn: 5,
      finished: 2,
      unreachable: Array.from({ length: 18 }, (_, n) => ({ person: person(n), why: 'removed' as const })),
    }));
    const report = reachReport(lines.reverse(), NOW);
    expect(report.reviews).toHaveLength(MAX_REPORT_REVIEWS);
    expect(report.moreReviews).toBe(5);
    expect(report.reviews[0].name).toBe('Review 0');
    expect(report.reviews[0].unreachable).toHaveLength(MAX_UNREACHABLE_NAMES);
    expect(report.reviews[0].unreachableCount).toBe(18);
  });

  it('looks again at the interval, or a minute after a review starts or ends before it', () => {
    expect(nextScanAt(NOW, HOUR, []).getTime()).toBe(NOW.getTime() + HOUR);
    const soon = new Date(NOW.getTime() + 10 * 60_000).toISOString();
    expect(nextScanAt(NOW, HOUR, [soon, 'bad']).getTime()).toBe(NOW.getTime() + 11 * 60_000);
    expect(nextScanAt(NOW, HOUR, [new Date(NOW.getTime() - 2 * 60_000).toISOString()]).getTime()).toBe(
      NOW.getTime() + HOUR,
    );
  });
});

describe("a review's reviewers as the scan reads them", () => {
  const user = (id: string) => ({ query: `/users/${id}`, queryType: 'MicrosoftGraph' });
  it('takes who Graph contacted, else the users the definition names, else its fallback reviewers', () => {
    const contacted = [person(1)];
    const def = { reviewers: [user(person(2).id), { query: './owners' }], fallbackReviewers: [user(person(3).id)] };
    expect(reviewersOf(contacted, 'listed', def)).toEqual(contacted);
    expect(reviewersOf([], 'listed', def).map((p) => p.id)).toEqual([person(2).id]);
    expect(
      reviewersOf([], 'listed', { reviewers: [{ query: './owners' }], fallbackReviewers: def.fallbackReviewers }).map(
        (p) => p.id,
      ),
    ).toEqual([person(3).id]);
    expect(reviewersOf([], 'managers', def)).toEqual([]);
  });

  it('tells a manager review and a self-review from the definition', () => {
    expect(reviewerKindOf([])).toBe('self');
    expect(reviewerKindOf([{ query: './manager', queryRoot: 'decisions' }])).toBe('managers');
    expect(reviewerKindOf([{ query: '/users/x' }])).toBe('listed');
  });
});
