import type { Tenant } from '../../tenant';

/** Access review definitions, instances, stages and decision items, with the indexes the routes read. */
export class AccessReviews {
  constructor(readonly tenant: Tenant) {}
}
