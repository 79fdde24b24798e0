import { renderCard } from '../../src/views/renderCard';
import { MAX_PAGE_SIZE } from '../../src/config';
import { confirmApproveRestView, inboxView, messageView, plain, reviewView } from '../../src/views/cardViews';
import { inputKept } from '../../src/bot/reviewFlows';
import { pendingInbox } from '../../src/reviews/inbox';
import { item, review } from './fixtures';

const NOW = new Date('2026-11-22T12:00:00Z');

/** Every TextBlock text on a card, in order: what a reviewer reads. */
function texts(card: object): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') found.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

function expectClean(card: object) {
  const text = JSON.stringify(card);
  expect(text).not.toContain('${');
  expect((card as { version?: string }).version).toBe('1.5');
}

describe('cards', () => {
  it('renders the inbox with every review and its Review action carrying the review', () => {
    const card = renderCard(
      'inbox',
      inboxView(
        pendingInbox([review(), review({ instanceId: '33333333-3333-4333-8333-333333333333', remaining: 0 })], NOW),
      ),
    );
    expectClean(card);
    const text = JSON.stringify(card);
    expect(text).toContain('3 of 3 left to review');
    expect(text).toContain('1 recommended to deny');
    expect(text).toContain('"verb":"openReview"');
  });

  it('renders the empty inbox as a friendly empty state', () => {
    const card = renderCard('inbox', inboxView([]));
    expectClean(card);
    expect(JSON.stringify(card)).toContain("You're all caught up");
  });

  it('renders a page of people with a choice each, the justification box, and paging', () => {
    const items = Array.from({ length: 10 }, (_, i) => item(i + 1, { recommendation: i % 3 ? 'Approve' : 'Deny' }));
    const card = renderCard(
      'review',
      reviewView(
        { review: review({ justificationRequired: true }), filter: 'all', skip: 10, top: 10, count: 65, items },
        NOW,
      ),
    );
    expectClean(card);
    const text = JSON.stringify(card);
    expect(text).toContain('Showing 11–20 of 65');
    expect(text).toContain('required to approve');
    expect(text.match(/"type":"Input.ChoiceSet"/g)).toHaveLength(10);
    expect(text).toContain('Previous');
    expect(text).toContain('Next');
  });

  it('keeps a page of the largest size under 40 KB, every text at its clip length and every person failed', () => {
    const long = 'x'.repeat(200);
    const items = Array.from({ length: MAX_PAGE_SIZE }, (_, i) =>
      item(i + 1, {
        principalName: `${long} ${i}`,
        principalUpn: `${long}@contoso.com`,
        // Not the review's resource: each person's is shown.
        resourceName: `${long} other`,
        justification: long,
        reviewedByName: long,
        decision: 'Approve',
        recommendation: 'Deny',
      }),
    );
    const failures = new Map(items.map((_, i) => [i, long]));
    const card = renderCard(
      'review',
      reviewView(
        {
          review: review({ name: long, resourceName: long }),
          filter: 'all',
          skip: 0,
          top: MAX_PAGE_SIZE,
          count: 5000,
          items,
        },
        NOW,
        { failures, choices: items.map(() => 'Deny') },
      ),
    );
    expect(texts(card).filter((t) => t.startsWith('Not recorded: '))).toHaveLength(MAX_PAGE_SIZE);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(40 * 1024);
  });

  it('shows a read-only review without inputs and says why', () => {
    const card = renderCard(
      'review',
      reviewView(
        { review: review({ status: 'Completed' }), filter: 'all', skip: 0, top: 10, count: 1, items: [item(1)] },
        NOW,
      ),
    );
    expectClean(card);
    const text = JSON.stringify(card);
    expect(text).toContain('This review has ended');
    expect(text).not.toContain('Input.ChoiceSet');
  });

  it('renders the confirmation, message and help cards', () => {
    expectClean(
      renderCard(
        'confirmApproveRest',
        confirmApproveRestView({ review: review(), filter: 'all', skip: 0, top: 10, count: 3, items: [] }, 3, ''),
      ),
    );
    expectClean(
      renderCard('message', messageView('That did not work', 'Graph is busy', { retry: { verb: 'reviews' } })),
    );
    expectClean(renderCard('help', { title: 'Attest help' }));
  });
});

describe("due dates in the reader's own time", () => {
  const DATE = '{{DATE(2026-12-01T17:00:00Z, SHORT)}}';
  const TIME = '{{TIME(2026-12-01T17:00:00Z)}}';

  it("gives the inbox the due date for Teams to show in each reader's locale and time zone", () => {
    const card = renderCard('inbox', inboxView(pendingInbox([review()], NOW)));
    expectClean(card);
    expect(texts(card)).toContain(`Due ${DATE} at ${TIME} · 9 days left`);
  });

  it('writes the instant in the exact form Teams formats, whatever form Graph sent', () => {
    for (const endDateTime of ['2026-12-01T17:00:00Z', '2026-12-01T17:00:00.0000000Z', '2026-12-01T18:00:00+01:00']) {
      const card = renderCard(
        'review',
        reviewView(
          { review: review({ endDateTime }), filter: 'all', skip: 0, top: 10, count: 1, items: [item(1)] },
          NOW,
        ),
      );
      expectClean(card);
      expect(texts(card)).toContain(`Due ${DATE} at ${TIME} · 9 days left`);
    }
  });

  it('writes out a due date past the year 9999, which Teams cannot format', () => {
    const endDateTime = '+010000-01-01T00:00:00Z';
    const card = renderCard('inbox', inboxView(pendingInbox([review({ endDateTime })], NOW)));
    expect(JSON.stringify(card)).not.toContain('{{');
    expect(texts(card).join('\n')).toMatch(/Due .*10000, 00:00 UTC/);
  });

  it('keeps the due date in UTC in the fallback text, which Teams does not format', () => {
    const card = renderCard(
      'review',
      reviewView({ review: review(), filter: 'all', skip: 0, top: 10, count: 1, items: [item(1)] }, NOW),
    );
    expect(card.fallbackText).toMatch(/due Tue,? 1 Dec 2026, 17:00 UTC/);
    expect(card.fallbackText).not.toContain('{{');
  });

  it('says so when a review has no due date', () => {
    const card = renderCard('inbox', inboxView(pendingInbox([review({ endDateTime: '' })], NOW)));
    expect(texts(card)).toContain('No due date');
    const page = renderCard(
      'review',
      reviewView({ review: review({ endDateTime: '' }), filter: 'all', skip: 0, top: 10, count: 1, items: [] }, NOW),
    );
    expect(texts(page)).toContain('No due date');
    expect(page.fallbackText).toBe('Quarterly review of Finance Approvers: 1 person. Open this in Teams to review.');
  });
});

describe('counts read right', () => {
  it('says "1 person" and "1 review" in the inbox, and "people" and thousands for more', () => {
    const one = texts(renderCard('inbox', inboxView(pendingInbox([review({ total: 1, remaining: 1 })], NOW))));
    expect(one).toContain('1 person to review in 1 review.');
    expect(one).toContain('1 of 1 left to review');
    const many = texts(
      renderCard(
        'inbox',
        inboxView(
          pendingInbox(
            [
              review({ total: 5000, remaining: 4321, recommendedDeny: 1200 }),
              review({ instanceId: '33333333-3333-4333-8333-333333333333', total: 2, remaining: 2 }),
            ],
            NOW,
          ),
        ),
      ),
    );
    expect(many).toContain('4,323 people to review in 2 reviews.');
    expect(many).toContain('4,321 of 5,000 left to review');
    expect(many).toContain('1,200 recommended to deny');
  });

  it('says "1 open review" when everything is done', () => {
    const done = texts(renderCard('inbox', inboxView(pendingInbox([review({ total: 1, remaining: 0 })], NOW))));
    expect(done[1]).toMatch(/^All done: you have reviewed everyone in 1 open review\. /);
    expect(done).toContain('Reviewed');
  });

  it('says "1 day ago" for a sign-in yesterday and "3 days ago" for older', () => {
    const card = renderCard(
      'review',
      reviewView(
        {
          review: review(),
          filter: 'all',
          skip: 0,
          top: 10,
          count: 3,
          items: [
            item(1, { lastSignIn: '2026-11-21T11:00:00Z' }),
            item(2, { lastSignIn: '2026-11-19T11:00:00Z', recommendation: 'Deny' }),
            item(3, { lastSignIn: null, recommendation: 'NoInfoAvailable' }),
          ],
        },
        NOW,
      ),
    );
    expect(texts(card)).toEqual(
      expect.arrayContaining([
        'Recommended: approve (last sign-in 1 day ago)',
        'Recommended: deny (last sign-in 3 days ago)',
        'No recommendation (never signed in)',
      ]),
    );
  });

  it('separates thousands on a review page and in its fallback text', () => {
    const card = renderCard(
      'review',
      reviewView(
        { review: review(), filter: 'all', skip: 1000, top: 10, count: 5000, more: true, items: [item(1)] },
        NOW,
      ),
    );
    expect(texts(card)).toContain('Showing 1,001–1,001 of 5,000+ · Everyone');
    expect(card.fallbackText).toMatch(/^Quarterly review of Finance Approvers: 5,000\+ people, due /);
    const one = renderCard(
      'review',
      reviewView({ review: review(), filter: 'all', skip: 0, top: 10, count: 1, items: [item(1)] }, NOW),
    );
    expect(one.fallbackText).toMatch(/: 1 person, due /);
  });

  it('asks to approve "the 1 person" or "all 1,234 people"', () => {
    const page = { review: review(), filter: 'all' as const, skip: 0, top: 10, count: 1, items: [] };
    expect(texts(renderCard('confirmApproveRest', confirmApproveRestView(page, 1, '')))[0]).toBe(
      'Approve the 1 person not reviewed yet?',
    );
    const many = renderCard('confirmApproveRest', confirmApproveRestView(page, 1234, ''));
    expect(texts(many)[0]).toBe('Approve all 1,234 people not reviewed yet?');
    expect(JSON.stringify(many)).toContain('"title":"Yes, approve 1,234"');
  });
});

describe('an urgent review', () => {
  /** The colour of the review card's due line. */
  function dueColor(over: Parameters<typeof review>[0]) {
    const card = renderCard(
      'review',
      reviewView({ review: review(over), filter: 'all', skip: 0, top: 10, count: 1, items: [item(1)] }, NOW),
    );
    const due = (card.body as { text?: string; color?: string }[]).find((b) => b.text?.startsWith('Due '));
    return due?.color;
  }

  it('shows its due line in red on the review card, by the same rule as the inbox', () => {
    const soon = '2026-11-23T17:00:00Z';
    expect(dueColor({ endDateTime: soon })).toBe('Attention');
    expect(pendingInbox([review({ endDateTime: soon })], NOW)[0].urgent).toBe(true);
    expect(dueColor({ endDateTime: '2026-12-01T17:00:00Z' })).toBe('Default');
    // Nothing left for this reviewer: nothing to hurry for.
    expect(dueColor({ endDateTime: soon, remaining: 0 })).toBe('Default');
    expect(pendingInbox([review({ endDateTime: soon, remaining: 0 })], NOW)[0].urgent).toBe(false);
  });
});

describe('each template takes its own view', () => {
  it('makes a view given to the wrong template a type error (tsc checks the expectations below)', () => {
    // @ts-expect-error the inbox's data is not a review page's
    const wrong = renderCard('review', inboxView([]));
    // What the type error prevents: expressions the data cannot fill stay in the card.
    expect(JSON.stringify(wrong)).toContain('${');
    const page = { review: review(), filter: 'all' as const, skip: 0, top: 10, count: 1, items: [] };
    // @ts-expect-error a confirmation's data is not a message's
    const alsoWrong = renderCard('message', confirmApproveRestView(page, 1, ''));
    expect(JSON.stringify(alsoWrong)).toContain('${');
  });
});

describe('what other people typed is shown as text', () => {
  it('escapes markdown in names and justifications, so a name cannot become a link', () => {
    const sneaky = item(1, {
      principalName: '[Approve](https://evil.example)',
      justification: '**trust me**',
      decision: 'Approve',
      reviewedByName: 'Mallory_',
    });
    const card = renderCard(
      'review',
      reviewView({ review: review(), filter: 'all', skip: 0, top: 10, count: 1, items: [sneaky] }, NOW),
    );
    const text = JSON.stringify(card);
    expect(text).toContain('\\\\[Approve\\\\](https://evil.example)');
    expect(text).toContain('\\\\*\\\\*trust me\\\\*\\\\*');
    expect(plain('1. first')).toBe('1\\. first');
  });

  it('escapes the per-person access line', () => {
    const other = item(1, { resourceName: '[Finance](https://evil.example)' });
    const card = renderCard(
      'review',
      reviewView({ review: review(), filter: 'all', skip: 0, top: 10, count: 1, items: [other] }, NOW),
    );
    expect(texts(card)).toContain('Group \\[Finance\\](https://evil.example)');
  });

  it('does not name the resource per person when it is the review’s, even when both were clipped', () => {
    const long = `Finance ${'x'.repeat(100)}`;
    const card = renderCard(
      'review',
      reviewView(
        {
          review: review({ resourceName: long }),
          filter: 'all',
          skip: 0,
          top: 10,
          count: 1,
          items: [item(1, { resourceName: long })],
        },
        NOW,
      ),
    );
    expect(texts(card).filter((t) => t.startsWith('Access:'))).toEqual([]);
  });

  it('shows a justification with a list on a later line as text, not as a list', () => {
    const decided = item(1, {
      decision: 'Deny',
      reviewedByName: 'Bob',
      justification: 'Left\n- Approve everyone\n2. ok',
    });
    const card = renderCard(
      'review',
      reviewView({ review: review(), filter: 'all', skip: 0, top: 10, count: 1, items: [decided] }, NOW),
    );
    expect(texts(card)).toContain('Current: Denied by Bob: “Left\n\\- Approve everyone\n2\\. ok”');
  });

  it('drops bidi overrides and control characters from names, on the card and in its fallback text', () => {
    const spoof = item(1, { principalName: 'Mallory\u202Eexe.fdp\u0007', principalUpn: 'm\u2066@contoso.com' });
    const card = renderCard(
      'review',
      reviewView(
        {
          review: review({ name: 'Review\u202E of Finance' }),
          filter: 'all',
          skip: 0,
          top: 10,
          count: 1,
          items: [spoof],
        },
        NOW,
      ),
    );
    const text = JSON.stringify(card);
    for (const c of ['\u202E', '\u2066', '\u0007']) expect(text).not.toContain(c);
    expect(texts(card)).toContain('Malloryexe.fdp');
    expect(texts(card)).toContain('m@contoso.com · Member');
    expect(card.fallbackText).toMatch(/^Review of Finance: /);
  });

  it('clips a long name without cutting an emoji in half', () => {
    const long = item(1, { principalName: `${'x'.repeat(62)}👍🏽 and more` });
    const card = renderCard(
      'review',
      reviewView({ review: review(), filter: 'all', skip: 0, top: 10, count: 1, items: [long] }, NOW),
    );
    expect(texts(card)).toContain(`${'x'.repeat(62)}…`);
  });

  it('labels the decision input with the name as plain text (labels do not render markdown)', () => {
    const card = renderCard(
      'review',
      reviewView(
        {
          review: review(),
          filter: 'all',
          skip: 0,
          top: 10,
          count: 1,
          items: [item(1, { principalName: 'Ann_Lee\t' })],
        },
        NOW,
      ),
    );
    expect(JSON.stringify(card)).toContain('"label":"Decision for Ann_Lee"');
    expect(texts(card)).toContain('Ann\\_Lee');
  });
});

describe('a failed submission keeps what the reviewer entered', () => {
  it('redraws the page from the action with every choice and the justification still filled in', () => {
    const items = [item(1), item(2), item(3)];
    const action = {
      verb: 'submit' as const,
      review: review(),
      filter: 'all' as const,
      skip: 0,
      count: 3,
      more: false,
      items,
      choices: ['Deny' as const, '' as const, 'Approve' as const],
      justification: 'Left in May',
    };
    const card = inputKept(
      { listMode: 'beta', pageSize: 10, maxRetries: 1, now: () => NOW },
      action,
      'The sign-in service could not be reached.',
    );
    const text = JSON.stringify(card);
    expect(text).toContain('Nothing was recorded.');
    expect(text).toContain('Left in May');
    const values = (
      JSON.stringify(card).match(/"id":"choice_\d","label":"[^"]+","style":"compact","value":"\w+"/g) ?? []
    ).map((m) => m.replace(/.*"value":"/, '').replace('"', ''));
    expect(values).toEqual(['Deny', 'Leave', 'Approve']);
    expect(text).toContain('"title":"Retry"');
  });
});
