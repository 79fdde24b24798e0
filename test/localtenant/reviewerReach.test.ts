import { ATTEST_CATALOG_APP, ATTEST_MANIFEST_ID, defaultBotApp, LOCAL_BOT_ID } from '../../localtenant';
import { AppRegistration } from '../../localtenant/model';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_REVIEWS } from '../../localtenant/seed/contosoReviews';
import { stableGuid } from '../../localtenant/seed/ids';
import { graphAs } from '../support/graph';
import { graphFetch, jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { appToken } from '../support/tokens';
import { DEFS, reviewBody } from './accessReviewsSupport';

/**
 * What the bot reads to reach every reviewer of the tenant, with an app-only token (client credentials) that has
 * AccessReview.Read.All: every definition, the open instances of each, who each instance contacted, how many
 * decisions are still open, who decided what; on the wire and inside POST /v1.0/$batch. Then the Teams side: who has
 * Attest, and installing it for a reviewer who has not.
 */
const writer: AppRegistration = {
  clientId: '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d',
  clientSecret: 'writer-secret',
  displayName: 'Review writer (local)',
  identifierUris: [],
  applicationPermissions: ['AccessReview.ReadWrite.All'],
};
const lt = useLocalTenant({
  apps: [defaultBotApp('bot-secret'), writer],
  botApplicationPermissions: ['AccessReview.Read.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All'],
});
const bot = () => lt().apps[0];

const SALES = CONTOSO_REVIEWS.salesAndMarketing;
const SELF = CONTOSO_REVIEWS.buildingSelfReview;
const instanceOf = (definitionId: string, instanceId = definitionId) =>
  `${DEFS}/${definitionId}/instances/${instanceId}`;
const staffId = (i: number) => stableGuid(`contoso:user:${i}`);

const DEFINITION_SELECT =
  'id,displayName,createdBy,scope,instanceEnumerationScope,reviewers,fallbackReviewers,settings,status';
const reads = {
  definitions: `${DEFS}?$select=${DEFINITION_SELECT}&$top=100`,
  open: (d: string) =>
    `${DEFS}/${d}/instances?$filter=status eq 'InProgress' or status eq 'NotStarted'&$select=id,status,startDateTime,endDateTime`,
  contacted: (d: string, i = d) =>
    `${instanceOf(d, i)}/contactedReviewers?$select=id,displayName,userPrincipalName&$top=100`,
  notReviewed: (d: string, i = d) =>
    `${instanceOf(d, i)}/decisions?$filter=decision eq 'NotReviewed'&$count=true&$top=1&$select=id`,
  notReviewedDeny: (d: string, i = d) =>
    `${instanceOf(d, i)}/decisions?$filter=decision eq 'NotReviewed' and recommendation eq 'Deny'&$count=true&$top=1&$select=id`,
  all: (d: string, i = d) => `${instanceOf(d, i)}/decisions?$count=true&$top=1&$select=id`,
  decided: (d: string, i = d) => `${instanceOf(d, i)}/decisions?$select=decision,reviewedBy,principal&$top=100`,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const read = async (path: string, token?: string): Promise<Json> => {
  const res = await graphFetch(
    path.startsWith('https:') ? path : `${lt().graphV1}${path}`,
    token ?? (await appToken(lt(), bot())),
    'GET',
  );
  const body = await jsonOf(res);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
};
/** Every item of a collection, following @odata.nextLink; the pages too. */
const readAll = async (path: string): Promise<{ items: Json[]; pages: Json[] }> => {
  const pages: Json[] = [];
  let next: string | undefined = path;
  while (next) {
    const page = await read(next);
    pages.push(page);
    next = page['@odata.nextLink'];
  }
  return { items: pages.flatMap((p) => p.value), pages };
};

/** A large tenant beside Contoso: 150 reviews; review 0 is one owner's 130 items, review 3 a self-review of 130. */
let generated: {
  definitionIds: string[];
  bigInstance: { definitionId: string; instanceId: string; reviewerUpn: string; items: number };
};
beforeAll(async () => {
  const res = await postJson(`${lt().url}/_localtenant/generate`, {
    seed: 15,
    reviewers: 20,
    reviews: 150,
    itemsPerInstance: 130,
  });
  expect(res.status).toBe(201);
  generated = await jsonOf(res);
});

describe('the tenant-wide reads, with AccessReview.Read.All (application)', () => {
  it('lists every definition with the $select asked for, 100 a page, with @odata.nextLink', async () => {
    const { items, pages } = await readAll(reads.definitions);
    const total = lt().tenant.reviews.definitions.size;
    expect(total).toBeGreaterThan(100);
    expect(pages.map((p) => p.value.length)).toEqual([100, total - 100]);
    expect(pages[0]['@odata.nextLink']).toBe(`${lt().graphV1}${DEFS}?$select=${DEFINITION_SELECT}&$top=100&$skip=100`);
    expect(pages[1]['@odata.nextLink']).toBeUndefined();
    expect(new Set(items.map((d) => d.id)).size).toBe(total);
    expect(items.map((d) => d.id)).toEqual(expect.arrayContaining([SALES, SELF, ...generated.definitionIds]));
    for (const d of items) expect(Object.keys(d).sort()).toEqual(DEFINITION_SELECT.split(',').sort());
    const sales = items.find((d) => d.id === SALES);
    expect(sales).toMatchObject({
      displayName: 'Sales and Marketing membership review',
      status: 'InProgress',
      createdBy: { id: CONTOSO.admin, displayName: 'MOD Administrator', userPrincipalName: 'admin@contoso.com' },
      reviewers: [{ query: `/groups/${CONTOSO.salesAndMarketing}/owners`, queryType: 'MicrosoftGraph' }],
      fallbackReviewers: [],
      scope: { query: `/groups/${CONTOSO.salesAndMarketing}/transitiveMembers`, queryType: 'MicrosoftGraph' },
    });
    expect(sales.settings).toMatchObject({ instanceDurationInDays: 21, recommendationsEnabled: true });
  });

  it("lists a definition's instances in progress or not started, with the $select asked for", async () => {
    // A review starting in three days: its instance is there already, NotStarted.
    const later = new Date(lt().tenant.clock.nowMs() + 3 * 86_400_000).toISOString().slice(0, 10);
    const created = await graphFetch(
      `${lt().graphV1}${DEFS}`,
      await appToken(lt(), writer),
      'POST',
      reviewBody(
        CONTOSO.financeApprovers,
        {},
        { recurrence: { pattern: null, range: { type: 'numbered', startDate: later } } },
      ),
    );
    expect(created.status).toBe(201);
    const future = (await jsonOf(created)).id;
    const notStarted = await read(reads.open(future));
    expect(notStarted.value).toEqual([
      {
        id: expect.any(String),
        status: 'NotStarted',
        startDateTime: expect.any(String),
        endDateTime: expect.any(String),
      },
    ]);
    expect(Date.parse(notStarted.value[0].startDateTime)).toBeGreaterThan(lt().tenant.clock.nowMs());

    const sales = await read(reads.open(SALES));
    expect(sales.value.map((i: Json) => [i.id, i.status])).toEqual([[SALES, 'InProgress']]);
    expect(Object.keys(sales.value[0]).sort()).toEqual(['endDateTime', 'id', 'startDateTime', 'status']);

    // A review of every Microsoft 365 group: an instance per group; one stopped, so Completed, is left out.
    const quarterly = CONTOSO_REVIEWS.guestsQuarterly;
    const all = (await read(`${DEFS}/${quarterly}/instances?$select=id,status`)).value;
    expect(all.length).toBeGreaterThan(1);
    const stopped = all.find((i: Json) => i.status === 'InProgress').id;
    expect(
      (await graphFetch(`${lt().graphV1}${instanceOf(quarterly, stopped)}/stop`, await appToken(lt(), writer), 'POST'))
        .status,
    ).toBe(204);
    const open = (await read(reads.open(quarterly))).value.map((i: Json) => i.id);
    expect(open).not.toContain(stopped);
    expect(open.sort()).toEqual(
      all
        .filter((i: Json) => i.id !== stopped && ['InProgress', 'NotStarted'].includes(i.status))
        .map((i: Json) => i.id)
        .sort(),
    );
  });

  it('lists the contacted reviewers 100 a page, with @odata.nextLink and @odata.count', async () => {
    const selfReview = generated.definitionIds[3];
    const { items, pages } = await readAll(reads.contacted(selfReview));
    expect(pages.map((p) => p.value.length)).toEqual([100, 30]);
    expect(pages[0]['@odata.nextLink']).toMatch(/\$skip=100/);
    expect(pages[1]['@odata.nextLink']).toBeUndefined();
    // accessreviewinstance-list-contactedreviewers shows @odata.count with the list.
    expect(pages.map((p) => p['@odata.count'])).toEqual([130, 130]);
    expect(new Set(items.map((r) => r.id)).size).toBe(130);
    for (const r of items) {
      expect(Object.keys(r).sort()).toEqual(['displayName', 'id', 'userPrincipalName']);
      expect(r.userPrincipalName).toMatch(/@contoso\.com$/);
    }
    const sales = await read(reads.contacted(SALES));
    expect(sales.value.map((r: Json) => r.userPrincipalName).sort()).toEqual([
      'AlexW@contoso.com',
      'MeganB@contoso.com',
    ]);
    expect(sales['@odata.nextLink']).toBeUndefined();
  });

  it('counts the open decisions with $count=true&$top=1&$select=id, by decision and recommendation', async () => {
    const alex = await graphAs(lt(), 'AlexW@contoso.com');
    for (const [i, decision] of [
      [0, 'Approve'],
      [1, 'Approve'],
      [2, 'Deny'],
      [5, 'DontKnow'],
    ] as const) {
      await alex
        .api(`${instanceOf(SALES)}/batchRecordDecisions`)
        .post({ decision, justification: 'Checked', principalId: staffId(i) });
    }
    const everything = (await readAll(`${instanceOf(SALES)}/decisions?$select=decision,recommendation&$top=100`)).items;
    expect(everything).toHaveLength(65);
    const open = everything.filter((d) => d.decision === 'NotReviewed');
    const openDeny = open.filter((d) => d.recommendation === 'Deny');
    expect(open).toHaveLength(61);
    expect(openDeny.length).toBeGreaterThan(0);

    for (const [path, count] of [
      [reads.notReviewed(SALES), open.length],
      [reads.notReviewedDeny(SALES), openDeny.length],
      [reads.all(SALES), 65],
    ] as const) {
      const page = await read(path);
      expect(page['@odata.count']).toBe(count);
      expect(page.value).toHaveLength(1);
      expect(Object.keys(page.value[0])).toEqual(['id']);
      expect(page['@odata.nextLink']).toMatch(/\$skip=1/);
    }
  });

  it('lists who decided what, reviewedBy filled on the decided items, 100 a page', async () => {
    const big = generated.bigInstance;
    const reviewer = await graphAs(lt(), big.reviewerUpn);
    const [first] = (
      await reviewer
        .api(`${instanceOf(big.definitionId, big.instanceId)}/decisions/filterByCurrentUser(on='reviewer')`)
        .top(1)
        .get()
    ).value;
    await reviewer
      .api(`${instanceOf(big.definitionId, big.instanceId)}/batchRecordDecisions`)
      .post({ decision: 'Deny', justification: 'Left the team', principalId: first.principal.id });

    const { items, pages } = await readAll(reads.decided(big.definitionId, big.instanceId));
    expect(pages.map((p) => p.value.length)).toEqual([100, 30]);
    for (const d of items) expect(Object.keys(d).sort()).toEqual(['decision', 'principal', 'reviewedBy']);
    const denied = items.filter((d) => d.decision === 'Deny');
    const me = lt().tenant.directory.findUser(big.reviewerUpn)!;
    expect(denied).toEqual([
      {
        decision: 'Deny',
        reviewedBy: { id: me.id, displayName: me.displayName, userPrincipalName: me.userPrincipalName },
        principal: {
          '@odata.type': '#microsoft.graph.userIdentity',
          id: first.principal.id,
          displayName: expect.any(String),
          userPrincipalName: expect.any(String),
        },
      },
    ]);
    // Items nobody decided: the empty identity the docs show (zero GUID, empty names).
    const undecided = items.filter((d) => d.decision === 'NotReviewed');
    expect(undecided).toHaveLength(129);
    expect(undecided[0].reviewedBy).toEqual({
      id: '00000000-0000-0000-0000-000000000000',
      displayName: '',
      userPrincipalName: '',
    });

    // On Sales, Alex's decisions of the test above carry Alex.
    const sales = (await readAll(reads.decided(SALES))).items.filter((d) => d.decision !== 'NotReviewed');
    expect(sales).toHaveLength(4);
    for (const d of sales) {
      expect(d.reviewedBy).toEqual({
        id: CONTOSO.alex,
        displayName: 'Alex Wilber',
        userPrincipalName: 'AlexW@contoso.com',
      });
    }
  });

  it('refuses a $select of a property the type does not have, and a $filter instances do not support (400)', async () => {
    const token = await appToken(lt(), bot());
    const refused = async (path: string, message: RegExp) => {
      const res = await graphFetch(`${lt().graphV1}${path}`, token, 'GET');
      expect(res.status).toBe(400);
      const { error } = await jsonOf(res);
      expect(error.code).toBe('BadRequest');
      expect(error.message).toMatch(message);
    };
    const type = (t: string) => new RegExp(`'fallBackReviewer' on type 'microsoft\\.graph\\.${t}'`);
    await refused(`${DEFS}?$select=id,fallBackReviewer`, type('accessReviewScheduleDefinition'));
    await refused(`${DEFS}/${SALES}?$select=fallBackReviewer`, type('accessReviewScheduleDefinition'));
    await refused(`${DEFS}/${SALES}/instances?$select=id,fallBackReviewer`, type('accessReviewInstance'));
    await refused(`${instanceOf(SALES)}/contactedReviewers?$select=fallBackReviewer`, type('accessReviewReviewer'));
    await refused(`${instanceOf(SALES)}/decisions?$select=fallBackReviewer`, type('accessReviewInstanceDecisionItem'));
    // accessreviewinstance.md: of the instance properties, status supports $filter (eq).
    await refused(`${DEFS}/${SALES}/instances?$filter=id eq '${SALES}'`, /'id' does not support filtering/);
    // Every property the docs list may be selected, relationships included.
    expect(
      (await read(`${DEFS}/${SALES}?$select=id,additionalNotificationRecipients,stageSettings,instances`)).id,
    ).toBe(SALES);
  });

  it('answers the same reads inside POST /v1.0/$batch, pages and counts included', async () => {
    const big = generated.bigInstance;
    const paths = [
      reads.definitions,
      reads.open(SALES),
      reads.contacted(generated.definitionIds[3]),
      reads.notReviewed(SALES),
      reads.notReviewedDeny(SALES),
      reads.all(SALES),
      reads.decided(big.definitionId, big.instanceId),
    ];
    const token = await appToken(lt(), bot());
    const res = await postJson(
      `${lt().graphV1}/$batch`,
      { requests: paths.map((url, i) => ({ id: String(i + 1), method: 'GET', url })) },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(200);
    const byId = new Map<string, Json>((await jsonOf(res)).responses.map((r: Json) => [r.id, r]));
    for (const [i, path] of paths.entries()) {
      const inner = byId.get(String(i + 1));
      expect(inner.status).toBe(200);
      expect(inner.body).toEqual(await read(path, token));
    }
    // The nextLink of an inner page is absolute; its relative part works as the url of the next batch.
    const next = new URL(byId.get('1').body['@odata.nextLink']);
    const again = await postJson(
      `${lt().graphV1}/$batch`,
      { requests: [{ id: '1', method: 'GET', url: `${next.pathname.replace(/^\/v1\.0/, '')}${next.search}` }] },
      { authorization: `Bearer ${token}` },
    );
    const [page2] = (await jsonOf(again)).responses;
    expect(page2.status).toBe(200);
    expect(page2.body.value).toHaveLength(lt().tenant.reviews.definitions.size - 100);
  });
});

describe('a self-review', () => {
  // Docs (accessReviewReviewerScope; accessreviews-reviewers-concept, example 1): a self-review is one whose reviewers
  // is an empty collection, and users review their own access. contactedReviewers "gets the reviewers for an access
  // review instance"; docs are silent on who they are in a self-review: here, the people reviewing themselves.
  it("has reviewers [] on the definition, and the people reviewing themselves as the instance's contacted reviewers", async () => {
    const def = await read(`${DEFS}/${SELF}?$select=id,reviewers,fallbackReviewers`);
    expect(def).toMatchObject({ id: SELF, reviewers: [], fallbackReviewers: [] });
    const open = (await read(reads.open(SELF))).value;
    expect(open.map((i: Json) => i.status)).toEqual(['InProgress']);
    const contacted = (await read(reads.contacted(SELF, open[0].id))).value;
    expect(contacted.map((r: Json) => r.id).sort()).toEqual([CONTOSO.alex, CONTOSO.allan].sort());
    // Each reviews their own item: the members of Building security group, not its owners.
    const members = (await readAll(`${instanceOf(SELF, open[0].id)}/decisions?$select=principal`)).items.map(
      (d) => d.principal.id,
    );
    expect(members.sort()).toEqual([CONTOSO.alex, CONTOSO.allan].sort());
  });
});

describe('the reviewers and Attest in Teams', () => {
  const installed = (userId: string, token: string) =>
    read(
      `/users/${userId}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/externalId eq '${ATTEST_MANIFEST_ID}'`,
      token,
    );
  const install = async (userId: string, token: string) =>
    graphFetch(`${lt().graphV1}/users/${userId}/teamwork/installedApps`, token, 'POST', {
      'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${ATTEST_CATALOG_APP.id}`,
    });

  it('has Megan review a review in progress without Attest installed, and Allan with it', async () => {
    const token = await appToken(lt(), bot());
    expect((await read(reads.open(SALES))).value[0].status).toBe('InProgress');
    expect((await read(reads.contacted(SALES))).value.map((r: Json) => r.id)).toContain(CONTOSO.megan);
    expect((await installed(CONTOSO.megan, token)).value).toEqual([]);
    expect((await installed(CONTOSO.allan, token)).value).toHaveLength(1);
  });

  it('installs Attest for Megan with TeamsAppInstallation.ReadWriteSelfForUser.All: 201, then 409; 403 without it', async () => {
    const res = await install(CONTOSO.megan, await appToken(lt(), bot()));
    expect(res.status).toBe(201);
    const again = await install(CONTOSO.megan, await appToken(lt(), bot()));
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).error.code).toBe('Conflict');

    // Consent withdrawn: a token issued after it carries no install permission, and Graph refuses it.
    const knob = await fetch(`${lt().url}/_localtenant/apps/${LOCAL_BOT_ID}/applicationPermissions`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ permissions: ['AccessReview.Read.All'] }),
    });
    expect(knob.status).toBe(204);
    const refused = await install(CONTOSO.diego, await appToken(lt(), bot()));
    expect(refused.status).toBe(403);
    expect((await jsonOf(refused)).error.code).toBe('Authorization_RequestDenied');
    expect(lt().tenant.teamsApps.isInstalled(CONTOSO.diego, ATTEST_CATALOG_APP.id)).toBe(false);
  });
});
