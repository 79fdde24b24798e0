import { ResponseType } from '@microsoft/microsoft-graph-client';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_REVIEWS as R } from '../../localtenant/seed/contosoReviews';
import { useLocalTenant } from '../support/localTenant';
import { ADMIN, ALEX, ALLAN, clientFor, decisionsOf, DEFS, MEGAN, MINE } from './accessReviewsSupport';

interface DecisionJson {
  id: string;
  decision: string;
  justification: string;
  recommendation: string;
  reviewedBy: { id: string; displayName: string; userPrincipalName: string };
  reviewedDateTime: string | null;
  principal: { id: string };
}

const instanceOf = (id: string) => `${DEFS}/${id}/instances/${id}`;

describe('access reviews: recording decisions', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);
  const mine = async (user: string, reviewId: string): Promise<DecisionJson[]> =>
    (
      await (
        await as(user)
      )
        .api(`${decisionsOf(reviewId)}/${MINE}`)
        .top(500)
        .get()
    ).value;

  it('records a self-review decision with who and when; an unreviewed item shows the all-zero reviewer', async () => {
    const [before] = await mine(ALLAN, R.buildingSelfReview);
    expect(before.reviewedBy.id).toBe('00000000-0000-0000-0000-000000000000');
    expect(before.reviewedDateTime).toBeNull();
    await (
      await as(ALLAN)
    )
      .api(`${decisionsOf(R.buildingSelfReview)}/${before.id}`)
      .patch({ decision: 'Approve', justification: 'I still run the badge system' });
    const [after] = await mine(ALLAN, R.buildingSelfReview);
    expect(after.decision).toBe('Approve');
    expect(after.reviewedBy).toEqual({
      id: CONTOSO.allan,
      displayName: 'Allan Deyoung',
      userPrincipalName: 'AllanD@contoso.com',
    });
    expect(Math.abs(Date.parse(after.reviewedDateTime ?? '') - lt().tenant.clock.nowMs())).toBeLessThan(60_000);
  });

  it('requires a justification to approve when the review asks for one', async () => {
    const alex = await as(ALEX);
    const url = `${instanceOf(R.financeApprovers)}/batchRecordDecisions`;
    await expect(alex.api(url).post({ decision: 'Approve', principalId: CONTOSO.diego })).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(
      alex.api(url).post({ decision: 'Approve', justification: '  ', principalId: CONTOSO.diego }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await alex.api(url).post({ decision: 'Deny', principalId: CONTOSO.allan });
    await alex.api(url).post({ decision: 'Approve', justification: 'Runs payroll', principalId: CONTOSO.diego });
    const items = await mine(ALEX, R.financeApprovers);
    expect(items.find((d) => d.principal.id === CONTOSO.allan)?.decision).toBe('Deny');
    expect(items.find((d) => d.principal.id === CONTOSO.diego)?.decision).toBe('Approve');
  });

  it('rejects a decision value Graph does not know', async () => {
    await expect(
      (await as(ALEX)).api(`${instanceOf(R.salesAndMarketing)}/batchRecordDecisions`).post({ decision: 'Maybe' }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  describe('batchRecordDecisions', () => {
    const lt2 = useLocalTenant();
    const as2 = clientFor(lt2);
    const url = `${instanceOf(R.salesAndMarketing)}/batchRecordDecisions`;
    const items = async (user: string): Promise<DecisionJson[]> =>
      (
        await (
          await as2(user)
        )
          .api(`${decisionsOf(R.salesAndMarketing)}/${MINE}`)
          .top(500)
          .get()
      ).value;

    it('answers 204 and changes nothing when no item matches the principalId or resourceId', async () => {
      const before = await items(ALEX);
      const alex = await as2(ALEX);
      // The MOD Administrator is not a member of Sales and Marketing; Finance Approvers is not the reviewed group.
      for (const body of [
        { decision: 'Deny', justification: 'not here', principalId: CONTOSO.admin },
        { decision: 'Deny', justification: 'not here', resourceId: CONTOSO.financeApprovers },
        {
          decision: 'Deny',
          justification: 'not here',
          principalId: before[0].principal.id,
          resourceId: CONTOSO.financeApprovers,
        },
      ]) {
        const res = await alex.api(url).responseType(ResponseType.RAW).post(body);
        expect(res.status).toBe(204);
      }
      expect(await items(ALEX)).toEqual(before);
    });

    it('with principalId decides only that principal', async () => {
      const [first] = await items(ALEX);
      await (
        await as2(ALEX)
      )
        .api(url)
        .post({ decision: 'Deny', justification: 'left', principalId: first.principal.id });
      const after = await items(ALEX);
      expect(after.filter((d) => d.decision !== 'NotReviewed').map((d) => d.principal.id)).toEqual([
        first.principal.id,
      ]);
    });

    it('with resourceId decides every item of that resource', async () => {
      await (await as2(MEGAN)).api(url).post({ decision: 'DontKnow', resourceId: CONTOSO.salesAndMarketing });
      const after = await items(MEGAN);
      expect(after).toHaveLength(65);
      expect(after.every((d) => d.decision === 'DontKnow')).toBe(true);
      // The last decision wins: Megan's overwrote the Deny Alex recorded before.
      expect(after.every((d) => d.reviewedBy.id === CONTOSO.megan)).toBe(true);
    });

    it('with neither decides every item the caller reviews, overwriting earlier decisions', async () => {
      await (await as2(ALEX)).api(url).post({ decision: 'Approve', justification: 'all still in the team' });
      const after = await items(ALEX);
      expect(after.every((d) => d.decision === 'Approve' && d.reviewedBy.id === CONTOSO.alex)).toBe(true);
      expect(new Set(after.map((d) => d.justification))).toEqual(new Set(['all still in the team']));
    });

    it('refuses a caller who reviews nothing in the instance', async () => {
      await expect((await as2(ALLAN)).api(url).post({ decision: 'Approve' })).rejects.toMatchObject({
        statusCode: 403,
      });
    });

    it('accepts recommendations for the items still not reviewed, and resets decisions', async () => {
      const megan = await as2(MEGAN);
      await megan.api(`${instanceOf(R.salesAndMarketing)}/resetDecisions`).post({});
      expect((await items(MEGAN)).every((d) => d.decision === 'NotReviewed')).toBe(true);
      await megan.api(`${instanceOf(R.salesAndMarketing)}/acceptRecommendations`).post({});
      const after = await items(MEGAN);
      expect(after.every((d) => d.decision === d.recommendation)).toBe(true);
      expect(after.some((d) => d.decision === 'Deny')).toBe(true);
    });
  });

  describe('the beta calls across every review', () => {
    const lt3 = useLocalTenant();
    const as3 = clientFor(lt3);

    it('recordAllDecisions with a principalId decides that principal wherever I review them', async () => {
      const beta = await as3(ALEX, 'beta');
      const john = CONTOSO.johnDoeGuest;
      await beta.api(`/identityGovernance/accessReviews/decisions/${MINE}/recordAllDecisions`).post({
        decision: 'Deny',
        justification: 'Contract ended',
        principalId: john,
      });
      const all = await beta.api(`/identityGovernance/accessReviews/decisions/${MINE}`).top(500).get();
      const johns = all.value.filter((d: DecisionJson) => d.principal.id === john);
      expect(johns.length).toBeGreaterThanOrEqual(2);
      expect(johns.every((d: DecisionJson) => d.decision === 'Deny')).toBe(true);
      expect(all.value.filter((d: DecisionJson) => d.decision === 'Deny')).toHaveLength(johns.length);
    });

    it('recordAllDecisions requires the justification where a review asks for it', async () => {
      const beta = await as3(ALEX, 'beta');
      await expect(
        beta
          .api(`/identityGovernance/accessReviews/decisions/${MINE}/recordAllDecisions`)
          .post({ decision: 'Approve', resourceId: CONTOSO.financeApprovers }),
      ).rejects.toMatchObject({ statusCode: 400 });
    });

    it('an admin who is not a reviewer cannot record decisions', async () => {
      const items = (await (await as3(ADMIN)).api(decisionsOf(R.financeApprovers)).get()).value;
      await expect(
        (await as3(ADMIN)).api(`${decisionsOf(R.financeApprovers)}/${items[0].id}`).patch({ decision: 'Deny' }),
      ).rejects.toMatchObject({ statusCode: 403 });
    });
  });
});
