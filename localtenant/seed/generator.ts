import { parseDefinitionInput } from '../graph/accessReviews/definitions';
import { DAY_MS } from '../graph/accessReviews/recurrence';
import { badRequest, fail } from '../graph/errors';
import { json, Route, route } from '../http';
import type { Tenant } from '../tenant';
import { CONTOSO } from './contosoDirectory';
import { ATTEST_CATALOG_APP } from './contosoTeams';
import { seededRandom, stableGuid } from './ids';

/** How large a tenant to add. Every id follows from the seed, so two runs with one seed build the same tenant. */
export interface GenerateOptions {
  seed?: number;
  /** Users who review (each gets some items to decide). */
  reviewers?: number;
  /** Access review definitions, each a one-time review of its own group (one instance each). */
  reviews?: number;
  /** Members of each reviewed group, so decision items per instance. */
  itemsPerInstance?: number;
  /**
   * How many of the reviewers already have Attest installed in Teams (the first ones); the others never used it, as
   * a tenant-wide rollout starts (e.g. 500 reviews and 5,000 reviewers with none installed). Default 0.
   */
  appInstalledFor?: number;
}

export interface Generated {
  seed: number;
  users: number;
  groupIds: string[];
  definitionIds: string[];
  /** One-time reviews of one group: each instance id equals its definition id. */
  instanceIds: string[];
  /** A few reviewers to sign in as (each has items in several instances). */
  reviewerUpns: string[];
  /** The first review: every item reviewed by one group owner, for paging a large instance. */
  bigInstance: { definitionId: string; instanceId: string; reviewerUpn: string; items: number };
  /** Reviewers (users 0 .. reviewers-1) with Attest installed, and without it. */
  appInstalled: number;
  appNotInstalled: number;
}

const LIMITS = { reviewers: 100_000, reviews: 1_000, itemsPerInstance: 50_000 };

/**
 * Adds a large, deterministic population to the tenant: users (reviewers and people reviewed, with a manager and a
 * spread of last sign-ins), groups, and in-progress reviews whose reviewers are group owners, managers, or the
 * members themselves, so every reviewer has items spread over several instances.
 */
export function generateTenant(tenant: Tenant, opts: GenerateOptions = {}): Generated {
  const seed = opts.seed ?? 1;
  const reviewers = opts.reviewers ?? 100;
  const reviews = opts.reviews ?? 5;
  const perInstance = opts.itemsPerInstance ?? 200;
  for (const [name, max] of Object.entries(LIMITS)) {
    const value = { reviewers, reviews, itemsPerInstance: perInstance }[name as keyof typeof LIMITS];
    if (!Number.isInteger(value) || value < 1 || value > max) fail(400, 'BadRequest', `${name} must be 1..${max}.`);
  }
  const installed = opts.appInstalledFor ?? 0;
  if (!Number.isInteger(installed) || installed < 0 || installed > reviewers)
    fail(400, 'BadRequest', 'appInstalledFor must be 0..reviewers.');
  const d = tenant.directory;
  const now = tenant.clock.nowMs();
  const random = seededRandom(seed);
  const userId = (i: number) => stableGuid(`generated:${seed}:user:${i}`);
  if (d.users.has(userId(0))) fail(409, 'Conflict', `A tenant was already generated with seed ${seed}.`);

  const population = Math.max(reviewers, perInstance);
  const created = new Date(now - 400 * DAY_MS).toISOString();
  const upn = (i: number) => `user${i}.s${seed}@${tenant.domain}`;
  for (let i = 0; i < population; i++) {
    const r = random();
    const daysAgo = r < 0.05 ? null : r < 0.25 ? 40 + Math.floor(random() * 80) : Math.floor(random() * 20);
    d.addUser({
      id: userId(i),
      displayName: `Generated User ${i} (${seed})`,
      userPrincipalName: upn(i),
      mail: upn(i),
      givenName: 'Generated',
      surname: `User ${i}`,
      jobTitle: null,
      department: `Department ${i % 50}`,
      userType: i % 20 === 19 ? 'Guest' : 'Member',
      accountEnabled: true,
      createdDateTime: created,
      lastSignInDateTime: daysAgo === null ? null : new Date(now - daysAgo * DAY_MS).toISOString(),
      // Managers are reviewers, so ./manager reviews spread items over all of them.
      managerId: userId(Math.floor(random() * reviewers)),
      directoryRoles: [],
    });
  }

  const out: Generated = {
    seed,
    users: population,
    groupIds: [],
    definitionIds: [],
    instanceIds: [],
    reviewerUpns: [],
    bigInstance: { definitionId: '', instanceId: '', reviewerUpn: upn(0), items: perInstance },
    appInstalled: installed,
    appNotInstalled: reviewers - installed,
  };
  const attest =
    tenant.teamsApps.catalogApp(ATTEST_CATALOG_APP.id) ?? tenant.teamsApps.addToCatalog({ ...ATTEST_CATALOG_APP });
  for (let i = 0; i < installed; i++) tenant.teamsApps.add(userId(i), attest);
  const createdBy = {
    id: CONTOSO.admin,
    displayName: 'MOD Administrator',
    userPrincipalName: `admin@${tenant.domain}`,
  };
  for (let j = 0; j < reviews; j++) {
    const groupId = stableGuid(`generated:${seed}:group:${j}`);
    const offset = Math.floor(random() * population);
    const members = new Set<string>();
    for (let k = 0; k < perInstance; k++) members.add(userId((offset + k) % population));
    d.addGroup({
      id: groupId,
      displayName: `Generated Group ${j} (${seed})`,
      description: null,
      groupTypes: j % 2 ? ['Unified'] : [],
      mailEnabled: j % 2 === 1,
      mailNickname: `generated${seed}g${j}`,
      securityEnabled: true,
      visibility: j % 2 ? 'Private' : null,
      createdDateTime: created,
      members,
      owners: new Set([userId(j % reviewers), userId((j * 7 + 1) % reviewers)].slice(0, j === 0 ? 1 : 2)),
    });
    // The first review is the big one (its single owner reviews every item); then managers, owners, self-review.
    const reviewerScopes =
      j === 0 || j % 3 === 2
        ? [{ query: `/groups/${groupId}/owners`, queryType: 'MicrosoftGraph' }]
        : j % 3 === 1
          ? [{ query: './manager', queryType: 'MicrosoftGraph', queryRoot: 'decisions' }]
          : [];
    const input = parseDefinitionInput(
      {
        displayName: `Generated review ${j} (${seed})`,
        descriptionForAdmins: 'Generated for scale tests.',
        descriptionForReviewers: 'Please review these members.',
        scope: { query: `/groups/${groupId}/transitiveMembers`, queryType: 'MicrosoftGraph' },
        instanceEnumerationScope: { query: `/groups/${groupId}`, queryType: 'MicrosoftGraph' },
        reviewers: reviewerScopes,
        fallbackReviewers: [{ query: `/users/${userId(0)}`, queryType: 'MicrosoftGraph' }],
        settings: {
          instanceDurationInDays: 14,
          recommendationsEnabled: true,
          recurrence: { pattern: null, range: { type: 'numbered', startDate: new Date(now - DAY_MS).toISOString() } },
        },
      },
      d,
      now,
    );
    const id = stableGuid(`generated:${seed}:review:${j}`);
    tenant.reviews.create(input, createdBy, { id, createdMs: now - DAY_MS });
    out.groupIds.push(groupId);
    out.definitionIds.push(id);
    out.instanceIds.push(id);
  }
  out.bigInstance.definitionId = out.definitionIds[0];
  out.bigInstance.instanceId = out.instanceIds[0];
  for (let i = 0; i < Math.min(5, reviewers); i++) out.reviewerUpns.push(upn(Math.floor((i * reviewers) / 5)));
  return out;
}

/** POST /_localtenant/generate {seed, reviewers, reviews, itemsPerInstance, appInstalledFor}: 201 with the ids created. */
export function generatorRoutes(tenant: Tenant): Route[] {
  return [
    route('POST', /^\/_localtenant\/generate$/, 'knob generate', (req) => {
      const body = (req.body ?? {}) as GenerateOptions;
      if (typeof body !== 'object' || Array.isArray(body))
        return badRequest('Send {"seed", "reviewers", "reviews", "itemsPerInstance", "appInstalledFor"}.');
      return json(201, generateTenant(tenant, body));
    }),
  ];
}
