import { Directory } from '../../directory';
import { Group, User } from '../../model';
import { fail } from '../errors';
import { QueryScope, ReviewedPrincipal } from './types';

/**
 * The reviewer queries of accessReviewReviewerScope that this tenant resolves: the forms of the reviewers concept
 * page (concepts/accessreviews-reviewers-concept.md, examples 2 to 6; example 6 is an application's owners).
 */
export const ACCEPTED_REVIEWER_QUERIES = [
  '/users/{userId}',
  '/groups/{groupId}/owners',
  '/groups/{groupId}/transitiveMembers',
  '/servicePrincipals/{servicePrincipalId}/owners',
  './owners',
  "./manager (with queryRoot 'decisions')",
];

const GUID = '[0-9a-fA-F-]{36}';
const USER_RE = new RegExp(`^/users/(${GUID})$`);
const OWNERS_RE = new RegExp(`^/groups/(${GUID})/owners$`);
const MEMBERS_RE = new RegExp(`^/groups/(${GUID})/transitiveMembers$`);
const APP_OWNERS_RE = new RegExp(`^/servicePrincipals/(${GUID})/owners$`);

type ReviewerQuery =
  | { kind: 'user'; id: string }
  | { kind: 'owners'; groupId: string }
  | { kind: 'members'; groupId: string }
  | { kind: 'appOwners'; servicePrincipalId: string }
  | { kind: 'groupOwners' }
  | { kind: 'manager' };

function parseOne(scope: QueryScope, directory: Directory): ReviewerQuery {
  const q = typeof scope?.query === 'string' ? scope.query.trim() : '';
  let m: RegExpExecArray | null;
  if ((m = USER_RE.exec(q))) {
    if (!directory.users.has(m[1])) fail(400, 'BadRequest', `The reviewer '${m[1]}' was not found.`);
    return { kind: 'user', id: m[1] };
  }
  if ((m = OWNERS_RE.exec(q))) return { kind: 'owners', groupId: m[1] };
  if ((m = MEMBERS_RE.exec(q))) return { kind: 'members', groupId: m[1] };
  if ((m = APP_OWNERS_RE.exec(q))) {
    // Docs are silent on an application that does not exist: answered 400 here, as for a reviewer not found.
    if (!directory.servicePrincipals.has(m[1]))
      fail(400, 'BadRequest', `The service principal '${m[1]}' was not found.`);
    return { kind: 'appOwners', servicePrincipalId: m[1] };
  }
  if (q === './owners') return { kind: 'groupOwners' };
  if (q === './manager') {
    if (scope.queryRoot !== 'decisions') {
      fail(400, 'BadRequest', "The relative reviewer query ./manager needs queryRoot 'decisions'.");
    }
    return { kind: 'manager' };
  }
  const accepted = ACCEPTED_REVIEWER_QUERIES;
  fail(
    400,
    'BadRequest',
    `Query ${q} is not supported. Please pass in one of the following queries : ${accepted.slice(0, -1).join(', ')} or ${accepted[accepted.length - 1]}`,
  );
}

/** Validates reviewer scopes when a definition is created or updated (400 for any other query). */
export function validateReviewers(scopes: QueryScope[], directory: Directory): void {
  for (const s of scopes) parseOne(s, directory);
}

/**
 * Resolves reviewer scopes for the items of one stage. Queries that do not depend on the principal are resolved
 * once and their array shared by every item, so a 5,000-item instance reviewed by two owners holds one array.
 */
export class ReviewerResolver {
  private readonly fixed: string[];
  private readonly perPrincipal: ReviewerQuery[];
  private readonly selfReview: boolean;
  private fallback?: string[];

  constructor(
    scopes: QueryScope[],
    private readonly fallbackScopes: QueryScope[],
    /** The group reviewed, for ./owners; null when the review is of something else (./owners finds nobody). */
    private readonly group: Group | null,
    private readonly directory: Directory,
  ) {
    const parsed = scopes.map((s) => parseOne(s, directory));
    this.selfReview = parsed.length === 0;
    this.perPrincipal = parsed.filter((p) => p.kind === 'manager');
    this.fixed = unique(parsed.flatMap((p) => this.resolveFixed(p)));
  }

  private resolveFixed(p: ReviewerQuery): string[] {
    const d = this.directory;
    const enabled = (users: User[]) => users.filter((u) => u.accountEnabled).map((u) => u.id);
    switch (p.kind) {
      case 'user': {
        // The stored id, whatever the case of the query's: items are indexed by reviewer id.
        const user = d.users.get(p.id);
        return user?.accountEnabled ? [user.id] : [];
      }
      case 'owners':
        return enabled(d.ownerUsers(p.groupId));
      case 'members':
        return enabled(d.transitiveMemberUsers(p.groupId));
      case 'appOwners':
        return enabled(d.servicePrincipalOwnerUsers(p.servicePrincipalId));
      case 'groupOwners':
        return this.group ? enabled(d.ownerUsers(this.group.id)) : [];
      default:
        return [];
    }
  }

  /** The reviewers of one principal's item; the fallback reviewers when none resolve. */
  reviewersOf(principal: ReviewedPrincipal): string[] {
    // Docs are silent on self-review of a group or an app: nobody can review for them, so the fallback reviewers do.
    if (this.selfReview && principal.kind === 'user') return [principal.id];
    if (this.selfReview) {
      this.fallback ??= new ReviewerResolver(this.fallbackScopes, [], this.group, this.directory).fixedOrEmpty();
      return this.fallback;
    }
    let out = this.fixed;
    if (this.perPrincipal.length) {
      const manager = principal.managerId ? this.directory.users.get(principal.managerId) : undefined;
      if (manager?.accountEnabled) out = out.includes(manager.id) ? out : [...out, manager.id];
    }
    if (out.length > 0) return out;
    this.fallback ??= new ReviewerResolver(this.fallbackScopes, [], this.group, this.directory).fixedOrEmpty();
    return this.fallback;
  }

  private fixedOrEmpty(): string[] {
    return this.selfReview ? [] : this.fixed;
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
