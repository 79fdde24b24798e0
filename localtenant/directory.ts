import { AppRoleAssignment, Group, ServicePrincipal, User } from './model';
import { IdMap } from './objectIds';

/**
 * The directory: users, groups and the relationships access reviews resolve against.
 * Everything here is synchronous and in memory.
 */
export class Directory {
  /** By object id, in any letter case (as Graph finds them). */
  readonly users = new IdMap<User>();
  readonly groups = new IdMap<Group>();
  readonly servicePrincipals = new IdMap<ServicePrincipal>();
  /** Every app role assignment, by its id (listed from either end: appRoleAssignedTo and appRoleAssignments). */
  readonly appRoleAssignments = new Map<string, AppRoleAssignment>();
  private readonly byUpn = new Map<string, string>();

  addUser(user: User): User {
    this.users.set(user.id, user);
    this.byUpn.set(user.userPrincipalName.toLowerCase(), user.id);
    return user;
  }

  removeUser(id: string): boolean {
    const user = this.users.get(id);
    if (!user) return false;
    this.users.delete(id);
    this.byUpn.delete(user.userPrincipalName.toLowerCase());
    for (const g of this.groups.values()) {
      g.members.delete(id);
      g.owners.delete(id);
    }
    for (const sp of this.servicePrincipals.values()) sp.owners.delete(id);
    for (const a of [...this.appRoleAssignments.values()])
      if (a.principalId === id) this.appRoleAssignments.delete(a.id);
    return true;
  }

  addServicePrincipal(sp: ServicePrincipal): ServicePrincipal {
    this.servicePrincipals.set(sp.id, sp);
    return sp;
  }

  addAppRoleAssignment(a: AppRoleAssignment): AppRoleAssignment {
    this.appRoleAssignments.set(a.id, a);
    return a;
  }

  /** A principal by object id: a user, a group or a service principal. */
  findObject(id: string): User | Group | ServicePrincipal | undefined {
    return this.users.get(id) ?? this.groups.get(id) ?? this.servicePrincipals.get(id);
  }

  /** The groups that contain the object directly or through nested groups. */
  transitiveGroupsOf(id: string): Group[] {
    const out: Group[] = [];
    const seen = new Set<string>();
    const walk = (member: string) => {
      for (const g of this.groups.values()) {
        if (seen.has(g.id) || !g.members.has(member)) continue;
        seen.add(g.id);
        out.push(g);
        walk(g.id);
      }
    };
    walk(id);
    return out;
  }

  /** By object id or by userPrincipalName, as Graph's /users/{id | userPrincipalName} accepts both. */
  findUser(idOrUpn: string): User | undefined {
    return this.users.get(idOrUpn) ?? this.users.get(this.byUpn.get(idOrUpn.toLowerCase()) ?? '');
  }

  addGroup(group: Group): Group {
    this.groups.set(group.id, group);
    return group;
  }

  removeGroup(id: string): boolean {
    if (!this.groups.delete(id)) return false;
    for (const g of this.groups.values()) g.members.delete(id);
    return true;
  }

  /** Users that are members of the group directly or through nested groups (no duplicates, cycles safe). */
  transitiveMemberUsers(groupId: string): User[] {
    const seen = new Set<string>();
    const out: User[] = [];
    const walk = (gid: string) => {
      if (seen.has(gid)) return;
      seen.add(gid);
      const g = this.groups.get(gid);
      if (!g) return;
      for (const m of g.members) {
        const u = this.users.get(m);
        if (u) {
          if (!seen.has(u.id)) {
            seen.add(u.id);
            out.push(u);
          }
        } else walk(m);
      }
    };
    walk(groupId);
    return out;
  }

  ownerUsers(groupId: string): User[] {
    const g = this.groups.get(groupId);
    if (!g) return [];
    return [...g.owners].map((id) => this.users.get(id)).filter((u): u is User => !!u);
  }

  groupsOwnedBy(userId: string): Group[] {
    return [...this.groups.values()].filter((g) => g.owners.has(userId));
  }

  servicePrincipalsOwnedBy(userId: string): ServicePrincipal[] {
    return [...this.servicePrincipals.values()].filter((sp) => sp.owners.has(userId));
  }

  servicePrincipalOwnerUsers(servicePrincipalId: string): User[] {
    const sp = this.servicePrincipals.get(servicePrincipalId);
    if (!sp) return [];
    return [...sp.owners].map((id) => this.users.get(id)).filter((u): u is User => !!u);
  }
}

/** Directory roles that may manage every access review in the tenant (the Graph docs' least-privileged roles). */
export const REVIEW_ADMIN_ROLES = ['Global Administrator', 'User Administrator', 'Identity Governance Administrator'];
/** Roles that may read every access review without managing them. */
export const REVIEW_READER_ROLES = [
  ...REVIEW_ADMIN_ROLES,
  'Global Reader',
  'Security Reader',
  'Security Administrator',
];

export function hasAnyRole(user: User, roles: string[]): boolean {
  return user.directoryRoles.some((r) => roles.includes(r));
}
