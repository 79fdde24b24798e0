import { defaultBotApp } from '../../localtenant';
import { AppRegistration } from '../../localtenant/model';
import { CONTOSO_REVIEWS } from '../../localtenant/seed/contosoReviews';
import { graphFetch, jsonOf } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { appToken, claimsOf } from '../support/tokens';
import { DEFS, MINE } from './accessReviewsSupport';

/**
 * The tenant-wide path: an app with the application permission AccessReview.Read.All (admin consent) reads every
 * review with an app-only token (client credentials), and is refused what only a signed-in reviewer may do.
 */
const reader: AppRegistration = {
  clientId: '6f0c1e52-3a7d-4b8e-9c21-5d4f8a0b7e13',
  clientSecret: 'reader-secret',
  displayName: 'Attest reviewer reach (local)',
  identifierUris: [],
  applicationPermissions: ['AccessReview.Read.All'],
};
const writer: AppRegistration = {
  ...reader,
  clientId: '7a1d2f63-4b8e-4c9f-8d32-6e5a9b1c8f24',
  clientSecret: 'writer-secret',
  applicationPermissions: ['AccessReview.ReadWrite.All'],
};
const nothing: AppRegistration = {
  ...reader,
  clientId: '8b2e3a74-5c9f-4d0a-9e43-7f6b0c2d9a35',
  clientSecret: 'nothing-secret',
  applicationPermissions: [],
};

const lt = useLocalTenant({ apps: [defaultBotApp(), reader, writer, nothing] });

function call(token: string, method: string, path: string, body?: unknown) {
  return graphFetch(`${lt().graphV1}${path}`, token, method, body);
}

const SALES = CONTOSO_REVIEWS.salesAndMarketing;
const INSTANCE = `${DEFS}/${SALES}/instances/${SALES}`;

describe('app-only tokens (client credentials) for access reviews', () => {
  it('lists the granted application permissions in roles, and no scp or user', async () => {
    const claims = claimsOf(await appToken(lt(), reader));
    expect(claims).toMatchObject({ roles: ['AccessReview.Read.All'], idtyp: 'app', appid: reader.clientId });
    expect(claims.scp).toBeUndefined();
    expect(claims.upn).toBeUndefined();
    expect(claimsOf(await appToken(lt(), nothing)).roles).toBeUndefined();
  });

  it('reads definitions, instances in progress, decisions and contactedReviewers with AccessReview.Read.All', async () => {
    const token = await appToken(lt(), reader);
    const defs = await call(token, 'GET', DEFS);
    expect(defs.status).toBe(200);
    expect((await jsonOf(defs)).value.map((d: { id: string }) => d.id)).toEqual(
      expect.arrayContaining(
        Object.values(CONTOSO_REVIEWS).filter((id) => id !== CONTOSO_REVIEWS.feelgoodGuestsInstance),
      ),
    );

    const inProgress = await call(token, 'GET', `${DEFS}/${SALES}/instances?$filter=status eq 'InProgress'`);
    expect(inProgress.status).toBe(200);
    const instances = (await jsonOf(inProgress)).value;
    expect(instances.map((i: { id: string }) => i.id)).toEqual([SALES]);
    expect(instances[0].status).toBe('InProgress');
    const none = await call(token, 'GET', `${DEFS}/${SALES}/instances?$filter=status eq 'Completed'`);
    expect((await jsonOf(none)).value).toEqual([]);

    const decisions = await call(token, 'GET', `${INSTANCE}/decisions?$top=5`);
    expect(decisions.status).toBe(200);
    expect((await jsonOf(decisions)).value).toHaveLength(5);

    const reviewers = await call(token, 'GET', `${INSTANCE}/contactedReviewers`);
    expect(reviewers.status).toBe(200);
    expect((await jsonOf(reviewers)).value.map((r: { userPrincipalName: string }) => r.userPrincipalName)).toEqual(
      expect.arrayContaining(['MeganB@contoso.com']),
    );
  });

  it('refuses an app without an access reviews permission (403 Authorization_RequestDenied)', async () => {
    const res = await call(await appToken(lt(), nothing), 'GET', DEFS);
    expect(res.status).toBe(403);
    expect((await jsonOf(res)).error.code).toBe('Authorization_RequestDenied');
  });

  it('refuses recording decisions with application permissions, even AccessReview.ReadWrite.All', async () => {
    const token = await appToken(lt(), writer);
    const item = (await jsonOf(await call(token, 'GET', `${INSTANCE}/decisions?$top=1`))).value[0];
    const attempts = [
      await call(token, 'POST', `${INSTANCE}/batchRecordDecisions`, { decision: 'Approve', justification: 'ok' }),
      await call(token, 'PATCH', `${INSTANCE}/decisions/${item.id}`, { decision: 'Approve', justification: 'ok' }),
      await call(token, 'POST', `${INSTANCE}/acceptRecommendations`),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect((await jsonOf(res)).error.code).toBe('Authorization_RequestDenied');
    }
    const after = (await jsonOf(await call(token, 'GET', `${INSTANCE}/decisions/${item.id}`))) as { decision: string };
    expect(after.decision).toBe(item.decision);
  });

  it('refuses filterByCurrentUser to an app: there is no current user', async () => {
    const token = await appToken(lt(), reader);
    for (const path of [`${DEFS}/${MINE}`, `${DEFS}/${SALES}/instances/${MINE}`, `${INSTANCE}/decisions/${MINE}`]) {
      const res = await call(token, 'GET', path);
      expect(res.status).toBe(403);
      expect((await jsonOf(res)).error.code).toBe('Authorization_RequestDenied');
    }
  });
});
