/**
 * One review per new-review form, also when Graph's answer to the create is lost. A create whose answer never came
 * (a timeout, a 5xx, a dropped connection) may have created the review: Attest then looks for it before it says
 * anything or creates again, and the form keeps its id, so pressing Create review again looks first too.
 *
 * The record of a form's create, kept in storage with an eTag (so of two presses racing, one creates):
 * - `creating`: a POST was sent at `startedAt` and its answer is not known yet (or the instance stopped meanwhile);
 * - `unknown`: the POST ended without an answer and the review was not found when Attest looked;
 * - `created`: Graph answered with the review's id, or the review was found;
 * - `refused`: Graph refused it (4xx), so nothing exists and the form may be sent again.
 */

export type CreateAttemptState = 'creating' | 'unknown' | 'created' | 'refused';

export interface CreateAttempt {
  state: CreateAttemptState;
  /** When the last POST for this form was sent (bot clock, ISO). */
  startedAt: string;
  /** The review Graph created, once known. */
  definitionId?: string;
}

/**
 * How long after a POST whose answer was lost its review can still appear: the Graph client's own deadline (30 s per
 * attempt, at most three attempts with short throttling waits) with a wide margin. Past it, a review that is still
 * not listed was not created, and the form may create it.
 */
export const SETTLE_MS = 5 * 60_000;

/**
 * The bot's clock and Graph's can differ: a definition created for this form may carry a createdDateTime a little
 * before `startedAt`. Docs are silent on how far Graph's clock may drift; ten minutes is generous.
 */
export const CLOCK_SKEW_MS = 10 * 60_000;

export type AttemptStep =
  /** Nothing is known of an earlier create: send the POST. */
  | { kind: 'create' }
  /** This form created its review already. */
  | { kind: 'created'; definitionId?: string }
  /** An earlier POST's outcome is unknown: look for the review; `settled` says a review not found was not created. */
  | { kind: 'look'; since: Date; settled: boolean };

/** What to do when the form's Create review is pressed, from what storage holds of earlier presses. */
export function attemptStep(prior: CreateAttempt | undefined, now: Date): AttemptStep {
  if (!prior || prior.state === 'refused') return { kind: 'create' };
  if (prior.state === 'created') return { kind: 'created', definitionId: prior.definitionId };
  const started = Date.parse(prior.startedAt);
  if (Number.isNaN(started)) return { kind: 'look', since: new Date(0), settled: false };
  return { kind: 'look', since: new Date(started), settled: now.getTime() - started >= SETTLE_MS };
}

/** A scope as sent or listed: a query scope, or a principalResourceMembershipsScope (an app's users). */
interface ScopeQueries {
  query?: string | null;
  principalScopes?: { query?: string | null }[] | null;
  resourceScopes?: { query?: string | null }[] | null;
}

/** What the create sent, as far as telling its review apart from others goes. */
export interface SentDefinition {
  displayName: string;
  scope: ScopeQueries;
}

/** A definition as Graph lists it. */
export interface ListedDefinition {
  id: string;
  displayName?: string | null;
  createdDateTime?: string | null;
  createdBy?: { id?: string } | null;
  scope?: ScopeQueries | null;
}

/** The queries that say what a scope reviews: its own, or those of its principal and resource scopes. */
function scopeKey(scope: ScopeQueries | null | undefined): string {
  const queries = (list: { query?: string | null }[] | null | undefined) => (list ?? []).map((q) => q?.query ?? '');
  return JSON.stringify([scope?.query ?? '', queries(scope?.principalScopes), queries(scope?.resourceScopes)]);
}

/**
 * Whether a listed definition is the one a create with a lost answer made: the same creator, name and scope, created
 * no earlier than the POST (less the clock skew). Graph keeps no marker of the client's own, so this is the nearest
 * test there is; two forms of the same name and group by the same person within minutes are taken as one.
 */
export function isThisReview(sent: SentDefinition, listed: ListedDefinition, creatorId: string, since: Date): boolean {
  const created = Date.parse(listed.createdDateTime ?? '');
  return (
    listed.createdBy?.id?.toLowerCase() === creatorId.toLowerCase() &&
    (listed.displayName ?? '') === sent.displayName &&
    scopeKey(listed.scope) === scopeKey(sent.scope) &&
    !Number.isNaN(created) &&
    created >= since.getTime() - CLOCK_SKEW_MS
  );
}
