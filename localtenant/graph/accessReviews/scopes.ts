import { Directory } from '../../directory';
import { Group, User } from '../../model';
import { sameId } from '../../objectIds';
import { fail } from '../errors';
import { DAY_MS, parseDuration } from './recurrence';
import { GroupEnumeration, PrincipalQuery, QueryScope } from './types';

/**
 * The scope queries this tenant accepts (the documented group forms). The service answers any other query with
 * 400 and a list of the queries it accepts; the wording follows the message the service gives, as reported in
 * microsoftgraph/microsoft-graph-docs issue 19810. The list names the forms implemented here.
 */
export const ACCEPTED_SCOPE_QUERIES = [
  '/groups/{groupId}/transitiveMembers',
  '/groups/{groupId}/transitiveMembers/microsoft.graph.user',
  '/groups/{groupId}/members',
  "/groups/{groupId}/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')",
  "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest') (with an instanceEnumerationScope over groups)",
];

export const ACCEPTED_ENUMERATION_QUERIES = [
  '/groups/{groupId}',
  "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true",
];

const GUID = '[0-9a-fA-F-]{36}';
const GUEST_FILTER = String.raw`(?:/?\?(?:\$count=true&)?\$filter=\(userType eq 'Guest'\)(?:&\$count=true)?)`;
const PRINCIPALS_RE = new RegExp(
  `^(?:/groups/(?<g>${GUID})|(?<rel>\\.))/(?<rel2>transitiveMembers|members)(?<user>/microsoft\\.graph\\.user)?(?<guest>${GUEST_FILTER})?$`,
);
const ONE_GROUP_RE = new RegExp(`^/groups/(?<g>${GUID})$`);
const UNIFIED_RE = /^\/groups\?\$filter=\(groupTypes\/any\(c:c eq 'Unified'\)\)(?:&\$count=true)?$/;

/** Queries arrive with '+' or %20 for spaces (the tutorial's enumeration scope uses '+'). */
function normalize(query: string): string {
  let q = query.trim().replace(/\+/g, ' ');
  try {
    q = decodeURIComponent(q);
  } catch {
    // keep the raw text; the patterns below reject it
  }
  return q;
}

function unsupported(query: string, accepted: string[]): never {
  fail(
    400,
    'BadRequest',
    `Query ${query} is not supported. Please pass in one of the following queries : ${accepted.slice(0, -1).join(', ')} or ${accepted[accepted.length - 1]}`,
  );
}

function requireGroup(directory: Directory, id: string): void {
  // Docs are silent: a group that does not exist is answered with 400 here.
  if (!directory.groups.has(id)) fail(400, 'BadRequest', `The group '${id}' in the scope query was not found.`);
}

export function parseEnumeration(scope: QueryScope | null | undefined, directory: Directory): GroupEnumeration | null {
  if (!scope) return null;
  if (typeof scope.query !== 'string') fail(400, 'BadRequest', 'instanceEnumerationScope.query is required.');
  const q = normalize(scope.query);
  const one = ONE_GROUP_RE.exec(q);
  if (one?.groups) {
    requireGroup(directory, one.groups.g);
    return { kind: 'group', groupId: one.groups.g };
  }
  if (UNIFIED_RE.test(q)) return { kind: 'unified' };
  unsupported(scope.query, ACCEPTED_ENUMERATION_QUERIES);
}

/** Parses the definition's scope and, with instanceEnumerationScope, which groups get an instance. */
export function parseScope(
  scope: QueryScope,
  enumerationScope: QueryScope | null | undefined,
  directory: Directory,
): { principals: PrincipalQuery; groups: GroupEnumeration } {
  if (!scope || typeof scope.query !== 'string') fail(400, 'BadRequest', "The property 'scope' is required.");
  const m = PRINCIPALS_RE.exec(normalize(scope.query));
  if (!m?.groups) unsupported(scope.query, ACCEPTED_SCOPE_QUERIES);
  const { g, rel, rel2, user, guest } = m.groups;
  // The guest filter is only accepted on the microsoft.graph.user cast, as the docs write it.
  if (guest && !user) unsupported(scope.query, ACCEPTED_SCOPE_QUERIES);
  const enumeration = parseEnumeration(enumerationScope, directory);
  let groups: GroupEnumeration;
  if (rel) {
    if (!enumeration) {
      fail(400, 'BadRequest', `The relative query ${scope.query} needs an instanceEnumerationScope over groups.`);
    }
    groups = enumeration;
  } else {
    requireGroup(directory, g);
    if (enumeration && (enumeration.kind !== 'group' || !sameId(enumeration.groupId, g))) {
      fail(400, 'BadRequest', 'The instanceEnumerationScope does not match the group in the scope query.');
    }
    groups = { kind: 'group', groupId: g };
  }
  const principals: PrincipalQuery = {
    groupId: rel ? null : g,
    transitive: rel2 === 'transitiveMembers',
    guestsOnly: !!guest,
  };
  if (scope['@odata.type'] === '#microsoft.graph.accessReviewInactiveUsersQueryScope') {
    if (!scope.inactiveDuration) fail(400, 'BadRequest', 'inactiveDuration is required for an inactive users scope.');
    principals.inactiveMs = parseDuration(scope.inactiveDuration, 30 * DAY_MS);
  }
  return { principals, groups };
}

/** The groups that get an instance for one occurrence, in directory order. */
export function enumerateGroups(groups: GroupEnumeration, directory: Directory): Group[] {
  if (groups.kind === 'group') {
    const g = directory.groups.get(groups.groupId);
    return g ? [g] : [];
  }
  return [...directory.groups.values()].filter((g) => g.groupTypes.includes('Unified'));
}

/** The users reviewed in one group when its instance starts (direct or transitive members, guests, inactive). */
export function principalsOf(q: PrincipalQuery, group: Group, directory: Directory, atMs: number): User[] {
  const users = q.transitive
    ? directory.transitiveMemberUsers(group.id)
    : [...group.members].map((id) => directory.users.get(id)).filter((u): u is User => !!u);
  return users.filter((u) => {
    if (q.guestsOnly && u.userType !== 'Guest') return false;
    if (q.inactiveMs !== undefined) {
      const last = u.lastSignInDateTime ? Date.parse(u.lastSignInDateTime) : -Infinity;
      if (atMs - last < q.inactiveMs) return false;
    }
    return true;
  });
}

/** The instance's own scope: the definition's, with a relative query made absolute for the group (tutorial 2). */
export function instanceScope(scope: QueryScope, groupId: string): QueryScope {
  if (!scope.query.trim().startsWith('./')) return { ...scope };
  return { ...scope, query: `/groups/${groupId}/${scope.query.trim().slice(2)}` };
}
