import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_REVIEWS as R } from '../../localtenant/seed/contosoReviews';
import { useLocalTenant } from '../support/localTenant';
import {
  ADMIN,
  ALEX,
  advanceDays,
  clientFor,
  decisionsOf,
  DEFS,
  MEGAN,
  MINE,
  reviewBody,
} from './accessReviewsSupport';

interface InstanceJson {
  id: string;
  status: string;
  startDateTime: string;
  endDateTime: string;
  scope: { query: string };
}

const DAY = 86_400_000;

describe('access reviews over time', () => {
  describe('status follows the tenant clock', () => {
    const lt = useLocalTenant();
    const as = clientFor(lt);

    it('is NotStarted before the start, InProgress between, Completed after the end; decisions only in progress', async () => {
      const startDate = new Date(lt().tenant.clock.nowMs() + 2 * DAY).toISOString();
      const body = reviewBody(
        CONTOSO.financeApprovers,
        { reviewers: [{ query: `/users/${CONTOSO.megan}` }] },
        {
          instanceDurationInDays: 5,
          recurrence: { pattern: null, range: { type: 'numbered', startDate } },
        },
      );
      const def = await (await as(ADMIN)).api(DEFS).post(body);
      const instance = async (): Promise<InstanceJson> =>
        (await as(ADMIN)).api(`${DEFS}/${def.id}/instances/${def.id}`).get();
      expect((await instance()).status).toBe('NotStarted');
      const batch = `${DEFS}/${def.id}/instances/${def.id}/batchRecordDecisions`;
      await expect((await as(MEGAN)).api(batch).post({ decision: 'Deny' })).rejects.toMatchObject({ statusCode: 409 });

      await advanceDays(lt(), 3);
      expect((await instance()).status).toBe('InProgress');
      await (await as(MEGAN)).api(batch).post({ decision: 'Deny' });

      await advanceDays(lt(), 5);
      const done = await instance();
      expect(done.status).toBe('Completed');
      await expect((await as(MEGAN)).api(batch).post({ decision: 'Approve' })).rejects.toMatchObject({
        statusCode: 409,
      });
      const pending = await (await as(MEGAN, 'beta')).api('/me/pendingAccessReviewInstances').get();
      expect(pending.value.map((i: InstanceJson) => i.id)).not.toContain(def.id);
    });
  });

  describe('recurrence', () => {
    const lt = useLocalTenant();
    const as = clientFor(lt);

    it('a weekly review gets a new instance each week as the clock passes its start', async () => {
      const startDate = new Date(lt().tenant.clock.nowMs()).toISOString();
      const def = await (await as(ADMIN)).api(DEFS).post(
        reviewBody(
          CONTOSO.financeApprovers,
          { reviewers: [{ query: `/users/${CONTOSO.alex}` }] },
          {
            instanceDurationInDays: 2,
            recurrence: { pattern: { type: 'weekly', interval: 1 }, range: { type: 'noEnd', startDate } },
          },
        ),
      );
      const instances = async (): Promise<InstanceJson[]> =>
        (await (await as(ADMIN)).api(`${DEFS}/${def.id}/instances`).get()).value;
      expect(await instances()).toHaveLength(1);
      await advanceDays(lt(), 7.5);
      const two = await instances();
      expect(two.map((i) => i.status)).toEqual(['Completed', 'InProgress']);
      expect(Date.parse(two[1].startDateTime) - Date.parse(two[0].startDateTime)).toBe(7 * DAY);
      await advanceDays(lt(), 14);
      expect(await instances()).toHaveLength(4);
      const mine = await (await as(ALEX)).api(`${DEFS}/${def.id}/instances/${MINE}`).get();
      expect(mine.value).toHaveLength(4);
    });

    it("the quarterly guest review (tutorial 2) starts the next quarter's instances for each group", async () => {
      const admin = await as(ADMIN);
      const before: InstanceJson[] = (await admin.api(`${DEFS}/${R.guestsQuarterly}/instances`).get()).value;
      expect(before).toHaveLength(2);
      // One quarter after the first instance started (the weekly test above may have moved the clock already).
      const quarterLater = Date.parse(before[0].startDateTime) + 93 * DAY;
      await advanceDays(lt(), (quarterLater - lt().tenant.clock.nowMs()) / DAY);
      const after: InstanceJson[] = (await (await as(ADMIN)).api(`${DEFS}/${R.guestsQuarterly}/instances`).get()).value;
      expect(after).toHaveLength(4);
      const feelgood = after.filter((i) => i.scope.query.includes(CONTOSO.feelgoodMarketing));
      expect(feelgood.map((i) => i.status)).toEqual(['Applied', 'InProgress']);
    });
  });

  describe('stopping and applying', () => {
    const lt = useLocalTenant();
    const as = clientFor(lt);
    const feelgood = `${DEFS}/${R.guestsQuarterly}/instances/${R.feelgoodGuestsInstance}`;

    it('stop with auto-apply removes the denied guest from the group and applies the default to the rest', async () => {
      await (await as(ALEX)).api(`${feelgood}/batchRecordDecisions`).post({
        decision: 'Deny',
        justification: 'The campaign is over',
        principalId: CONTOSO.johnDoeGuest,
      });
      expect(lt().tenant.directory.groups.get(CONTOSO.feelgoodMarketing)?.members.has(CONTOSO.johnDoeGuest)).toBe(true);
      await (await as(ADMIN)).api(`${feelgood}/stop`).post({});
      const inst = await (await as(ADMIN)).api(feelgood).get();
      expect(inst.status).toBe('Applied');
      expect(lt().tenant.directory.groups.get(CONTOSO.feelgoodMarketing)?.members.has(CONTOSO.johnDoeGuest)).toBe(
        false,
      );
      const decisions = (await (await as(ADMIN, 'beta')).api(`${feelgood}/decisions`).get()).value;
      const john = decisions.find((d: { target: { userId: string } }) => d.target.userId === CONTOSO.johnDoeGuest);
      expect(john).toMatchObject({ decision: 'Deny', applyResult: 'AppliedSuccessfully' });
      expect(john.appliedDateTime).toEqual(expect.any(String));
      const other = decisions.find((d: { target: { userId: string } }) => d.target.userId !== CONTOSO.johnDoeGuest);
      expect(other).toMatchObject({
        decision: 'Approve',
        reviewedBy: { id: '00000000-0000-0000-0000-000000000000', displayName: 'AAD Access Reviews' },
      });
      await expect((await as(ADMIN)).api(`${feelgood}/stop`).post({})).rejects.toMatchObject({ statusCode: 409 });
    });

    it('applyDecisions: 400 with auto-apply, 409 until Completed, then applies once', async () => {
      const admin = await as(ADMIN);
      await expect(admin.api(`${feelgood}/applyDecisions`).post({})).rejects.toMatchObject({ statusCode: 400 });
      const sales = `${DEFS}/${R.salesAndMarketing}/instances/${R.salesAndMarketing}`;
      await expect(admin.api(`${sales}/applyDecisions`).post({})).rejects.toMatchObject({ statusCode: 409 });
      const [first] = (await (await as(ALEX)).api(`${decisionsOf(R.salesAndMarketing)}/${MINE}`).get()).value;
      await (
        await as(ALEX)
      )
        .api(`${sales}/batchRecordDecisions`)
        .post({ decision: 'Deny', principalId: first.principal.id });
      await admin.api(`${sales}/stop`).post({});
      expect((await admin.api(sales).get()).status).toBe('Completed');
      const group = lt().tenant.directory.groups.get(CONTOSO.salesAndMarketing);
      expect(group?.members.has(first.principal.id)).toBe(true);
      await admin.api(`${sales}/applyDecisions`).post({});
      expect(group?.members.has(first.principal.id)).toBe(false);
      expect(group?.members.size).toBe(64);
      expect((await admin.api(sales).get()).status).toBe('Applied');
      await expect(admin.api(`${sales}/applyDecisions`).post({})).rejects.toMatchObject({ statusCode: 409 });
    });

    it('only managers stop a review, and only admins send reminders', async () => {
      const finance = `${DEFS}/${R.financeApprovers}/instances/${R.financeApprovers}`;
      await expect((await as(ALEX)).api(`${finance}/stop`).post({})).rejects.toMatchObject({ statusCode: 403 });
      await expect((await as(ALEX)).api(`${finance}/sendReminder`).post({})).rejects.toMatchObject({ statusCode: 403 });
      await (await as(ADMIN)).api(`${finance}/sendReminder`).post({});
      const contacted = await (await as(ADMIN)).api(`${finance}/contactedReviewers`).get();
      expect(contacted.value.map((r: { id: string }) => r.id)).toEqual([CONTOSO.alex]);
    });

    it('a review closing soon (Retail Partners) applies the recommendations by default when it ends', async () => {
      const retail = `${DEFS}/${R.retailPartners}/instances/${R.retailPartners}`;
      expect((await (await as(ADMIN)).api(retail).get()).status).toBe('InProgress');
      await advanceDays(lt(), 2);
      expect((await (await as(ADMIN)).api(retail).get()).status).toBe('Applied');
      const group = lt().tenant.directory.groups.get(CONTOSO.retailPartners);
      const decisions = (await (await as(ADMIN)).api(`${retail}/decisions`).get()).value;
      const denied = decisions.filter((d: { decision: string }) => d.decision === 'Deny');
      expect(denied.length).toBeGreaterThan(0);
      for (const d of denied) expect(group?.members.has(d.principal.id)).toBe(false);
    });
  });

  describe('multi-stage (Project Falcon)', () => {
    const lt = useLocalTenant();
    const as = clientFor(lt);
    const falcon = `${DEFS}/${R.projectFalcon}/instances/${R.projectFalcon}`;

    it('moves approved and unreviewed principals to stage 2 and its reviewers when stage 1 ends', async () => {
      const stages = (await (await as(ALEX)).api(`${falcon}/stages`).get()).value;
      expect(stages.map((s: { status: string }) => s.status)).toEqual(['InProgress', 'NotStarted']);
      const stage1 = (await (await as(ALEX)).api(`${falcon}/stages/${stages[0].id}/decisions/${MINE}`).get()).value;
      expect(stage1).toHaveLength(5);
      await expect(
        (await as(MEGAN)).api(`${falcon}/stages/${stages[1].id}/decisions/${MINE}`).get(),
      ).rejects.toMatchObject({
        statusCode: 403,
      });
      await (await as(ALEX)).api(`${falcon}/stages/${stages[0].id}/decisions/${stage1[0].id}`).patch({
        decision: 'Deny',
        justification: 'Moved to another project',
      });
      await advanceDays(lt(), 2.5);
      const now = (await (await as(ALEX)).api(`${falcon}/stages`).get()).value;
      expect(now.map((s: { status: string }) => s.status)).toEqual(['Completed', 'InProgress']);
      const stage2 = (await (await as(MEGAN)).api(`${falcon}/decisions/${MINE}`).get()).value;
      expect(stage2).toHaveLength(4);
      expect(stage2.map((d: { principal: { id: string } }) => d.principal.id)).not.toContain(stage1[0].principal.id);
      const admin2 = (await (await as(ADMIN)).api(`${falcon}/stages/${now[1].id}/decisions/${MINE}`).get()).value;
      expect(admin2).toHaveLength(4);
      // Stage 1 is closed for decisions now.
      await expect(
        (await as(ALEX)).api(`${falcon}/stages/${stages[0].id}/decisions/${stage1[1].id}`).patch({ decision: 'Deny' }),
      ).rejects.toMatchObject({ statusCode: 409 });
    });
  });
});
