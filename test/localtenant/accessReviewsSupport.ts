import { Client } from '@microsoft/microsoft-graph-client';
import { LocalTenant } from '../../localtenant';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { graphAs, REVIEW_SCOPES } from '../support/graph';
import { jsonOf, postJson } from '../support/http';

export const DEFS = '/identityGovernance/accessReviews/definitions';
export const MINE = "filterByCurrentUser(on='reviewer')";

/** Every decision waiting for the signed-in reviewer, across reviews. */
export const ALL_MINE = `/identityGovernance/accessReviews/decisions/${MINE}`;

export const ALEX = 'AlexW@contoso.com';
export const ALLAN = 'AllanD@contoso.com';
export const MEGAN = 'MeganB@contoso.com';
export const DIEGO = 'DiegoS@contoso.com';
export const ADMIN = 'admin@contoso.com';

/** A fresh Graph client for a user (tokens are minted at the tenant clock, so tests that move it ask again). */
export function clientFor(lt: () => LocalTenant) {
  return (user: string, version: 'v1.0' | 'beta' = 'v1.0', scopes: string[] = REVIEW_SCOPES): Promise<Client> =>
    graphAs(lt(), user, scopes, version);
}

/** Moves the tenant clock forward through its knob, as a test harness or the launcher would. */
export async function advanceDays(lt: LocalTenant, days: number): Promise<void> {
  const res = await postJson(`${lt.url}/_localtenant/clock/advance`, { days });
  if (res.status !== 200) throw new Error(`clock advance failed: ${res.status} ${JSON.stringify(await jsonOf(res))}`);
}

export const decisionsOf = (definitionId: string, instanceId = definitionId) =>
  `${DEFS}/${definitionId}/instances/${instanceId}/decisions`;

/** The body of a one-time review of one group's members, with overrides. */
export function reviewBody(
  groupId: string,
  extra: Record<string, unknown> = {},
  settings: Record<string, unknown> = {},
) {
  return {
    displayName: 'Test review',
    descriptionForAdmins: 'Test review',
    descriptionForReviewers: 'Test review',
    scope: { query: `/groups/${groupId}/transitiveMembers`, queryType: 'MicrosoftGraph' },
    instanceEnumerationScope: { query: `/groups/${groupId}`, queryType: 'MicrosoftGraph' },
    reviewers: [],
    ...extra,
    settings: {
      instanceDurationInDays: 7,
      recommendationsEnabled: true,
      recurrence: { pattern: null, range: { type: 'numbered', startDate: new Date().toISOString().slice(0, 10) } },
      ...settings,
    },
  };
}

/** A decision item as the review-kind tests read it (the fields they look at; Graph returns more). */
export interface DecisionItem {
  id: string;
  accessReviewId: string;
  decision: string;
  recommendation: string;
  principal: Record<string, unknown> & { id: string };
  resource: Record<string, unknown> & { id: string };
  principalResourceMembership?: { membershipType: string };
  instance?: { id: string; definition: { id: string; displayName?: string } };
  [k: string]: unknown;
}

/** The body of a one-time, week-long review of a scope, with Alex Wilber as its reviewer. */
export const kindReviewBody = (scope: Record<string, unknown>) => ({
  displayName: 'Kind review',
  descriptionForAdmins: 'Kind review',
  descriptionForReviewers: 'Kind review',
  scope,
  reviewers: [{ query: `/users/${CONTOSO.alex}`, queryType: 'MicrosoftGraph' }],
  settings: { instanceDurationInDays: 7, recurrence: { pattern: null, range: { startDate: '2020-01-01' } } },
});

/** The object has at least these fields (a tutorial's response shape). */
export const hasFields = (obj: object, fields: string[]) =>
  expect(Object.keys(obj)).toEqual(expect.arrayContaining(fields));
