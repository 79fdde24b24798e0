import { Client } from '@microsoft/microsoft-graph-client';
import { AssignmentDetailsReader, instanceOf, listsFor } from '../../src/graph/assignmentDetails';
import { parseCardAction } from '../../src/bot/cardActionSchemas';
import { assignmentDetailOf, ScheduleInstance } from '../../src/reviews/assignmentDetails';
import { applyOutcome, submissionPlan } from '../../src/reviews/submissionPlan';
import { assignmentLine } from '../../src/views/kindWording';
import { reviewView } from '../../src/views/cardViews';
import { renderCard } from '../../src/views/renderCard';
import { cardText } from '../support/activities';
import { item, review } from './fixtures';

const NOW = new Date('2026-11-22T12:00:00Z');
const base: ScheduleInstance = {
  kind: 'eligible',
  endDateTime: null,
  activated: false,
  direct: true,
  tenantWide: true,
};
const at = (over: Partial<ScheduleInstance>): ScheduleInstance => ({ ...base, ...over });

describe('what a row says of a role or PIM-for-Groups assignment', () => {
  it('eligible or active, permanent or until when, activated, member or owner', () => {
    expect(assignmentDetailOf([at({})])).toEqual({ kind: 'eligible', permanent: true });
    expect(assignmentDetailOf([at({ endDateTime: '2027-01-31T00:00:00Z' })])).toEqual({
      kind: 'eligible',
      permanent: false,
      endDateTime: '2027-01-31T00:00:00Z',
    });
    expect(assignmentDetailOf([at({ kind: 'active' })])).toEqual({ kind: 'active', permanent: true });
    expect(assignmentDetailOf([at({ access: 'owner' })])?.access).toBe('owner');
    // An activation is what the principal holds now: active before the eligibility it came from.
    expect(
      assignmentDetailOf([
        at({ endDateTime: '2026-12-22T12:00:00Z' }),
        at({ kind: 'active', activated: true, endDateTime: '2026-11-22T14:00:00Z' }),
      ]),
    ).toEqual({ kind: 'active', permanent: false, endDateTime: '2026-11-22T14:00:00Z', activated: true });
  });

  it('permanent before time-bound, the longest of time-bound ones, direct tenant-wide ones first', () => {
    expect(assignmentDetailOf([at({ endDateTime: '2027-01-01T00:00:00Z' }), at({})])?.permanent).toBe(true);
    expect(
      assignmentDetailOf([at({ endDateTime: '2027-01-01T00:00:00Z' }), at({ endDateTime: '2027-03-01T00:00:00Z' })])
        ?.endDateTime,
    ).toBe('2027-03-01T00:00:00Z');
    // A permanent assignment at an administrative unit does not make the tenant-wide one permanent.
    expect(
      assignmentDetailOf([at({ tenantWide: false }), at({ endDateTime: '2027-01-01T00:00:00Z' })])?.permanent,
    ).toBe(false);
    expect(assignmentDetailOf([at({ direct: false }), at({ endDateTime: '2027-01-01T00:00:00Z' })])?.permanent).toBe(
      false,
    );
  });

  it('says nothing where it cannot tell: no instance, or a member who is also an owner', () => {
    expect(assignmentDetailOf([])).toBeUndefined();
    expect(assignmentDetailOf([at({ access: 'member' }), at({ access: 'owner' })])).toBeUndefined();
  });

  it('reads the wire shapes of the four lists, with the documented case of each', () => {
    expect(instanceOf('roleActive', { endDateTime: null, assignmentType: 'Activated', memberType: 'Direct' })).toEqual({
      kind: 'active',
      endDateTime: null,
      activated: true,
      direct: true,
      tenantWide: true,
    });
    expect(
      instanceOf('roleEligible', {
        endDateTime: null,
        memberType: 'Group',
        directoryScopeId: '/administrativeUnits/x',
      }),
    ).toMatchObject({ kind: 'eligible', direct: false, tenantWide: false });
    // The list example writes "Assigned" and "Direct"; the resource page writes them in lower case.
    expect(
      instanceOf('groupActive', {
        endDateTime: null,
        accessId: 'owner',
        assignmentType: 'Assigned',
        memberType: 'Direct',
      }),
    ).toMatchObject({ kind: 'active', access: 'owner', activated: false, direct: true });
    expect(instanceOf('groupEligible', { endDateTime: null, accessId: 'guest' })).toBeUndefined();
    expect(instanceOf('roleEligible', {})).toBeUndefined();
  });

  it('reads the lists a review takes', () => {
    expect(listsFor('directoryRole', 'any')).toEqual(['roleEligible', 'roleActive']);
    expect(listsFor('directoryRole', 'eligible')).toEqual(['roleEligible']);
    expect(listsFor('pimGroup', 'active')).toEqual(['groupActive']);
    expect(listsFor('pimGroup', undefined)).toEqual(['groupEligible', 'groupActive']);
  });

  it('in plain words, with the date or time for the reader', () => {
    const end = { date: '31 Jan 2027', time: '14:00' };
    expect(assignmentLine({ kind: 'eligible', permanent: false, endDateTime: 'x' }, end)).toBe(
      'Eligible, until 31 Jan 2027',
    );
    expect(assignmentLine({ kind: 'eligible', permanent: true }, end)).toBe('Eligible, permanent');
    expect(assignmentLine({ kind: 'active', permanent: true }, end)).toBe('Active, permanent');
    expect(assignmentLine({ kind: 'active', permanent: false, activated: true }, end)).toBe(
      'Active (activated until 14:00)',
    );
    expect(assignmentLine({ kind: 'eligible', permanent: true, access: 'owner' }, end)).toBe(
      'Eligible owner, permanent',
    );
    expect(assignmentLine({ kind: 'active', permanent: false, access: 'member' }, end)).toBe(
      'Active member, until 31 Jan 2027',
    );
    expect(assignmentLine({ kind: 'eligible', permanent: false }, { date: '', time: '' })).toBe('');
  });

  it('on the card, in the reader’s time zone, and carried in the card data through a redraw', () => {
    const roleReview = review({ kind: 'directoryRole', assignment: 'any', resourceName: 'Global Administrator' });
    const role = { resourceKind: 'directoryRole' as const, resourceName: 'Global Administrator' };
    const items = [
      item(1, { ...role, assignment: { kind: 'eligible', permanent: false, endDateTime: '2027-01-31T10:00:00.123Z' } }),
      item(2, {
        ...role,
        assignment: { kind: 'active', permanent: false, activated: true, endDateTime: '2026-11-22T14:00:00Z' },
      }),
      item(3, role),
    ];
    const page = { review: roleReview, filter: 'all' as const, skip: 0, top: 10, count: 3, items };
    const card = renderCard('review', reviewView(page, NOW));
    const text = cardText(card);
    expect(text).toContain('Eligible, until {{DATE(2027-01-31T10:00:00Z, SHORT)}}');
    expect(text).toContain('Active (activated until {{TIME(2026-11-22T14:00:00Z)}})');
    expect(text.match(/Eligible|Active/g)).toHaveLength(2);

    const data = reviewView(page, NOW).submit;
    const parsed = parseCardAction('submit', { ...data, choice_0: 'Approve' });
    if (!parsed.ok) throw new Error(parsed.problem);
    if (parsed.action.verb !== 'submit') throw new Error('not a submit');
    // Carried to the second, which is all the card shows.
    const carried = { kind: 'eligible', permanent: false, endDateTime: '2027-01-31T10:00:00Z' };
    expect(parsed.action.items[0].assignment).toEqual(carried);
    expect(parsed.action.items[2].assignment).toBeUndefined();
    // The read-back carries no schedule: the drawn assignment stays.
    const plan = submissionPlan(parsed.action.review, parsed.action.items, parsed.action.choices, '');
    const heldItem = { ...parsed.action.items[0], decision: 'Approve' as const };
    delete heldItem.assignment;
    const outcome = applyOutcome(
      parsed.action.items,
      plan,
      [{ readBack: { kind: 'held', item: heldItem, reviewedById: 'me' } }],
      'me',
    );
    expect(outcome.items[0].assignment).toEqual(carried);
    expect(outcome.items[0].decision).toBe('Approve');
    expect('assignment' in outcome.items[2]).toBe(false);
  });
});

describe('reading the schedule instances of a page', () => {
  const ROLE = '62e90394-69f5-4237-9190-012177145e10';
  const p = (n: number) => `bbbbbbbb-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  type Req = { id: string; method: string; url: string };
  function fakeClient(answer: (url: string) => { status: number; body?: unknown }) {
    const batches: Req[][] = [];
    const client = {
      api: (path: string) => ({
        post: async (body: { requests: Req[] }) => {
          if (path !== '/$batch') throw new Error(`unexpected ${path}`);
          batches.push(body.requests);
          return { responses: body.requests.map((r) => ({ id: r.id, ...answer(r.url) })) };
        },
      }),
    } as unknown as Client;
    return { client, batches };
  }
  const principalOf = (url: string) => /principalId%20eq%20'([0-9a-f-]+)'/.exec(url)?.[1] ?? '';

  it('one $batch per page, one read per principal and list, filtered to the role and the principal; kept per reviewer', async () => {
    const { client, batches } = fakeClient((url) => ({
      status: 200,
      body: { value: [{ principalId: principalOf(url), endDateTime: null, memberType: 'Direct' }] },
    }));
    const reader = new AssignmentDetailsReader();
    const people = Array.from({ length: 10 }, (_, i) => p(i + 1));
    const got = await reader.read(client, 'reviewer-a', ['roleEligible', 'roleActive'], ROLE, people);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(20);
    expect(decodeURIComponent(batches[0][0].url)).toBe(
      `/roleManagement/directory/roleEligibilityScheduleInstances?$filter=roleDefinitionId eq '${ROLE}' and principalId eq '${p(1)}'&$select=id,principalId,roleDefinitionId,directoryScopeId,endDateTime,memberType`,
    );
    expect(got.get(p(1))).toHaveLength(2);
    await reader.read(client, 'reviewer-a', ['roleEligible', 'roleActive'], ROLE, people);
    expect(batches).toHaveLength(1);
    await reader.read(client, 'reviewer-b', ['roleEligible', 'roleActive'], ROLE, people);
    expect(batches).toHaveLength(2);
  });

  it('a refusal leaves every row as it is, and is not asked again for that reviewer', async () => {
    const { client, batches } = fakeClient(() => ({
      status: 403,
      body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges' } },
    }));
    const reader = new AssignmentDetailsReader();
    expect((await reader.read(client, 'r', ['roleEligible', 'roleActive'], ROLE, [p(1)])).size).toBe(0);
    expect((await reader.read(client, 'r', ['roleEligible', 'roleActive'], ROLE, [p(2)])).size).toBe(0);
    expect(batches).toHaveLength(1);
  });

  it('a principal is judged only on whole answers of every list it needs', async () => {
    const { client } = fakeClient((url) =>
      url.includes('roleAssignment')
        ? { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'later' } } }
        : principalOf(url) === p(2)
          ? { status: 200, body: { value: [], '@odata.nextLink': 'https://graph.microsoft.com/v1.0/next' } }
          : { status: 200, body: { value: [{ principalId: principalOf(url), endDateTime: null }] } },
    );
    const reader = new AssignmentDetailsReader();
    expect((await reader.read(client, 'r', ['roleEligible', 'roleActive'], ROLE, [p(1)])).size).toBe(0);
    const eligibleOnly = await reader.read(client, 'r', ['roleEligible'], ROLE, [p(1), p(2)]);
    expect([...eligibleOnly.keys()]).toEqual([p(1)]);
  });
});
