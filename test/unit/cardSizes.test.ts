import { MAX_PAGE_SIZE } from '../../src/config';
import { MAX_TEXT } from '../../src/bot/incomingActivity';
import { MAX_JUSTIFICATION_INPUT } from '../../src/bot/cardActionSchemas';
import { newReviewInputs } from '../../src/bot/ownerActionSchemas';
import { settingsInputs } from '../../src/bot/settingsActionSchemas';
import { INSTANCES_SHOWN, OWNER_PAGE_SIZE } from '../../src/bot/myReviewsFlows';
import { pendingInbox } from '../../src/reviews/inbox';
import { OwnedReview } from '../../src/reviews/ownedReviews';
import { defaultForm, MAX_PEOPLE, QuickReviewForm } from '../../src/reviews/quickReview';
import { parseQuickReviewCommand } from '../../src/reviews/quickReviewCommand';
import { DueReview } from '../../src/reviews/reminderPolicy';
import { defaultReminderSettings, MAX_MUTED, MAX_SNOOZED } from '../../src/reviews/reminderSettings';
import {
  approvingView,
  confirmApproveRestView,
  helpView,
  inboxView,
  messageView,
  notRecordedLines,
  reviewView,
} from '../../src/views/cardViews';
import {
  commandProblemsText,
  confirmDeleteReviewView,
  MAX_KNOWN_GROUPS,
  myReviewsView,
  newReviewView,
  reviewCreatedView,
} from '../../src/views/ownerViews';
import { reminderView } from '../../src/views/reminderViews';
import { escalationView, firstContactView, REACH_PAGE, reachView } from '../../src/views/reachViews';
import {
  MAX_PENDING,
  MAX_REPORT_REVIEWS,
  pendingOf,
  ReachLine,
  reachReport,
  ScannedReview,
} from '../../src/reviews/reach';
import { CardData, CardName, cardBytes, MAX_CARD_BYTES, onOversizedCard, renderCard } from '../../src/views/renderCard';
import { formOf, settingsView } from '../../src/views/settingsViews';
import { actionData, cardText } from '../support/activities';
import { item, review } from './fixtures';

/**
 * Every card at its longest: each text at the most Graph or a card can send (the zod schemas bound what cards send
 * back), every list at its longest, and texts as heavy as real ones get. Each must render as itself (not as the short
 * card renderCard sends instead of one too long) and under MAX_CARD_BYTES.
 */

const NOW = new Date('2026-11-22T12:00:00Z');
const TODAY = '2026-11-22';
/** Graph's longest displayName (users, groups, access reviews). */
const GRAPH_NAME = 256;
/** What the card schemas take for names, UPNs and resource names, and for a justification carried on a page. */
const CARD_TEXT = 256;
const CARD_JUSTIFICATION = 2000;

/**
 * Text as heavy as names and justifications get: quotes and backslashes (two characters each in JSON), markdown
 * characters (escaped on cards, the escape doubled in JSON), accented letters and an emoji (two UTF-16 code units).
 */
const HEAVY = 'Zoë "Zed" O’Brien \\ *VIP* [ext] 🙂 ';
function heavy(length: number): string {
  return HEAVY.repeat(Math.ceil(length / HEAVY.length)).slice(0, length);
}

const guid = (n: number) => `aaaaaaaa-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Renders a card, which must come out as itself and under the limit. */
function fits<N extends CardName>(name: N, data: CardData[N]): Record<string, unknown> {
  const oversized = jest.fn();
  onOversizedCard(oversized);
  const card = renderCard(name, data);
  expect(oversized).not.toHaveBeenCalled();
  expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  return card;
}

describe('every card stays under the size Teams takes', () => {
  it('the inbox of a reviewer with 200 reviews, every name at its longest, lists them a page at a time', () => {
    const reviews = Array.from({ length: 200 }, (_, i) =>
      review({ instanceId: guid(i), name: heavy(GRAPH_NAME), resourceName: heavy(GRAPH_NAME), remaining: 3 }),
    );
    const card = fits('inbox', inboxView(pendingInbox(reviews, NOW)));
    const text = cardText(card);
    expect(text).toContain('Reviews 1–15 of 200');
    // The rest are a button away.
    expect(actionData(card, 'More reviews ▶')).toEqual({ verb: 'reviews', skip: 15 });
    const last = fits('inbox', inboxView(pendingInbox(reviews, NOW), 195));
    expect(cardText(last)).toContain('Reviews 196–200 of 200');
    expect(actionData(last, '◀ Earlier reviews')).toEqual({ verb: 'reviews', skip: 180 });
  });

  /** A page of the largest size, every text at its longest, in the heaviest row any kind of review draws. */
  const heaviestPage = () => {
    const items = Array.from({ length: MAX_PAGE_SIZE }, (_, i) =>
      item(i + 1, {
        principalName: heavy(CARD_TEXT),
        principalUpn: heavy(CARD_TEXT),
        resourceName: heavy(CARD_TEXT),
        // An app role named per row, access through a group, a group principal with its member count.
        resourceKind: 'application',
        resourceDetail: heavy(CARD_TEXT),
        access: 'indirect',
        justification: heavy(CARD_JUSTIFICATION),
        reviewedByName: heavy(CARD_TEXT),
        decision: 'Approve',
        recommendation: 'Deny',
        principalKind: 'Group',
        memberCount: 100_000_000,
        // The longest assignment line (ASSIGNMENT_DETAILS_ENABLED): an owner's activation, ending past tomorrow.
        assignment: {
          kind: 'active',
          permanent: false,
          endDateTime: '9999-12-31T23:59:59.9999999Z',
          activated: true,
          access: 'owner',
        },
      }),
    );
    return {
      review: review({
        name: heavy(CARD_TEXT),
        resourceName: heavy(CARD_TEXT),
        resourceDetail: heavy(CARD_TEXT),
        kind: 'accessPackage' as const,
        justificationRequired: true,
      }),
      filter: 'recommendedDeny' as const,
      skip: 990_000,
      top: MAX_PAGE_SIZE,
      count: 1_000_000,
      more: true,
      items,
    };
  };

  // The two ways a page comes back with the most on it: a submit refused or failed for everyone on it, the longest
  // justification kept; and the end of "approve everyone" with its list of who was not recorded. (A refused submit
  // sends nothing, so it has no such list; approve-all takes its justification from the question card.)
  it('a review page after a submit that failed for everyone on it, the longest justification kept', () => {
    const page = heaviestPage();
    const card = fits(
      'review',
      reviewView(page, NOW, {
        choices: page.items.map(() => 'DontKnow'),
        failures: new Map(page.items.map((_, i) => [i, heavy(2000)])),
        justification: heavy(MAX_JUSTIFICATION_INPUT),
        outcome: '0 recorded, 10 not recorded.',
        outcomeDetail: 'Your choices for those people are kept below with the reason.',
        outcomeStyle: 'attention',
      }),
    );
    expect(cardText(card).match(/Not recorded: /g)).toHaveLength(MAX_PAGE_SIZE);
  });

  it('a review page after approving everyone, with the longest list of who was not recorded', () => {
    const page = heaviestPage();
    fits(
      'review',
      reviewView(page, NOW, {
        outcome: 'Approved 4,000 people; 1,000 not recorded.',
        outcomeDetail: notRecordedLines(
          Array.from({ length: 1000 }, () => ({ name: heavy(GRAPH_NAME), why: heavy(2000) })),
        ),
        outcomeStyle: 'attention',
      }),
    );
  });

  it('the question before approving everyone, with the longest justification a card sends', () => {
    fits(
      'confirmApproveRest',
      confirmApproveRestView(
        {
          review: review({ name: heavy(CARD_TEXT), justificationRequired: true }),
          filter: 'all',
          skip: 0,
          top: 10,
          count: 0,
          items: [],
        },
        1_000_000,
        heavy(MAX_JUSTIFICATION_INPUT),
        'This review requires a justification to approve.',
      ),
    );
  });

  it("the one-line command's problems, for the longest text a client can send", () => {
    for (const words of ['x', heavy(40).replace(/\s/g, '_'), 'days=1 days=2']) {
      const text = `"${heavy(GRAPH_NAME)}" ${words} `.repeat(MAX_TEXT).slice(0, MAX_TEXT - 'new review '.length);
      const parsed = parseQuickReviewCommand(text, TODAY);
      if (parsed.ok) throw new Error('parsed');
      const card = fits('message', messageView('Nothing was created', commandProblemsText(parsed.problems)));
      expect(cardText(card)).toMatch(/…and [\d,]+ more problems\./);
    }
  });

  it('the progress of approving everyone, and the help', () => {
    const progress = { done: 1_000_000, recorded: 999_999, failed: 1, total: 1_000_000 };
    fits('message', approvingView(review({ name: heavy(CARD_TEXT) }), progress));
    fits('help', helpView('Attest help'));
  });

  it('the new review form with every field at the most a card sends, every group listed and many problems', () => {
    const inputs = newReviewInputs.parse({
      known: Array.from({ length: MAX_KNOWN_GROUPS }, (_, i) => ({ id: guid(i), name: heavy(GRAPH_NAME) })),
      group: guid(1),
      groupSearch: heavy(256),
      reviewers: 'people',
      people: heavy(2000),
      fallback: heavy(2000),
      days: '9'.repeat(20),
      every: 'quarterly',
      endKind: 'onDate',
      endDate: heavy(40),
      times: '9'.repeat(20),
      startDate: heavy(40),
      name: heavy(2000),
      descriptionForReviewers: heavy(2000),
      descriptionForAdmins: heavy(4000),
    });
    const form: QuickReviewForm = {
      ...defaultForm(TODAY),
      group: { kind: 'group', id: inputs.group, name: heavy(GRAPH_NAME) },
      reviewers: 'people',
      people: [inputs.people],
      fallback: [inputs.fallback],
      end: { kind: 'onDate', date: inputs.endDate },
      startDate: inputs.startDate,
      name: inputs.name,
      descriptionForReviewers: inputs.descriptionForReviewers,
      descriptionForAdmins: inputs.descriptionForAdmins,
    };
    // The longest problem the flows write: several people match, five of them named with their UPNs.
    const several = `Several people match “${heavy(60)}”: ${Array(5)
      .fill(`${heavy(48)} (${heavy(64)})`)
      .join('; ')}.`;
    const card = fits(
      'newReview',
      newReviewView({
        form,
        known: inputs.known,
        moreOwned: true,
        problems: Array(2 * MAX_PEOPLE).fill(several),
        searchNote: `No group starts with “${heavy(60)}”.`,
        formId: guid(0),
      }),
    );
    expect(cardText(card)).toContain('…and 15 more problems.');
  });

  it('the created review, with every person named', () => {
    fits(
      'reviewCreated',
      reviewCreatedView({
        definitionId: guid(1),
        name: heavy(GRAPH_NAME),
        form: { ...defaultForm(TODAY), every: 'weekly', end: { kind: 'after', times: 520 }, reviewers: 'people' },
        resourceName: heavy(GRAPH_NAME),
        peopleNames: Array(MAX_PEOPLE).fill(heavy(GRAPH_NAME)),
        fallbackNames: Array(MAX_PEOPLE).fill(heavy(GRAPH_NAME)),
        firstStart: '2026-11-22T10:00:00Z',
        started: true,
      }),
    );
  });

  it('the reviews I created, a full page of reviews of many groups, and the delete question', () => {
    const instance = (i: number) => ({
      instanceId: guid(i),
      status: heavy(40),
      startDateTime: '2026-11-22T10:00:00Z',
      endDateTime: '2026-12-06T10:00:00Z',
      subject: { kind: 'group' as const, groupId: guid(2) },
      resourceName: heavy(GRAPH_NAME),
      unreadable: heavy(2000),
      contacted: { names: Array(10).fill(heavy(GRAPH_NAME)), count: 1_000_000, more: true },
    });
    const owned: OwnedReview = {
      definitionId: guid(1),
      name: heavy(GRAPH_NAME),
      status: 'InProgress',
      createdDateTime: '2026-11-22T10:00:00Z',
      autoApply: false,
      every: 'other',
      subject: { kind: 'group', groupId: guid(2) },
      guestsOnly: true,
      moreInstances: 1_000_000,
      unreadable: heavy(2000),
      instances: Array.from({ length: INSTANCES_SHOWN }, (_, i) => instance(i)),
    };
    fits(
      'myReviews',
      myReviewsView(
        {
          reviews: Array(OWNER_PAGE_SIZE).fill(owned),
          skip: 100_000,
          pageSize: OWNER_PAGE_SIZE,
          more: true,
          cutShort: true,
        },
        { text: `Stopped “${heavy(100)}”: it is completed now.`, style: 'good' },
      ),
    );
    fits('confirmDeleteReview', confirmDeleteReviewView({ definitionId: guid(1), name: heavy(GRAPH_NAME), skip: 5 }));
  });

  it('the reminder digest of a reviewer with 200 reviews due, and a reminder of one', () => {
    const due = (i: number): DueReview => ({
      instanceId: guid(i),
      definitionId: guid(i),
      name: heavy(GRAPH_NAME),
      resourceName: heavy(GRAPH_NAME),
      kind: 'lastDay',
      firstNotice: false,
      endDateTime: '2026-11-22T17:00:00Z',
      endsLocal: { date: '2026-11-22', time: '17:00', timeZone: 'UTC' },
      msLeft: 3_600_000,
      total: 1_000_000,
      remaining: 1_000_000,
      recommendedDeny: 1_000_000,
      keys: [],
    });
    const reviews = Array.from({ length: 200 }, (_, i) => due(i));
    fits(
      'reminder',
      reminderView({ type: 'digest', localDate: TODAY, reviews, keys: [] }, NOW, () => true),
    );
    fits(
      'reminder',
      reminderView({ type: 'review', kind: 'lastDay', review: due(1), keys: [] }, NOW, () => true),
    );
  });

  it('the reminder settings with every review muted and snoozed that can be, and every input at its longest', () => {
    const settings = defaultReminderSettings();
    settings.muted = Array.from({ length: MAX_MUTED }, (_, i) => guid(i));
    settings.snoozed = Array.from({ length: MAX_SNOOZED }, (_, i) => ({
      instanceId: guid(1000 + i),
      until: '2026-11-23T08:00:00Z',
    }));
    const labels = Object.fromEntries(
      [...settings.muted, ...settings.snoozed.map((s) => s.instanceId)].map((id) => [id, heavy(GRAPH_NAME)]),
    );
    const inputs = settingsInputs.parse({
      etag: heavy(200),
      enabled: heavy(10),
      leadTimes: heavy(200),
      lastDay: heavy(10),
      mode: heavy(20),
      digestTime: heavy(20),
      quietOn: heavy(10),
      quietStart: heavy(20),
      quietEnd: heavy(20),
      weekendDays: heavy(40),
    });
    const { etag, ...form } = inputs;
    const note = { text: `Not saved: ${heavy(1000)}`, color: 'Attention' as const };
    const card = fits('settings', settingsView({ ...formOf(settings), ...form }, settings, labels, etag, note));
    expect(cardText(card)).toContain('…and 80 more muted or snoozed reviews');
  });
});

describe('reaching reviewers: every card at its longest', () => {
  const person = (i: number) => ({ id: guid(i), displayName: heavy(GRAPH_NAME), userPrincipalName: heavy(GRAPH_NAME) });
  const scanned = (i: number): ScannedReview => ({
    definitionId: guid(i),
    instanceId: guid(i),
    name: heavy(GRAPH_NAME),
    createdBy: person(0),
    startDateTime: '2026-11-20T00:00:00Z',
    endDateTime: '2026-11-30T00:00:00Z',
    reviewerKind: 'listed',
    reviewers: Array.from({ length: 5000 }, (_, n) => person(n)),
    total: 1_000_000,
    remaining: 1_000_000,
    recommendedDeny: 1_000_000,
    justificationRequired: true,
  });

  it('a first contact with every review that can wait for one chat', () => {
    const contacts = Array.from({ length: MAX_PENDING }, (_, i) =>
      pendingOf({ reviewer: person(1), review: scanned(i), remaining: 1_000_000 }),
    );
    const card = fits('firstContact', firstContactView(contacts, NOW));
    expect(cardText(card)).toContain(`and ${MAX_PENDING - 10} more`);
  });

  it('an escalation naming 5,000 reviewers who have not started', () => {
    const review = scanned(1);
    const card = fits('escalation', escalationView(review, review.reviewers, true, NOW));
    expect(cardText(card)).toContain('and 4,975 more');
  });

  it('the admin view of the most reviews a report keeps, each with the most names, a page at a time', () => {
    const lines: ReachLine[] = Array.from({ length: MAX_REPORT_REVIEWS + 50 }, (_, i) => ({
      definitionId: guid(i),
      instanceId: guid(i),
      name: heavy(GRAPH_NAME),
      endDateTime: '2026-11-30T00:00:00Z',
      reviewers: 5000,
      reached: 4000,
      signedIn: 3000,
      finished: 100,
      unreachable: Array.from({ length: 900 }, (_, n) => ({ person: person(n), why: 'installRefused' as const })),
    }));
    const report = reachReport(lines, NOW);
    const pages = Math.ceil(report.reviews.length / REACH_PAGE);
    for (let p = 0; p < pages; p++) fits('reach', reachView(report, p * REACH_PAGE));
    const last = fits('reach', reachView(report, (pages - 1) * REACH_PAGE));
    expect(cardText(last)).toContain('50 more reviews in progress are not listed');
  });
});
