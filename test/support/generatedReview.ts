import { LocalTenant } from '../../localtenant';
import { generateTenant } from '../../localtenant/seed/generator';
import { createGraphClient } from '../../src/graph/client';
import { ReviewSummary } from '../../src/reviews/model';
import { userGraphToken } from './graph';

/**
 * A generated review with `items` people for one reviewer, and that reviewer's Graph client (the bot's own client,
 * with a token obtained as the bot obtains it), for tests and benchmarks of long work.
 */
export async function generatedReview(lt: LocalTenant, opts: { seed: number; items: number; reviewers?: number }) {
  const gen = generateTenant(lt.tenant, {
    seed: opts.seed,
    reviewers: opts.reviewers ?? 3,
    reviews: 1,
    itemsPerInstance: opts.items,
  });
  const reviewer = lt.tenant.directory.findUser(gen.bigInstance.reviewerUpn)!;
  const token = await userGraphToken(lt, gen.bigInstance.reviewerUpn, ['AccessReview.ReadWrite.All']);
  const client = createGraphClient(async () => token, { baseUrl: lt.url, timeoutMs: 60_000, maxRetries: 3 });
  const review: ReviewSummary = {
    definitionId: gen.bigInstance.definitionId,
    instanceId: gen.bigInstance.instanceId,
    name: 'Generated review',
    resourceName: '',
    status: 'InProgress',
    endDateTime: new Date(Date.now() + 86_400_000).toISOString(),
    justificationRequired: false,
    guestsOnly: false,
    resourceDetail: '',
    kind: 'group',
    resources: 1,
    multiStage: false,
    total: opts.items,
    remaining: opts.items,
    recommendedDeny: 0,
  };
  return {
    reviewer: { id: reviewer.id, name: reviewer.displayName, upn: gen.bigInstance.reviewerUpn },
    client,
    review,
  };
}
