import { hasAnyRole, REVIEW_ADMIN_ROLES, REVIEW_READER_ROLES } from '../../directory';
import { Req } from '../../http';
import { User } from '../../model';
import type { Tenant } from '../../tenant';
import { authenticate, Caller, requirePermission } from '../auth';
import { fail } from '../errors';
import { Definition, Identity, Instance } from './types';

/** Permissions the access reviews docs list for each kind of call. */
const READ_SCOPES = ['AccessReview.Read.All', 'AccessReview.ReadWrite.All'];
const WRITE_SCOPES = ['AccessReview.ReadWrite.All'];
export const READ = { delegated: READ_SCOPES, application: READ_SCOPES };
export const WRITE = { delegated: WRITE_SCOPES, application: WRITE_SCOPES };
/**
 * Reviewer calls act for the signed-in reviewer: an app on its own is never a reviewer, so app-only tokens get 403
 * Authorization_RequestDenied. The update decision page (accessreviewinstancedecisionitem-update.md) lists
 * Application "Not supported"; acceptRecommendations (accessreviewinstance-acceptrecommendations.md) lists no
 * application row. Docs are silent (they disagree): the batchRecordDecisions page's table lists application
 * AccessReview.ReadWrite.All although the call "enables reviewers" to review their items; here it is refused to apps
 * like the other recording calls. The filterByCurrentUser pages also list application permissions, but name "the
 * calling user": an app has none, and is refused the same way.
 */
export const REVIEWER_READ = { delegated: READ_SCOPES };
export const REVIEWER_WRITE = { delegated: WRITE_SCOPES };

/** Authenticates, checks the token's permissions, and brings the reviews up to the tenant clock. */
export function callerFor(req: Req, tenant: Tenant, perms: { delegated?: string[]; application?: string[] }): Caller {
  const caller = authenticate(req, tenant);
  requirePermission(caller, perms);
  tenant.reviews.refresh();
  return caller;
}

export function identityOf(caller: Caller, tenant: Tenant): Identity {
  if (caller.kind === 'user') {
    const u = caller.user;
    return { id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName };
  }
  const app = tenant.apps.get(caller.appId);
  return { id: caller.appId, displayName: app?.displayName ?? caller.appId, userPrincipalName: '' };
}

/** The reviewer behind a reviewer call (the permission table has already refused app-only tokens). */
export function reviewerOf(caller: Caller): User {
  if (caller.kind !== 'user')
    fail(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  return caller.user;
}

/** Roles that read every review (the docs' read roles); an app with the permission reads everything. */
export function readsAll(caller: Caller): boolean {
  return caller.kind === 'app' || hasAnyRole(caller.user, REVIEW_READER_ROLES);
}

export function managesAll(caller: Caller): boolean {
  return caller.kind === 'app' || hasAnyRole(caller.user, REVIEW_ADMIN_ROLES);
}

function isCreator(caller: Caller, def: Definition): boolean {
  return caller.kind === 'user' && def.createdBy.id === caller.user.id;
}

function denied(message: string): never {
  fail(403, 'Forbidden', message);
}

/** Readers of a whole review: the read roles, or the review's creator. */
export function requireRead(caller: Caller, def: Definition): void {
  if (!readsAll(caller) && !isCreator(caller, def)) {
    denied('The signed-in user needs a directory role that reads access reviews, or to be the review creator.');
  }
}

/**
 * Docs are silent: reading one definition or instance is also open to its reviewers here. Reviewers see the review
 * they are asked to do (its name, description and dates) in My Access, so they may read it here too.
 */
export function requireReadOrReviewer(caller: Caller, def: Definition, instances: Instance[], tenant: Tenant): void {
  if (readsAll(caller) || isCreator(caller, def)) return;
  if (caller.kind === 'user' && instances.some((i) => tenant.reviews.isReviewerOf(caller.user.id, i))) return;
  denied('The signed-in user is neither a reader of this access review nor one of its reviewers.');
}

/** Managing a review (stop, apply, update, delete): the write roles, or the review's creator. */
export function requireManage(caller: Caller, def: Definition): void {
  if (!managesAll(caller) && !isCreator(caller, def)) {
    denied('The signed-in user needs a directory role that manages access reviews, or to be the review creator.');
  }
}
