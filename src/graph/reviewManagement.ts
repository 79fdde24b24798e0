import { Client } from '@microsoft/microsoft-graph-client';
import { isGuid } from '../reviews/ids';
import {
  countsOf,
  currentInstances,
  everyOf,
  InstanceRow,
  ListedScope,
  OwnedDefinition,
  OwnedInstance,
  OwnedReview,
  OwnedReviewsPage,
  ReviewSubject,
  subjectOfScope,
} from '../reviews/ownedReviews';
import { CLOCK_SKEW_MS, isThisReview } from '../reviews/createAttempt';
import { DefinitionBody } from '../reviews/quickReview';
import { call, seg } from './accessReviews';
import { batchGet, ReadResult } from './batchReads';
import { onlyThrottlingRetried } from './client';
import { describeFailure, GraphCallError } from './failures';
import { guestsOnlyScope } from './shapes';

/**
 * What an owner or admin does to the reviews they create: find their groups and applications and the people they
 * name, create a definition, list the reviews they created with the progress of the current instances, stop, apply,
 * remind, delete. Every id in a URL is checked to be a GUID and encoded; names typed by people only go into $filter
 * values, quoted and encoded.
 */

const AR = '/identityGovernance/accessReviews';

export interface GroupRef {
  id: string;
  name: string;
  /** isAssignableToRole: the group can hold directory roles (its members have privileged access). */
  roleAssignable?: boolean;
}

/** An application, as its enterprise app (the service principal) that users and groups are assigned to. */
export interface AppRef {
  id: string;
  name: string;
}

export interface PersonRef {
  id: string;
  name: string;
  upn: string;
}

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
}

interface WireGroup {
  id: string;
  displayName?: string | null;
  isAssignableToRole?: boolean | null;
}

interface WireServicePrincipal {
  id: string;
  displayName?: string | null;
}

interface WireUser {
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
}

export interface WireOwnedDefinition {
  id: string;
  displayName?: string;
  status?: string;
  createdDateTime?: string | null;
  createdBy?: { id?: string } | null;
  scope?: ListedScope | null;
  settings?: {
    autoApplyDecisionsEnabled?: boolean;
    recurrence?: { pattern?: { type?: string; interval?: number } | null } | null;
  } | null;
}

interface WireInstance {
  id: string;
  status?: string;
  startDateTime?: string;
  endDateTime?: string;
  scope?: ListedScope | null;
}

/** A value for a $filter string literal: quotes doubled (OData), the whole filter encoded for the URL. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const group = (g: WireGroup): GroupRef => ({
  id: g.id,
  name: g.displayName ?? '',
  ...(g.isAssignableToRole ? { roleAssignable: true } : {}),
});
const app = (sp: WireServicePrincipal): AppRef => ({ id: sp.id, name: sp.displayName ?? '' });
const GROUP_FIELDS = 'id,displayName,isAssignableToRole';
const person = (u: WireUser): PersonRef => ({
  id: u.id,
  name: u.displayName ?? '',
  upn: u.userPrincipalName ?? '',
});

// ---- groups and people ----

/** Groups the signed-in user owns (User.Read is enough), by name; `more` when they own more than `max`. */
export async function ownedGroups(client: Client, max = 50): Promise<{ groups: GroupRef[]; more: boolean }> {
  const page = await call<Page<WireGroup>>(() =>
    client
      .api('/me/ownedObjects/microsoft.graph.group')
      .query({ $select: GROUP_FIELDS, $top: String(max) })
      .get(),
  );
  const groups = page.value.filter((g) => isGuid(g.id)).map(group);
  groups.sort((a, b) => a.name.localeCompare(b.name));
  return { groups, more: !!page['@odata.nextLink'] };
}

/** Groups named exactly so or starting with it (or the one with that id), in the whole directory. */
export async function groupsMatching(client: Client, typed: string, max = 10): Promise<GroupRef[]> {
  const text = typed.trim();
  if (isGuid(text)) {
    try {
      return [
        group(
          await call<WireGroup>(() =>
            client
              .api(`/groups/${seg(text, 'group id')}`)
              .query({ $select: GROUP_FIELDS })
              .get(),
          ),
        ),
      ];
    } catch (err) {
      if (err instanceof GraphCallError && err.failure.status === 404) return [];
      throw err;
    }
  }
  const filter = `displayName eq ${literal(text)} or startswith(displayName,${literal(text)})`;
  const page = await call<Page<WireGroup>>(() =>
    client
      .api('/groups')
      .query({ $filter: encodeURIComponent(filter), $select: GROUP_FIELDS, $top: String(max) })
      .get(),
  );
  return page.value.filter((g) => isGuid(g.id)).map(group);
}

// ---- applications ----

/**
 * The enterprise applications (service principals) the signed-in user owns, by name (user-list-ownedobjects: User.Read
 * is enough); `more` when they own more than `max`. Applications whose registration they own but not the enterprise
 * app are not listed: admins find any app by name.
 */
export async function ownedApps(client: Client, max = 50): Promise<{ apps: AppRef[]; more: boolean }> {
  const page = await call<Page<WireServicePrincipal>>(() =>
    client
      .api('/me/ownedObjects/microsoft.graph.servicePrincipal')
      .query({ $select: 'id,displayName', $top: String(max) })
      .get(),
  );
  const apps = page.value.filter((a) => isGuid(a.id)).map(app);
  apps.sort((a, b) => a.name.localeCompare(b.name));
  return { apps, more: !!page['@odata.nextLink'] };
}

/**
 * Applications named exactly so or starting with it (or the one with that object id), among all service principals
 * (serviceprincipal-list: Application.Read.All, delegated).
 */
export async function appsMatching(client: Client, typed: string, max = 10): Promise<AppRef[]> {
  const text = typed.trim();
  if (isGuid(text)) {
    try {
      return [
        app(
          await call<WireServicePrincipal>(() =>
            client
              .api(`/servicePrincipals/${seg(text, 'service principal id')}`)
              .query({ $select: 'id,displayName' })
              .get(),
          ),
        ),
      ];
    } catch (err) {
      if (err instanceof GraphCallError && err.failure.status === 404) return [];
      throw err;
    }
  }
  const filter = `displayName eq ${literal(text)} or startswith(displayName,${literal(text)})`;
  const page = await call<Page<WireServicePrincipal>>(() =>
    client
      .api('/servicePrincipals')
      .query({ $filter: encodeURIComponent(filter), $select: 'id,displayName', $top: String(max) })
      .get(),
  );
  return page.value.filter((a) => isGuid(a.id)).map(app);
}

/** People whose UPN or mail is what was typed (with an @), or whose name starts with it. */
export async function peopleMatching(client: Client, typed: string, max = 10): Promise<PersonRef[]> {
  const text = typed.trim();
  const filter = text.includes('@')
    ? `userPrincipalName eq ${literal(text)} or mail eq ${literal(text)}`
    : `startswith(displayName,${literal(text)})`;
  const page = await call<Page<WireUser>>(() =>
    client
      .api('/users')
      .query({ $filter: encodeURIComponent(filter), $select: 'id,displayName,userPrincipalName', $top: String(max) })
      .get(),
  );
  return page.value.filter((u) => isGuid(u.id)).map(person);
}

// ---- creating ----

/**
 * POST /definitions: one request, so a refused one leaves nothing behind. Answers the id Graph gave it. Not retried
 * after a 503/504 or a timeout, where Graph may have created it: the caller looks for it (findCreatedDefinition).
 */
export async function createDefinition(client: Client, body: DefinitionBody): Promise<WireOwnedDefinition> {
  const created = await call<WireOwnedDefinition>(() =>
    client.api(`${AR}/definitions`).middlewareOptions([onlyThrottlingRetried()]).post(body),
  );
  if (!isGuid(created?.id)) {
    throw new GraphCallError({ status: 0, code: 'NoId', message: 'Graph did not say which review it created' });
  }
  return created;
}

/** GET /definitions/{id}; undefined when Graph does not have it. */
export async function definitionById(client: Client, id: string): Promise<WireOwnedDefinition | undefined> {
  try {
    return await call<WireOwnedDefinition>(() => client.api(`${AR}/definitions/${seg(id, 'definition id')}`).get());
  } catch (err) {
    if (err instanceof GraphCallError && err.failure.status === 404) return undefined;
    throw err;
  }
}

/** The first page of the definitions Graph lists to this user, newest first. */
function newestDefinitions(client: Client): Promise<Page<WireOwnedDefinition>> {
  return call<Page<WireOwnedDefinition>>(() =>
    client
      .api(`${AR}/definitions`)
      .query({ $select: DEFINITION_FIELDS, $orderby: 'createdDateTime desc', $top: String(DEFINITIONS_PER_PAGE) })
      .get(),
  );
}

/** Pages of the newest definitions looked through for one whose create had no answer (it is minutes old at most). */
const MAX_LOOK_PAGES = 3;

/**
 * The definition a create whose answer was lost made, if Graph lists it: the newest definitions first, looking back
 * as far as `since` less the clock skew (what isThisReview takes). Undefined when it is not there. When the pages run
 * out before reaching that time, whether it is there is not known: that is a failure (GraphCallError), so a caller
 * never creates again on a look that stopped short.
 */
export async function findCreatedDefinition(
  client: Client,
  me: string,
  sent: Pick<DefinitionBody, 'displayName' | 'scope'>,
  since: Date,
): Promise<WireOwnedDefinition | undefined> {
  let page = await newestDefinitions(client);
  for (let pages = 1; ; pages++) {
    const found = page.value.find((d) => isGuid(d.id) && isThisReview(sent, d, me, since));
    if (found) return found;
    const oldest = Date.parse(page.value[page.value.length - 1]?.createdDateTime ?? '');
    const next = page['@odata.nextLink'];
    if (!next || !(oldest >= since.getTime() - CLOCK_SKEW_MS)) return undefined;
    if (pages >= MAX_LOOK_PAGES) {
      throw new GraphCallError({ status: 0, code: 'LookCutShort', message: 'too many new reviews to look through' });
    }
    page = await call<Page<WireOwnedDefinition>>(() => client.api(next).get());
  }
}

// ---- watching ----

const DEFINITION_FIELDS = 'id,displayName,status,createdDateTime,createdBy,scope,settings';
/** Definitions read per request, and at most this many requests when looking for mine among everyone's. */
const DEFINITIONS_PER_PAGE = 100;
const MAX_DEFINITION_PAGES = 10;
/** Instances of one definition looked through for the current ones (a weekly review for ten years has 520). */
const MAX_INSTANCE_PAGES = 6;

export function ownedDefinition(w: WireOwnedDefinition): OwnedDefinition {
  return {
    definitionId: w.id,
    name: w.displayName ?? '',
    status: w.status ?? 'Unknown',
    createdDateTime: w.createdDateTime ?? '',
    autoApply: !!w.settings?.autoApplyDecisionsEnabled,
    every: everyOf(w.settings?.recurrence?.pattern),
    subject: subjectOfScope(w.scope),
    guestsOnly: guestsOnlyScope(w.scope),
  };
}

function instanceRow(w: WireInstance): InstanceRow {
  return {
    instanceId: w.id,
    status: w.status ?? 'Unknown',
    startDateTime: w.startDateTime ?? '',
    endDateTime: w.endDateTime ?? '',
    subject: subjectOfScope(w.scope),
  };
}

/**
 * The definitions I created, newest first, one card page of them. Graph lists a reader every review in the tenant
 * (and anyone else only the ones they created); the docs name no filter on the creator, so mine are picked from the
 * list, looking through at most MAX_DEFINITION_PAGES pages of it.
 */
async function myDefinitions(
  client: Client,
  me: string,
  skip: number,
  take: number,
): Promise<{ definitions: OwnedDefinition[]; more: boolean; cutShort: boolean }> {
  const mine: WireOwnedDefinition[] = [];
  let page = await newestDefinitions(client);
  for (let pages = 1; ; pages++) {
    mine.push(...page.value.filter((d) => d.createdBy?.id?.toLowerCase() === me.toLowerCase() && isGuid(d.id)));
    const next = page['@odata.nextLink'];
    if (mine.length > skip + take || !next) break;
    if (pages >= MAX_DEFINITION_PAGES) {
      return { definitions: mine.slice(skip, skip + take).map(ownedDefinition), more: false, cutShort: true };
    }
    page = await call<Page<WireOwnedDefinition>>(() => client.api(next).get());
  }
  return {
    definitions: mine.slice(skip, skip + take).map(ownedDefinition),
    more: mine.length > skip + take,
    cutShort: false,
  };
}

const instancesUrl = (definitionId: string) =>
  `${AR}/definitions/${seg(definitionId, 'definition id')}/instances?$select=id,status,startDateTime,endDateTime,scope&$top=100`;

/** Every instance of each definition (first pages in one $batch, further pages one by one, bounded). */
async function instancesOf(client: Client, definitionIds: string[]): Promise<Map<string, ReadResult<InstanceRow[]>>> {
  const firsts = await batchGet<Page<WireInstance>>(client, new Map(definitionIds.map((id) => [id, instancesUrl(id)])));
  const out = new Map<string, ReadResult<InstanceRow[]>>();
  for (const id of definitionIds) {
    const first = firsts.get(id)!;
    if (!first.ok) {
      out.set(id, first);
      continue;
    }
    const rows = first.body.value.filter((i) => isGuid(i.id)).map(instanceRow);
    let next = first.body['@odata.nextLink'];
    try {
      for (let pages = 1; next && pages < MAX_INSTANCE_PAGES; pages++) {
        const url: string = next;
        const page = await call<Page<WireInstance>>(() => client.api(url).get());
        rows.push(...page.value.filter((i) => isGuid(i.id)).map(instanceRow));
        next = page['@odata.nextLink'];
      }
    } catch (err) {
      if (!(err instanceof GraphCallError)) throw err;
      out.set(id, { ok: false, failure: err.failure });
      continue;
    }
    out.set(id, { ok: true, body: rows });
  }
  return out;
}

const COUNTED = ['total', 'Approve', 'Deny', 'DontKnow'] as const;

function countUrl(definitionId: string, instanceId: string, decision: (typeof COUNTED)[number]): string {
  const base = `${AR}/definitions/${seg(definitionId, 'definition id')}/instances/${seg(instanceId, 'instance id')}/decisions`;
  const filter = decision === 'total' ? '' : `&$filter=${encodeURIComponent(`decision eq '${decision}'`)}`;
  // One item is enough: the count is the answer.
  return `${base}?$count=true&$top=1&$select=id${filter}`;
}

const CONTACTED_SHOWN = 10;

/** The read of the name of what an instance reviews (a group, or an app's service principal), and its key. */
function nameRead(subject: ReviewSubject): { key: string; url: string } | undefined {
  if (subject.kind === 'group') {
    const g = subject.groupId;
    return { key: `group:${g.toLowerCase()}`, url: `/groups/${seg(g, 'group id')}?$select=id,displayName` };
  }
  if (subject.kind === 'app') {
    const sp = subject.servicePrincipalId;
    return {
      key: `app:${sp.toLowerCase()}`,
      url: `/servicePrincipals/${seg(sp, 'service principal id')}?$select=id,displayName`,
    };
  }
  return undefined;
}

/**
 * Progress, contacted reviewers and names of the instances shown: four counted reads per instance (everyone,
 * approved, denied, don't know), its contacted reviewers, and the name of each group or app reviewed, all in $batch
 * requests.
 */
function details(definitionId: string, rows: InstanceRow[], reads: Map<string, string>): void {
  for (const r of rows) {
    for (const d of COUNTED) reads.set(`${r.instanceId}:${d}`, countUrl(definitionId, r.instanceId, d));
    reads.set(
      `${r.instanceId}:contacted`,
      `${AR}/definitions/${seg(definitionId, 'definition id')}/instances/${seg(r.instanceId, 'instance id')}/contactedReviewers?$select=id,displayName&$top=${CONTACTED_SHOWN}`,
    );
    const name = nameRead(r.subject);
    if (name) reads.set(name.key, name.url);
  }
}

function withDetails(row: InstanceRow, results: Map<string, ReadResult<unknown>>): OwnedInstance {
  const name = nameRead(row.subject);
  const nameResult = name ? results.get(name.key) : undefined;
  const out: OwnedInstance = {
    ...row,
    resourceName: nameResult?.ok ? ((nameResult.body as WireGroup).displayName ?? '') : '',
  };
  const counted = COUNTED.map((d) => results.get(`${row.instanceId}:${d}`)!);
  const failed = counted.find((c) => !c.ok);
  const counts = counted.map((c) => (c.ok ? (c.body as Page<unknown>)['@odata.count'] : undefined));
  if (failed && !failed.ok) out.unreadable = describeFailure(failed.failure);
  else if (counts.every((n) => typeof n === 'number')) {
    const [total, approved, denied, dontKnow] = counts as number[];
    out.counts = countsOf(total, approved, denied, dontKnow);
  }
  const contacted = results.get(`${row.instanceId}:contacted`);
  if (contacted?.ok) {
    const page = contacted.body as Page<WireUser>;
    out.contacted = {
      names: page.value.map((u) => u.displayName ?? '').filter(Boolean),
      count: page['@odata.count'] ?? page.value.length,
      more: !!page['@odata.nextLink'],
    };
  } else if (contacted && !contacted.ok) out.unreadable ??= describeFailure(contacted.failure);
  return out;
}

/**
 * One card page of the reviews I created, each with its current instances (at most `instancesShown`), their
 * progress and contacted reviewers. What could not be read is marked so, with why; the rest still shows.
 */
export async function ownedReviewsPage(
  client: Client,
  me: string,
  skip: number,
  pageSize: number,
  instancesShown: number,
): Promise<OwnedReviewsPage> {
  const { definitions, more, cutShort } = await myDefinitions(client, me, skip, pageSize);
  const instances = await instancesOf(
    client,
    definitions.map((d) => d.definitionId),
  );
  const reads = new Map<string, string>();
  const shown = new Map<string, { rows: InstanceRow[]; more: number }>();
  for (const d of definitions) {
    const listed = instances.get(d.definitionId)!;
    if (!listed.ok) continue;
    const current = currentInstances(listed.body, d.autoApply, instancesShown);
    shown.set(d.definitionId, { rows: current.shown, more: current.more });
    details(d.definitionId, current.shown, reads);
  }
  const results = await batchGet(client, reads);
  const reviews: OwnedReview[] = definitions.map((d) => {
    const listed = instances.get(d.definitionId)!;
    if (!listed.ok) return { ...d, instances: [], moreInstances: 0, unreadable: describeFailure(listed.failure) };
    const s = shown.get(d.definitionId)!;
    return { ...d, instances: s.rows.map((r) => withDetails(r, results)), moreInstances: s.more };
  });
  return { reviews, skip, pageSize, more, cutShort };
}

/** The instances of one definition (to say when a new review starts). */
export async function instancesOfDefinition(client: Client, definitionId: string): Promise<InstanceRow[]> {
  const got = (await instancesOf(client, [definitionId])).get(definitionId)!;
  if (!got.ok) throw new GraphCallError(got.failure);
  return got.body;
}

/** GET one instance; undefined when Graph does not have it. */
export async function instanceById(client: Client, ref: InstanceRef): Promise<InstanceRow | undefined> {
  try {
    return instanceRow(await call<WireInstance>(() => client.api(instancePathOf(ref)).get()));
  } catch (err) {
    if (err instanceof GraphCallError && err.failure.status === 404) return undefined;
    throw err;
  }
}

// ---- closing ----
// Stop, apply and sendReminder are sent once when Graph answers 503/504 or nothing at all (only a 429 is retried):
// stopping or applying again answers an error that would hide that the first one worked, and a second reminder mails
// every reviewer twice. After an unknown outcome the caller reads the instance back and says what Graph shows.

export interface InstanceRef {
  definitionId: string;
  instanceId: string;
}

function instancePathOf(ref: InstanceRef): string {
  return `${AR}/definitions/${seg(ref.definitionId, 'definition id')}/instances/${seg(ref.instanceId, 'instance id')}`;
}

/** POST stop: the instance ends now (decisions applied when auto-apply is on). */
export async function stopInstance(client: Client, ref: InstanceRef): Promise<void> {
  await call(() =>
    client
      .api(`${instancePathOf(ref)}/stop`)
      .middlewareOptions([onlyThrottlingRetried()])
      .post({}),
  );
}

/** POST applyDecisions: denied people lose access (only when auto-apply is off and the instance is Completed). */
export async function applyDecisions(client: Client, ref: InstanceRef): Promise<void> {
  await call(() =>
    client
      .api(`${instancePathOf(ref)}/applyDecisions`)
      .middlewareOptions([onlyThrottlingRetried()])
      .post({}),
  );
}

/** POST sendReminder: Microsoft Entra reminds the reviewers who have not finished (an admin role is required). */
export async function sendReminder(client: Client, ref: InstanceRef): Promise<void> {
  await call(() =>
    client
      .api(`${instancePathOf(ref)}/sendReminder`)
      .middlewareOptions([onlyThrottlingRetried()])
      .post({}),
  );
}

/**
 * DELETE the definition with its instances and decisions. Graph answers 204, or 404 when there is no such review
 * (already deleted, or never there). Not retried after a 503/504 or a timeout: a retry of a delete that happened would
 * answer 404 and hide it; the caller reads back instead.
 */
export async function deleteDefinition(client: Client, definitionId: string): Promise<void> {
  await call(() =>
    client
      .api(`${AR}/definitions/${seg(definitionId, 'definition id')}`)
      .middlewareOptions([onlyThrottlingRetried()])
      .delete(),
  );
}
