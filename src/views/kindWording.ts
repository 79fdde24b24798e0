import type { AssignmentKind, DenyLimit, ResourceKind, ReviewKind } from '../reviews/reviewKinds';
import type { AssignmentDetail, PrincipalKind } from '../reviews/model';

/**
 * The reviewer's words for each kind of review and of decision item (src/reviews/reviewKinds.ts): what is reviewed,
 * who the principal is, and what a deny will do. Every other phrase is in wording.ts. Names passed in are already
 * made safe by the views.
 */

/** After a principal's UPN: never "Member" for what is not a user. */
export const PRINCIPAL_KINDS: Record<PrincipalKind, string> = {
  Member: 'Member',
  Guest: 'Guest',
  ServicePrincipal: 'Application',
  Group: 'Group',
  Unknown: '',
};

const ASSIGNMENTS: Record<AssignmentKind, string> = {
  eligible: 'eligible assignments',
  active: 'active assignments',
  any: 'eligible and active assignments',
};

/** What the review is of, under its name (inbox and review card). `name` is '' when it spans several resources. */
export function reviewOf(r: {
  kind: ReviewKind;
  resourceName: string;
  resourceDetail?: string;
  resources: number;
  assignment?: AssignmentKind;
}): string {
  const name = r.resourceName;
  const several = `${r.resources.toLocaleString('en-US')} resources`;
  switch (r.kind) {
    case 'application':
      return name ? `Who is assigned to the app ${name}` : `Who is assigned to ${several}`;
    case 'accessPackage':
      return r.resourceDetail
        ? `Assignments of the access package ${r.resourceDetail} (policy ${name})`
        : name
          ? `Assignments of the access package policy ${name}`
          : `Access package assignments in ${several}`;
    case 'directoryRole':
      return `${name ? `The Microsoft Entra role ${name}` : 'Microsoft Entra roles'}: ${ASSIGNMENTS[r.assignment ?? 'any']}`;
    case 'azureRole':
      return `${name ? `The Azure role ${name}` : 'Azure roles'}${r.resourceDetail ? ` on ${r.resourceDetail}` : ''}`;
    case 'pimGroup':
      return `${name ? `Membership and ownership of ${name}` : 'Group membership and ownership'} (PIM for Groups): ${ASSIGNMENTS[r.assignment ?? 'any']}`;
    case 'inactiveUsers':
      return name ? `Inactive users with access to ${name}` : `Inactive users' access to ${several}`;
    case 'multiResource':
      return name ? `Access to ${name}` : `Access to ${several}`;
    default:
      return name ? `Access to ${name}` : `Access to ${several}`;
  }
}

/** The access one row is about, when it is not simply the review's one resource. */
export function itemAccess(kind: ResourceKind, name: string, detail: string): string {
  switch (kind) {
    case 'application':
      return detail ? `App role ${detail} in ${name}` : `Assigned to the app ${name}`;
    case 'accessPackage':
      return detail ? `Access package ${detail}, policy ${name}` : `Access package policy ${name}`;
    case 'directoryRole':
      return `Microsoft Entra role ${name}`;
    case 'azureRole':
      return detail ? `Azure role ${name} on ${detail}` : `Azure role ${name}`;
    case 'group':
      return `Group ${name}`;
    default:
      return name;
  }
}

/** What more a row says of the review's own resource. */
export function itemDetail(kind: ResourceKind, detail: string): string {
  switch (kind) {
    case 'application':
      return `App role ${detail}`;
    case 'accessPackage':
      return `Access package ${detail}`;
    case 'azureRole':
      return `On ${detail}`;
    default:
      return detail;
  }
}

/** Said before the reviewer decides, when a deny will not remove the access. */
export const DENY_LIMITS: Record<DenyLimit, string> = {
  indirect: '⚠ Has this through a group: a deny here does not remove it.',
  onPremisesGroup:
    '⚠ This group is synced from on-premises: a review cannot change it, so a deny here does not remove anyone.',
  mailEnabledGroup:
    '⚠ This is a mail-enabled security group or a distribution list: a review cannot change it, so a deny here does not remove anyone.',
  dynamicGroup:
    '⚠ This group’s members come from a membership rule: a deny here does not remove anyone; the rule decides.',
};

/**
 * A row's role or PIM-for-Groups assignment (ASSIGNMENT_DETAILS_ENABLED): "Eligible, until {date}", "Eligible,
 * permanent", "Active, permanent", "Active (activated until {time})"; of a group, "Eligible owner, permanent" or
 * "Active member, until {date}". `end` is when it ends in the reader's own time zone (Teams' DATE and TIME); '' when
 * there is no end to tell.
 */
export function assignmentLine(a: AssignmentDetail, end: { date: string; time: string }): string {
  const what = `${a.kind === 'eligible' ? 'Eligible' : 'Active'}${a.access ? ` ${a.access}` : ''}`;
  if (a.permanent) return `${what}, permanent`;
  if (a.activated) return end.time ? `${what} (activated until ${end.time})` : '';
  return end.date ? `${what}, until ${end.date}` : '';
}

/** After a group principal's kind: how many people the access reaches. */
export function groupMembers(n: number): string {
  return n === 1 ? '1 member' : `${n.toLocaleString('en-US')} members`;
}

/** An Azure role item: Graph lists it, but records no decision on it. */
export const DECIDE_IN_AZURE =
  'Decide on Azure roles in the Azure portal (Privileged Identity Management, Azure resources, Review access): Microsoft Graph cannot record this decision, so Attest does not offer it.';
export const OPEN_AZURE_PORTAL = 'Open the Azure portal';
/** Where Azure resource role reviews are decided (the Azure portal, Privileged Identity Management). */
export const AZURE_PORTAL_URL = 'https://portal.azure.com/#view/Microsoft_Azure_PIMCommon/CommonMenuBlade/~/quickStart';

/** After decisions were recorded: when they take effect. */
export const APPLIED_AT_END =
  'Decisions take effect when the review ends, or when an administrator applies them; until then access is unchanged.';
