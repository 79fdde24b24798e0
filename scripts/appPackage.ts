import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import { EnvValues, expandEnvValues, readEnvFile } from './envFiles';

/**
 * The Teams app package: appPackage/manifest.json with its ${{VAR}} placeholders filled from env/.env.<name> (and the
 * git-ignored env/.env.<name>.user, as the toolkit reads them), checked offline against the manifest schema that
 * @microsoft/app-manifest bundles, its icons checked, and zipped with them.
 */

export interface PackageSources {
  appDir: string; // the folder of manifest.json and its icons
  envDir: string;
  envName: string;
}

export const ROOT = join(__dirname, '..');
export const defaultSources = (envName: string): PackageSources => ({
  appDir: join(ROOT, 'appPackage'),
  envDir: join(ROOT, 'env'),
  envName,
});

/**
 * Provisioning (atk provision) writes these to the env file; until then they are empty. A check before
 * provisioning stands these obviously made-up values in for them (reserved example.com, zero-padded GUIDs) and says
 * so; a package is never built with them.
 */
export const SAMPLE_VALUES: EnvValues = {
  TEAMS_APP_ID: '00000000-0000-0000-0000-00000000a001',
  BOT_ID: '00000000-0000-0000-0000-00000000b001',
  AAD_APP_CLIENT_ID: '00000000-0000-0000-0000-00000000c001',
  BOT_DOMAIN: 'attest.example.com',
};

/** Placeholders that may be empty: the suffix of the app's name (production has none). */
const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX']);

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A package that cannot be built: every reason, one a line. */
export class PackageError extends Error {
  constructor(problems: string[]) {
    super(problems.join('\n'));
  }
}

function schemaUrl(manifestVersion: string): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`;
}

/** Calls fn on every string in a JSON value and returns the value with each string replaced by fn's answer. */
function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  }
  return value;
}

function placeholdersIn(template: unknown): string[] {
  const names = new Set<string>();
  mapStrings(template, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) names.add(m[1]);
    return s;
  });
  return [...names];
}

/** Fills every placeholder inside the manifest's strings, so no value can break the JSON around it. */
function fillPlaceholders(template: unknown, values: EnvValues): unknown {
  return mapStrings(template, (s) => s.replace(PLACEHOLDER, (_, name: string) => values[name]));
}

function readTemplate(appDir: string): unknown {
  return JSON.parse(readFileSync(join(appDir, 'manifest.json'), 'utf8'));
}

/**
 * The values of the template's placeholders, and the names with none (missing, or empty where a value is needed).
 * A value may name another variable of the same files with ${NAME}.
 */
function placeholderValues(template: unknown, { envDir, envName }: PackageSources) {
  if (!/^[A-Za-z0-9_-]+$/.test(envName)) throw new PackageError([`"${envName}" is not an environment name`]);
  const envFile = join('env', `.env.${envName}`);
  const all = {
    ...readEnvFile(join(envDir, `.env.${envName}`)),
    ...readEnvFile(join(envDir, `.env.${envName}.user`), { optional: true }),
  };
  const names = placeholdersIn(template);
  const given = Object.fromEntries(names.filter((n) => all[n] !== undefined).map((n) => [n, all[n]]));
  const values = expandEnvValues(given, all, envFile);
  const missing = names.filter((n) => values[n] === undefined || (values[n] === '' && !MAY_BE_EMPTY.has(n)));
  return { values, missing, envFile };
}

type Validate = typeof AppManifestUtils.validateAgainstSchema;

/**
 * The manifest schema of this manifest version as @microsoft/app-manifest bundles it. Given no schema, the library
 * would fetch the one the manifest's $schema names when it has no copy, so it is always given this one.
 */
function bundledSchema(manifestVersion: string): Parameters<Validate>[1] {
  if (!/^1\.\d+$/.test(manifestVersion)) return undefined;
  try {
    const file = require.resolve(
      `@microsoft/app-manifest/build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`,
    );
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** A host name, perhaps with a leading wildcard label: Teams wants no scheme, path or port in validDomains. */
const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** What is wrong with a filled manifest: the schema's findings, then the domains. Empty when it is valid. */
export async function manifestProblems(manifest: unknown): Promise<string[]> {
  const m = manifest as { manifestVersion?: unknown; $schema?: unknown; validDomains?: unknown };
  const version = typeof m.manifestVersion === 'string' ? m.manifestVersion : '';
  const schema = bundledSchema(version);
  if (!schema) return [`manifestVersion "${version}": @microsoft/app-manifest bundles no schema for it`];
  const findings = await AppManifestUtils.validateAgainstSchema(manifest as Parameters<Validate>[0], schema);
  const problems = findings.map((p) => `manifest.json${p}`);
  if (m.$schema !== schemaUrl(version)) {
    problems.push(`manifest.json/$schema must be ${schemaUrl(version)} (the schema of manifestVersion ${version})`);
  }
  const domains = Array.isArray(m.validDomains) ? m.validDomains : [];
  for (const d of domains) {
    if (typeof d !== 'string' || !DOMAIN.test(d)) {
      problems.push(`manifest.json/validDomains: "${d}" is not a host name (no https://, path or port)`);
    }
  }
  return problems;
}

/** Teams' colour icon: 192x192 and full-bleed (no pixel at all transparent). */
function colorIconProblems(png: PNG, name = 'color icon'): string[] {
  if (png.width !== 192 || png.height !== 192) return [`${name} is ${png.width}x${png.height}, not 192x192`];
  let seeThrough = 0;
  for (let i = 3; i < png.data.length; i += 4) if (png.data[i] !== 255) seeThrough++;
  return seeThrough ? [`${name} is not full-bleed: ${seeThrough} pixels are not opaque`] : [];
}

/**
 * Teams' outline icon: 32x32, white on a transparent background. Every pixel is white (anti-aliased edges are white
 * with partial alpha) or fully transparent, the corners are transparent, and so is most of the icon.
 */
export function outlineIconProblems(png: PNG, name = 'outline icon'): string[] {
  const { width, height, data } = png;
  if (width !== 32 || height !== 32) return [`${name} is ${width}x${height}, not 32x32`];
  const problems: string[] = [];
  let coloured = 0;
  let clear = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) clear++;
    else if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) coloured++;
  }
  if (coloured) problems.push(`${name} has ${coloured} pixels that are neither white nor transparent`);
  const corners = [0, width - 1, (height - 1) * width, height * width - 1];
  if (corners.some((p) => data[p * 4 + 3] !== 0) || clear < (width * height) / 2) {
    problems.push(`${name} has no transparent background`);
  }
  return problems;
}

interface Icons {
  color: string;
  outline: string;
}

function iconsOf(manifest: unknown): Icons {
  return (manifest as { icons: Icons }).icons;
}

function iconProblems(appDir: string, icons: Icons): string[] {
  const read = (file: string) => PNG.sync.read(readFileSync(join(appDir, file)));
  try {
    return [
      ...colorIconProblems(read(icons.color), icons.color),
      ...outlineIconProblems(read(icons.outline), icons.outline),
    ];
  } catch (err) {
    return [`icons: ${err instanceof Error ? err.message : String(err)}`];
  }
}

export interface CheckedPackage {
  manifest: unknown;
  envFile: string;
  /** The placeholders that sample values stood in for (only when samples were allowed). */
  sampled: string[];
}

/**
 * Fills and checks the manifest and its icons. With samples, the provisioning outputs that have no value yet are
 * checked with SAMPLE_VALUES; any other placeholder without a value is refused, naming each.
 */
export async function checkAppPackage(sources: PackageSources, opts: { samples: boolean }): Promise<CheckedPackage> {
  const template = readTemplate(sources.appDir);
  const { values, missing, envFile } = placeholderValues(template, sources);
  const sampled = opts.samples ? missing.filter((n) => SAMPLE_VALUES[n] !== undefined) : [];
  for (const name of sampled) values[name] = SAMPLE_VALUES[name];
  const unfilled = missing.filter((n) => !sampled.includes(n));
  if (unfilled.length) {
    const provisioned = unfilled.some((n) => SAMPLE_VALUES[n] !== undefined);
    throw new PackageError([
      `${envFile} has no value for ${unfilled.join(', ')}, which appPackage/manifest.json uses` +
        (provisioned
          ? ` (atk provision --env ${sources.envName} writes ${Object.keys(SAMPLE_VALUES).join(', ')})`
          : ''),
    ]);
  }
  const manifest = fillPlaceholders(template, values);
  const problems = await manifestProblems(manifest);
  // The icons are checked once the manifest names them validly.
  if (!problems.length) problems.push(...iconProblems(sources.appDir, iconsOf(manifest)));
  if (problems.length) throw new PackageError(problems);
  return { manifest, envFile, sampled };
}

/** Checks the package with real values only and writes <outDir>/appPackage.<env>.zip: the manifest and its icons. */
export async function buildAppPackage(sources: PackageSources, outDir: string): Promise<string> {
  const { manifest } = await checkAppPackage(sources, { samples: false });
  const icons = iconsOf(manifest);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  for (const icon of [icons.color, icons.outline]) zip.addFile(icon, readFileSync(join(sources.appDir, icon)));
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `appPackage.${sources.envName}.zip`);
  await zip.writeZipPromise(file);
  return file;
}
