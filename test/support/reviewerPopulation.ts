import { LocalTenant } from '../../localtenant';
import { parseDefinitionInput } from '../../localtenant/graph/accessReviews/definitions';
import { generateTenant } from '../../localtenant/seed/generator';
import { stableGuid } from '../../localtenant/seed/ids';
import { TeamsUser } from './activities';

/**
 * `count` generated reviewers, each with exactly one thing due: a self-review (one item, themselves) of one group of
 * all of them, started yesterday and open for 14 days, so the only reminder due for each is "new review". Tests of
 * reminders at scale can then say exactly what every reviewer should receive.
 */
export function selfReviewPopulation(lt: LocalTenant, count: number, seed: number) {
  // generateTenant adds the users (one tiny review of its own, reviewed by user 0, whom we leave out).
  generateTenant(lt.tenant, { seed, reviewers: count + 1, reviews: 1, itemsPerInstance: 1 });
  const reviewers: TeamsUser[] = [];
  for (let i = 1; i <= count; i++) {
    const user = lt.tenant.directory.findUser(stableGuid(`generated:${seed}:user:${i}`))!;
    reviewers.push({ aadObjectId: user.id, name: user.displayName });
  }
  const now = lt.tenant.clock.nowMs();
  const groupId = stableGuid(`scale:${seed}:group`);
  lt.tenant.directory.addGroup({
    id: groupId,
    displayName: `Scale group (${seed})`,
    description: null,
    groupTypes: [],
    mailEnabled: false,
    mailNickname: `scale${seed}`,
    securityEnabled: true,
    visibility: null,
    createdDateTime: new Date(now - 30 * 86_400_000).toISOString(),
    members: new Set(reviewers.map((r) => r.aadObjectId)),
    owners: new Set(),
  });
  const input = parseDefinitionInput(
    {
      displayName: `Scale self-review (${seed})`,
      descriptionForAdmins: 'Scale test.',
      descriptionForReviewers: 'Do you still need access?',
      scope: { query: `/groups/${groupId}/transitiveMembers`, queryType: 'MicrosoftGraph' },
      instanceEnumerationScope: { query: `/groups/${groupId}`, queryType: 'MicrosoftGraph' },
      // No reviewers: each member reviews their own access.
      reviewers: [],
      settings: {
        instanceDurationInDays: 14,
        recommendationsEnabled: true,
        recurrence: { pattern: null, range: { type: 'numbered', startDate: new Date(now - 86_400_000).toISOString() } },
      },
    },
    lt.tenant.directory,
    now,
  );
  const instanceId = stableGuid(`scale:${seed}:review`);
  lt.tenant.reviews.create(
    input,
    { id: reviewers[0].aadObjectId, displayName: 'Scale admin', userPrincipalName: `scale@${lt.tenant.domain}` },
    { id: instanceId, createdMs: now - 86_400_000 },
  );
  return { reviewers, instanceId };
}
