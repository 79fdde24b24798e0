import { Client } from '@microsoft/microsoft-graph-client';
import { GraphCallError, failureOf } from './failures';

/**
 * The directory roles that may read every access review (Graph accessreviewscheduledefinition-list, "To read access
 * reviews of a group or app": Global Reader, Security Reader, User Administrator, Identity Governance Administrator,
 * Security Administrator; and Global Administrator), by their template ids (the same in every tenant).
 */
export const REVIEW_READER_ROLES = new Set([
  '62e90394-69f5-4237-9190-012177145e10', // Global Administrator
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451', // Global Reader
  '5d6b6bb7-de71-4623-b4af-96380a352509', // Security Reader
  '194ae4cb-b126-40b2-bd5b-6091b380977d', // Security Administrator
  'fe930be7-5e62-47db-91af-98c3a49a38b1', // User Administrator
  '45d8d3c5-c802-45c6-b32a-1d70b5e1e86e', // Identity Governance Administrator
]);

/** The most memberships read (groups and roles, 999 a page as the docs allow). */
const MAX_PAGES = 5;

/**
 * Whether the signed-in user is an admin for Attest's `reach` view: a member of the configured group, or (`byRole`)
 * a holder of one of the roles above. Read as them from their own memberships with their default properties (no
 * `$select`: roleTemplateId is a directoryRole property, not a directoryObject one), one request for most people
 * (user-list-transitivememberof). Graph returns a group's id to Attest's delegated GroupMember.Read.All; a role's
 * template id only to a caller that may read roles (RoleManagement.Read.Directory), else null: then no role counts.
 */
export async function isReachAdmin(client: Client, by: { groupId?: string; byRole: boolean }): Promise<boolean> {
  const adminGroupId = by.groupId;
  let url: string | undefined = `/me/transitiveMemberOf?$top=999`;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    let body: {
      value?: { '@odata.type'?: string; id?: string; roleTemplateId?: string }[];
      '@odata.nextLink'?: string;
    };
    try {
      body = await client.api(url).get();
    } catch (err) {
      throw new GraphCallError(failureOf(err));
    }
    for (const m of body.value ?? []) {
      if (by.byRole && m.roleTemplateId && REVIEW_READER_ROLES.has(m.roleTemplateId.toLowerCase())) return true;
      if (adminGroupId && m.id?.toLowerCase() === adminGroupId.toLowerCase() && /group$/i.test(m['@odata.type'] ?? ''))
        return true;
    }
    url = body['@odata.nextLink'];
  }
  return false;
}
