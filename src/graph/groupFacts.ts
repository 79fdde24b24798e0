import { Client } from '@microsoft/microsoft-graph-client';
import { LRUCache } from 'lru-cache';
import { isGuid } from '../reviews/ids';
import { GroupFacts } from '../reviews/model';
import { seg } from './accessReviews';
import { batchGet, Read } from './batchReads';

/**
 * What a deny needs known of the groups on a page, read as the reviewer (GroupMember.Read.All, which the bot has):
 * whether a group under review can be changed by the review (synced from on-premises, mail-enabled security, or
 * dynamic membership), and how many members a group has that holds access itself (a role-assignable group in a role).
 * One $batch for the page, and kept a few minutes per reviewer and group, so paging through a review of one group
 * reads it once. A read that fails is left out: the card then says nothing of it, never something false.
 */

const GROUP_FIELDS = 'id,onPremisesSyncEnabled,mailEnabled,securityEnabled,groupTypes';
/** Directory facts change rarely; a review page is read again within minutes. */
const KEEP_MS = 10 * 60_000;

interface WireGroup {
  id: string;
  onPremisesSyncEnabled?: boolean | null;
  mailEnabled?: boolean | null;
  securityEnabled?: boolean | null;
  groupTypes?: string[] | null;
}

export class GroupFactsReader {
  // Keyed by reviewer and group, in lower case: what one reviewer may read is never shown to another.
  private readonly kept = new LRUCache<string, GroupFacts>({ max: 5_000, ttl: KEEP_MS });

  /** Facts of these groups (as resources) and member counts of these (as principals), for one reviewer. */
  async read(
    client: Client,
    reviewerId: string,
    resources: string[],
    principals: string[],
  ): Promise<Map<string, GroupFacts>> {
    const key = (id: string, what: string) => `${reviewerId}:${id}:${what}`.toLowerCase();
    const out = new Map<string, GroupFacts>();
    const reads = new Map<string, Read>();
    const wanted = [
      ...new Set(resources.filter(isGuid).map((id) => `${id.toLowerCase()} resource`)),
      ...new Set(principals.filter(isGuid).map((id) => `${id.toLowerCase()} principal`)),
    ];
    for (const w of wanted) {
      const [id, what] = w.split(' ');
      const held = this.kept.get(key(id, what));
      if (held) {
        out.set(id, { ...out.get(id), ...held });
        continue;
      }
      reads.set(
        w,
        what === 'resource'
          ? `/groups/${seg(id, 'group id')}?$select=${GROUP_FIELDS}`
          : // $count on a directory collection is an advanced query: it needs ConsistencyLevel: eventual.
            {
              url: `/groups/${seg(id, 'group id')}/members?$select=id&$top=1&$count=true`,
              headers: { ConsistencyLevel: 'eventual' },
            },
      );
    }
    if (reads.size === 0) return out;
    const results = await batchGet(client, reads);
    for (const [w, result] of results) {
      if (!result.ok) continue;
      const [id, what] = w.split(' ');
      let facts: GroupFacts;
      if (what === 'resource') {
        const g = result.body as WireGroup;
        facts = {
          onPremisesSynced: g.onPremisesSyncEnabled === true,
          mailEnabled: g.mailEnabled === true,
          securityEnabled: g.securityEnabled === true,
          dynamic: (g.groupTypes ?? []).includes('DynamicMembership'),
          unified: (g.groupTypes ?? []).includes('Unified'),
        };
      } else {
        const count = (result.body as { '@odata.count'?: number })['@odata.count'];
        if (typeof count !== 'number') continue;
        facts = { memberCount: count };
      }
      this.kept.set(key(id, what), facts);
      out.set(id, { ...out.get(id), ...facts });
    }
    return out;
  }
}
