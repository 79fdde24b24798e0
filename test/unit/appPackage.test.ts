import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { COMMANDS } from '../../src/bot/commands';
import {
  buildAppPackage,
  checkAppPackage,
  defaultSources,
  manifestProblems,
  outlineIconProblems,
  PackageSources,
  SAMPLE_VALUES,
} from '../../scripts/appPackage';

// @microsoft/app-manifest requires strip-bom 5, an ES module, to read manifest files (which these tests do not ask
// it to do). Node 20 can require an ES module; Jest before Node 24.9 cannot, so Jest gets a CommonJS equivalent.
jest.mock(
  require.resolve('strip-bom', {
    paths: [
      jest.requireActual<typeof import('node:path')>('node:path').dirname(require.resolve('@microsoft/app-manifest')),
    ],
  }),
  () => ({ __esModule: true, default: (text: string) => text.replace(/^\uFEFF/, '') }),
);

const APP_DIR = defaultSources('dev').appDir;
const readIcon = (file: string) => PNG.sync.read(readFileSync(join(APP_DIR, file)));

const PROVISIONED = {
  TEAMS_APP_ID: '6f1d3c2a-9b8e-4f7a-a1c2-3d4e5f6a7b8c',
  BOT_ID: '0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
  AAD_APP_CLIENT_ID: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
};

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'attest-app-package-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An env folder with env/.env.<name> (and .user) holding these lines. */
function envDir(name: string, lines: string[], userLines?: string[]): string {
  const dir = join(work, `env-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `.env.${name}`), lines.join('\n') + '\n');
  if (userLines) writeFileSync(join(dir, `.env.${name}.user`), userLines.join('\n') + '\n');
  return dir;
}

async function problemsOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the package to be refused');
}

describe('the Teams app package', () => {
  it('the manifest is valid with env/.env.dev, against the schema the library bundles, without the network', async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('no network in this test'));
    try {
      const { manifest, sampled } = await checkAppPackage(defaultSources('dev'), { samples: true });
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(JSON.stringify(manifest)).not.toContain('${{');
      // Only provisioning outputs that env/.env.dev does not have yet are stood in for.
      for (const name of sampled) expect(Object.keys(SAMPLE_VALUES)).toContain(name);
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('reports what is wrong with a broken manifest', async () => {
    const { manifest } = await checkAppPackage(defaultSources('dev'), { samples: true });
    const broken = JSON.parse(JSON.stringify(manifest));
    delete broken.bots[0].botId;
    broken.accentColor = 'purple';
    broken.validDomains.push('https://attest.example.com/api');
    const problems = await manifestProblems(broken);
    expect(problems.join('\n')).toMatch(/bots\/0 .*botId/);
    expect(problems.join('\n')).toContain('/accentColor');
    expect(problems.join('\n')).toContain('"https://attest.example.com/api" is not a host name');

    const tooManyCommands = JSON.parse(JSON.stringify(manifest));
    const commands = tooManyCommands.bots[0].commandLists[0].commands;
    for (let i = 0; commands.length <= 10; i++) commands.push({ title: `command ${i}`, description: 'one too many' });
    expect((await manifestProblems(tooManyCommands)).join('\n')).toContain('commands');

    expect(await manifestProblems({ ...(manifest as object), manifestVersion: '1.18' })).toEqual([
      'manifestVersion "1.18": @microsoft/app-manifest bundles no schema for it',
    ]);
  });

  it('refuses to build while a placeholder has no value, naming each, and writes nothing', async () => {
    const sources: PackageSources = {
      appDir: APP_DIR,
      envDir: envDir('unprovisioned', [
        `TEAMS_APP_ID=${PROVISIONED.TEAMS_APP_ID}`,
        'BOT_ID=',
        `AAD_APP_CLIENT_ID=${PROVISIONED.AAD_APP_CLIENT_ID}`,
        'APP_NAME_SUFFIX=',
      ]),
      envName: 'unprovisioned',
    };
    const out = join(work, 'out-unprovisioned');
    const message = await problemsOf(buildAppPackage(sources, out));
    const named = /env\/\.env\.unprovisioned has no value for (.*), which/.exec(message)?.[1].split(', ');
    expect(named?.sort()).toEqual(['BOT_DOMAIN', 'BOT_ID']);
    expect(existsSync(out)).toBe(false);
  });

  it('builds a zip of exactly the filled manifest and the two icons', async () => {
    const sources: PackageSources = {
      appDir: APP_DIR,
      envDir: envDir(
        'prod',
        [
          ...Object.entries(PROVISIONED).map(([k, v]) => `${k}=${v}`),
          'APP_NAME_SUFFIX=',
          'BOT_DOMAIN=wrong.example.com',
        ],
        ['BOT_DOMAIN=attest.contoso.com'],
      ),
      envName: 'prod',
    };
    const file = await buildAppPackage(sources, join(work, 'out'));
    expect(file).toBe(join(work, 'out', 'appPackage.prod.zip'));

    const zip = new AdmZip(file);
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const text = zip.readAsText('manifest.json');
    expect(text).not.toContain('${{');
    const manifest = JSON.parse(text);
    expect(manifest.id).toBe(PROVISIONED.TEAMS_APP_ID);
    expect(manifest.name.short).toBe('Attest');
    expect(manifest.bots[0].botId).toBe(PROVISIONED.BOT_ID);
    expect(manifest.webApplicationInfo).toEqual({
      id: PROVISIONED.AAD_APP_CLIENT_ID,
      resource: `api://botid-${PROVISIONED.BOT_ID}`,
    });
    // The git-ignored .user file wins, as with the toolkit.
    expect(manifest.validDomains).toContain('attest.contoso.com');
    expect(manifest.developer.privacyUrl).toBe('https://attest.contoso.com/privacy');
    for (const icon of ['color.png', 'outline.png']) {
      expect(zip.readFile(icon)?.equals(readFileSync(join(APP_DIR, icon)))).toBe(true);
    }
  });

  it('refuses icons of the wrong kind', async () => {
    const appDir = join(work, 'swapped-icons');
    mkdirSync(appDir);
    copyFileSync(join(APP_DIR, 'manifest.json'), join(appDir, 'manifest.json'));
    copyFileSync(join(APP_DIR, 'outline.png'), join(appDir, 'color.png'));
    copyFileSync(join(APP_DIR, 'color.png'), join(appDir, 'outline.png'));
    const message = await problemsOf(checkAppPackage({ ...defaultSources('dev'), appDir }, { samples: true }));
    expect(message).toContain('color.png is 32x32, not 192x192');
    expect(message).toContain('outline.png is 192x192, not 32x32');

    const grey = new PNG({ width: 32, height: 32 });
    grey.data.fill(0);
    grey.data.set([128, 128, 128, 255], (16 * 32 + 16) * 4);
    expect(outlineIconProblems(grey)).toEqual(['outline icon has 1 pixels that are neither white nor transparent']);
  });
});

describe('the manifest command menu', () => {
  const template = JSON.parse(readFileSync(join(APP_DIR, 'manifest.json'), 'utf8'));
  const titles: string[] = template.bots[0].commandLists.flatMap((list: { commands: { title: string }[] }) =>
    list.commands.map((c) => c.title),
  );
  const commandsFor = (text: string) =>
    Object.entries(COMMANDS)
      .filter(([, pattern]) => pattern.test(text))
      .map(([name]) => name);

  it('lists every command the bot has', () => {
    const unlisted = Object.keys(COMMANDS).filter((name) => !titles.some((t) => commandsFor(t).includes(name)));
    expect(unlisted).toEqual([]);
  });

  it('lists only titles the bot recognises, each as one command', () => {
    expect(titles.filter((t) => commandsFor(t).length !== 1)).toEqual([]);
  });
});

describe('the icons', () => {
  it('colour icon: 192x192, full-bleed (no pixel transparent at all)', () => {
    const color = readIcon('color.png');
    expect([color.width, color.height]).toEqual([192, 192]);
    const alphas = new Set<number>();
    for (let i = 3; i < color.data.length; i += 4) alphas.add(color.data[i]);
    expect([...alphas]).toEqual([255]);
  });

  it('outline icon: 32x32, white on a transparent background', () => {
    const outline = readIcon('outline.png');
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const notWhite: number[] = [];
    let transparent = 0;
    for (let p = 0; p < 32 * 32; p++) {
      const [r, g, b, a] = outline.data.subarray(p * 4, p * 4 + 4);
      if (a === 0) transparent++;
      else if (r !== 255 || g !== 255 || b !== 255) notWhite.push(p);
    }
    expect(notWhite).toEqual([]);
    for (const corner of [0, 31, 31 * 32, 32 * 32 - 1]) expect(outline.data[corner * 4 + 3]).toBe(0);
    expect(transparent).toBeGreaterThan((32 * 32) / 2);
    // The mark is there: some pixels are solid white.
    expect(32 * 32 - transparent).toBeGreaterThan(50);
  });
});
