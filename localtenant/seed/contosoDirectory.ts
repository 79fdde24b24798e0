import type { Directory } from '../directory';
import { Group, User } from '../model';
import type { Tenant } from '../tenant';
import { stableGuid } from './ids';

/**
 * Contoso's people and groups. The ids of the first users and groups are those of the public access reviews
 * tutorials (shared/seeds), so their requests can be sent as written.
 */
export const CONTOSO = {
  admin: 'b828cc0e-4240-46ed-bb25-888744487e2d',
  alex: '43b12b0c-ee2c-4257-96fe-505d823e06ab',
  allan: '859924d0-7115-422a-9ee8-ea8c0c014707',
  megan: '010b2de0-0ed4-4ece-bfa2-22fff71d0497',
  diego: 'c9a5aff7-9298-4d71-adab-0a222e0a05e4',
  johnDoeGuest: 'baf1b0a0-1f9a-4a56-9884-6a30824f8d20',
  buildingSecurity: '825f1b5e-6fb2-4d9a-b393-d491101acc0c',
  feelgoodMarketing: '59ab642a-2776-4e32-9b68-9ff7a47b7f6a',
  salesAndMarketing: stableGuid('contoso:group:sales-and-marketing'),
  financeApprovers: stableGuid('contoso:group:finance-approvers'),
  projectFalcon: stableGuid('contoso:group:project-falcon'),
  retailPartners: stableGuid('contoso:group:retail-partners'),
} as const;

const FIRST = [
  'Adele',
  'Grady',
  'Henrietta',
  'Isaiah',
  'Johanna',
  'Joni',
  'Lee',
  'Lidia',
  'Lynne',
  'Miriam',
  'Nestor',
  'Patti',
  'Pradeep',
  'Christie',
  'Debra',
];
const LAST = [
  'Vance',
  'Archie',
  'Mueller',
  'Langer',
  'Lorenz',
  'Sherman',
  'Gu',
  'Holloway',
  'Robbins',
  'Graham',
  'Wilke',
  'Fernandez',
  'Gupta',
  'Cline',
  'Berger',
];

/** Days since last sign-in for the generated staff: most recent, every fifth stale (older than 30 days), a few never. */
function staleness(i: number): number | null {
  if (i % 17 === 16) return null;
  if (i % 5 === 4) return 45 + (i % 40);
  return i % 12;
}

/**
 * A group as the Contoso seeds add it: unless `g` says otherwise, a security group described by its name, with its
 * name's letters and digits as its mail nickname.
 */
export function addSeedGroup(
  d: Directory,
  created: string,
  id: string,
  displayName: string,
  g: Partial<Group>,
  owners: string[],
  members: string[],
): Group {
  return d.addGroup({
    id,
    displayName,
    description: displayName,
    groupTypes: [],
    mailEnabled: false,
    mailNickname: displayName.replace(/[^A-Za-z0-9]/g, ''),
    securityEnabled: true,
    visibility: null,
    createdDateTime: created,
    ...g,
    owners: new Set(owners),
    members: new Set(members),
  });
}

export function seedContosoDirectory(tenant: Tenant): void {
  const d = tenant.directory;
  const now = tenant.clock.nowMs();
  const created = new Date(now - 400 * 86_400_000).toISOString();
  const daysAgo = (n: number | null) => (n === null ? null : new Date(now - n * 86_400_000).toISOString());
  const user = (id: string, displayName: string, upn: string, extra: Partial<User> = {}): User =>
    d.addUser({
      id,
      displayName,
      userPrincipalName: upn,
      mail: upn,
      givenName: displayName.split(' ')[0] ?? null,
      surname: displayName.split(' ').slice(1).join(' ') || null,
      jobTitle: null,
      department: null,
      userType: 'Member',
      accountEnabled: true,
      createdDateTime: created,
      lastSignInDateTime: daysAgo(1),
      managerId: null,
      directoryRoles: [],
      ...extra,
    });
  const group = (id: string, displayName: string, g: Partial<Group>, owners: string[], members: string[]): Group =>
    addSeedGroup(d, created, id, displayName, g, owners, members);

  user(CONTOSO.admin, 'MOD Administrator', 'admin@contoso.com', {
    directoryRoles: ['Global Administrator'],
    jobTitle: 'IT Admin',
  });
  user(CONTOSO.megan, 'Megan Bowen', 'MeganB@contoso.com', {
    jobTitle: 'Marketing Manager',
    department: 'Marketing',
    managerId: CONTOSO.admin,
  });
  user(CONTOSO.alex, 'Alex Wilber', 'AlexW@contoso.com', {
    jobTitle: 'Marketing Assistant',
    department: 'Marketing',
    managerId: CONTOSO.megan,
  });
  user(CONTOSO.allan, 'Allan Deyoung', 'AllanD@contoso.com', {
    jobTitle: 'IT Admin',
    department: 'IT',
    managerId: CONTOSO.admin,
    lastSignInDateTime: daysAgo(52),
  });
  user(CONTOSO.diego, 'Diego Siciliani', 'DiegoS@contoso.com', {
    jobTitle: 'HR Manager',
    department: 'HR',
    managerId: CONTOSO.admin,
  });
  user(CONTOSO.johnDoeGuest, 'John Doe (Tailspin Toys)', 'john.doe@outlook.com', {
    userType: 'Guest',
    mail: 'john.doe@outlook.com',
    givenName: null,
    surname: null,
    lastSignInDateTime: daysAgo(75),
  });

  // Seventy staff for the large review, and five partner guests.
  const staff: string[] = [];
  for (let i = 0; i < 70; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length]}`;
    const nick = `${name.split(' ')[0]}${name.split(' ')[1][0]}${i + 1}`;
    const id = stableGuid(`contoso:user:${i}`);
    user(id, name, `${nick}@contoso.com`, {
      department: i % 2 ? 'Sales' : 'Marketing',
      jobTitle: i % 2 ? 'Account Executive' : 'Marketing Specialist',
      managerId: CONTOSO.megan,
      lastSignInDateTime: daysAgo(staleness(i)),
    });
    staff.push(id);
  }
  const partners: string[] = [];
  for (let i = 0; i < 5; i++) {
    const id = stableGuid(`contoso:guest:${i}`);
    const company = ['fabrikam.com', 'northwind.com', 'adatum.com', 'litware.com', 'wingtip.com'][i];
    user(
      id,
      `${FIRST[(i + 3) % FIRST.length]} ${LAST[(i + 5) % LAST.length]} (${company})`,
      `partner${i + 1}@${company}`,
      { userType: 'Guest', lastSignInDateTime: daysAgo(i * 20) },
    );
    partners.push(id);
  }

  group(
    CONTOSO.buildingSecurity,
    'Building security group',
    { mailNickname: 'buildingsecurity' },
    [CONTOSO.megan, CONTOSO.admin],
    [CONTOSO.alex, CONTOSO.allan],
  );
  group(
    CONTOSO.feelgoodMarketing,
    'Feelgood Marketing Campaign',
    {
      description: 'Feelgood Marketing Campaign with external partners and vendors.',
      groupTypes: ['Unified'],
      mailEnabled: true,
      mailNickname: 'FeelGoodCampaign',
      visibility: 'Public',
    },
    [CONTOSO.alex, CONTOSO.admin],
    [CONTOSO.johnDoeGuest, CONTOSO.alex, partners[0]],
  );
  group(
    CONTOSO.salesAndMarketing,
    'Sales and Marketing',
    { groupTypes: ['Unified'], mailEnabled: true, mailNickname: 'SalesAndMarketing', visibility: 'Private' },
    [CONTOSO.alex, CONTOSO.megan],
    staff.slice(0, 65),
  );
  group(
    CONTOSO.financeApprovers,
    'Finance Approvers',
    {},
    [CONTOSO.alex],
    [CONTOSO.allan, CONTOSO.diego, staff[4], staff[9], staff[16], staff[20]],
  );
  group(
    CONTOSO.projectFalcon,
    'Project Falcon',
    { groupTypes: ['Unified'], mailEnabled: true, mailNickname: 'ProjectFalcon', visibility: 'Private' },
    [CONTOSO.alex],
    [CONTOSO.megan, CONTOSO.diego, staff[1], staff[2], staff[3]],
  );
  group(
    CONTOSO.retailPartners,
    'Retail Partners',
    { groupTypes: ['Unified'], mailEnabled: true, mailNickname: 'RetailPartners', visibility: 'Private' },
    [CONTOSO.alex],
    [...partners.slice(1), CONTOSO.johnDoeGuest],
  );
}
