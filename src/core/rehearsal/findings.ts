/**
 * "What your IdP will hit": how Harness handles what identity providers send, each with the Harness
 * source that says so (harness-core 1dcec145, "HC"; the 2025 copy, "HC2"), and what this run saw:
 * from its own test user and group, and from a read-only look at the account's SCIM users and
 * groups (counts only; no address leaves the account in the report).
 */
import { capList, clip } from '../listCap';
import type { Observations } from './actions';
import type { ScimPort } from './cleanup';
import type { RehearsalIdentities } from './identities';
import type { RehearsalFinding } from './types';

// Shown in the report as "HC <path>:<lines>"; the report's section names the commit once.
const NG_USER = 'HC ng/scim/NGScimUserServiceImpl.java';
const NG_GROUP = 'HC ng/scim/NGScimGroupServiceImpl.java';
const CG_USER = 'HC wings/scim/ScimUserServiceImpl.java';

/** What the short source paths stand for. */
export const FINDING_SOURCES =
  'HC = harness-core 1dcec145 (ng/ in 120-ng-manager, wings/ in 400-rest, utils/ in 980-commons); HC2 = its 2025 copy.';

/** What a read-only look at the account showed; fields are absent when the read failed. */
export interface AccountSurvey {
  users?: { count: number; pageSize: number; totalResults: number; withPlus: number; notAddresses: number };
  /** totalResults of a one-user page, when the account has at least two SCIM users. */
  onePageTotal?: number;
  /** Whether an `eq` lookup, sent the way identity providers send it, found a `+` address. */
  plusLookupFound?: boolean;
  groups?: { count: number; renamed: number; collisions: string[][] };
}

const SURVEY_PAGE = 100;

/**
 * The identifier Harness derives from a SCIM group's display name (HC
 * 980-commons/src/main/java/io/harness/utils/UuidAndIdentifierUtils.java:41-51, :70-71): `.` and `-`
 * become `_`, accents go, leading digits/dashes/`$` go, characters other than letters, digits, `_`,
 * `$` and spaces go, and spaces become `_`.
 */
export function harnessGroupIdentifier(name: string): string {
  if (name.trim() === '') return '';
  const formatted = name
    .trim()
    .replace(/[.-]/g, '_')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  return formatted
    .trim()
    .replace(/^[0-9\-$]*/, '')
    .replace(/[^0-9a-zA-Z_$ ]/g, '')
    .replace(/\s/g, '_');
}

/** Reads the account's SCIM users and groups; never throws (a refused read leaves its part empty). */
export async function surveyAccount(scim: ScimPort, token: string): Promise<AccountSurvey> {
  const survey: AccountSurvey = {};
  try {
    const page = await scim.listUsers(token, { startIndex: 1, count: SURVEY_PAGE });
    const names = page.Resources.map((u) => u.userName ?? '');
    survey.users = {
      count: page.Resources.length,
      pageSize: page.itemsPerPage ?? SURVEY_PAGE,
      totalResults: page.totalResults,
      withPlus: names.filter((n) => n.includes('+')).length,
      notAddresses: names.filter((n) => !/^[^@\s]+@[^@\s]+$/.test(n)).length,
    };
    if (page.Resources.length >= 2)
      survey.onePageTotal = (await scim.listUsers(token, { startIndex: 1, count: 1 })).totalResults;
    const plus = names.find((n) => n.includes('+'));
    if (plus !== undefined) {
      // Sent as identity providers send it: encoded once. Harness decodes it twice.
      const found = await scim.listUsers(token, { filter: `userName eq "${plus}"` });
      survey.plusLookupFound = found.Resources.some((u) => u.userName === plus);
    }
  } catch {
    // No user data: the findings say what Harness's source does, without an observation.
  }
  try {
    const page = await scim.listGroups(token, { startIndex: 1, count: SURVEY_PAGE });
    const byId = new Map<string, string[]>();
    let renamed = 0;
    for (const g of page.Resources) {
      const name = g.displayName ?? '';
      if (g.id !== name) renamed++;
      const id = harnessGroupIdentifier(name);
      byId.set(id, [...(byId.get(id) ?? []), name]);
    }
    survey.groups = {
      count: page.Resources.length,
      renamed,
      collisions: [...byId.values()].filter((names) => new Set(names).size > 1),
    };
  } catch {
    // as above
  }
  return survey;
}

/** `provider`: who issued the token (recognised from it), so the admin knows whose userName mapping to check. */
export function buildFindings(
  ids: RehearsalIdentities,
  seen: Observations,
  survey: AccountSurvey,
  provider?: string,
): RehearsalFinding[] {
  const findings: RehearsalFinding[] = [];

  const userName: RehearsalFinding = {
    id: 'username-is-email',
    title: 'userName becomes the e-mail, lower-cased; emails[] is ignored',
    detail: "A userName that is a UPN or an id becomes the user's e-mail. Lookups compare case-sensitively.",
    source: `${NG_USER}:86, :498-500, :382-386; ${CG_USER}:254-256`,
  };
  const obs: string[] = [];
  if (provider !== undefined) obs.push(`your token is from ${provider}: check which attribute it sends as userName`);
  if (seen.createdUserName !== undefined) obs.push(`the test user came back as userName ${seen.createdUserName}`);
  if (survey.users)
    obs.push(
      `${survey.users.notAddresses} of ${survey.users.count} SCIM users read have a userName that is not an e-mail address`,
    );
  if (obs.length > 0) userName.observed = `${obs.join('; ')}.`;
  findings.push(userName);

  const groups: RehearsalFinding = {
    id: 'group-identifiers',
    title: 'Group names become identifiers; names that normalise alike collide',
    detail:
      '"Dev-Ops", "Dev.Ops" and "Dev Ops" are all Dev_Ops: the second push fails with 409 (2023) or reuses the first group (2025).',
    source: `${NG_GROUP}:417-419; HC utils/UuidAndIdentifierUtils.java:41-51; HC2 NGScimGroupServiceImpl.createGroup`,
  };
  const gobs: string[] = [];
  if (seen.groupId !== undefined) gobs.push(`the test group ${ids.groupName} got the id ${seen.groupId}`);
  if (survey.groups) {
    gobs.push(`${survey.groups.renamed} of ${survey.groups.count} SCIM groups read have an id unlike the name`);
    // As many as the account holds: a few, and how many more.
    const shown = capList(survey.groups.collisions, {
      separator: '; ',
      show: (names) => capList(names, { show: (n) => `"${clip(n)}"` }),
    });
    if (survey.groups.collisions.length > 0) gobs.push(`colliding names: ${shown}`);
  }
  if (gobs.length > 0) groups.observed = `${gobs.join('; ')}.`;
  findings.push(groups);

  const total: RehearsalFinding = {
    id: 'total-results',
    title: 'totalResults is the size of the page, not the total',
    detail: 'A client paging by totalResults stops after the first page (20 by default).',
    source: `${CG_USER}:241-243; ${NG_GROUP}:115-117`,
  };
  if (survey.onePageTotal !== undefined && survey.users) {
    total.observed = `A one-user page said totalResults ${survey.onePageTotal}; the account has at least ${survey.users.count} SCIM users.`;
  }
  findings.push(total);

  const plus: RehearsalFinding = {
    id: 'plus-addresses',
    title: 'Addresses with "+" are invisible to eq filters',
    detail: 'Filters are URL-decoded twice: "+" becomes a space, so an IdP never finds such a user.',
    source: `${CG_USER}:223; ${NG_GROUP}:97`,
  };
  if (survey.users) {
    plus.observed =
      `${survey.users.withPlus} of ${survey.users.count} SCIM users read have a "+"` +
      (survey.plusLookupFound === undefined
        ? '.'
        : survey.plusLookupFound
          ? '; an eq lookup of one found it.'
          : '; an eq lookup of one, sent as IdPs send it, found nothing.');
  }
  findings.push(plus);

  const external: RehearsalFinding = {
    id: 'external-id',
    title: 'externalId is set once, at create',
    detail: 'A PATCH of externalId is ignored; an `externalId eq` filter compares the e-mail, so never matches.',
    source: `${NG_USER}:127, :444, :357-416; ${CG_USER}:254-256`,
  };
  if (seen.externalIdAfterPatch !== undefined) {
    external.observed = `Step 5 sent a new externalId; Harness answered ${String(seen.externalIdAfterPatch)}.`;
  }
  findings.push(external);

  const names: RehearsalFinding = {
    id: 'name-patches',
    title: 'A PATCH applies only displayName, active and userName',
    detail: 'name.givenName and the rest are ignored (Entra ID PATCHes names); a PUT (Okta) stores them.',
    source: `${NG_USER}:357-416, :268-336`,
  };
  if (seen.givenNameApplied !== undefined)
    names.observed = `Step 5 sent name.givenName; Harness ${seen.givenNameApplied ? 'applied' : 'ignored'} it.`;
  findings.push(names);

  return findings;
}
