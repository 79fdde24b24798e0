import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAppPackage, checkAppPackage, defaultSources, PackageError, ROOT } from './appPackage';

/**
 * npm run package [-- <env>]          the Teams app package from env/.env.<env> (default dev), after provisioning:
 *                                      appPackage/build/appPackage.<env>.zip
 * npm run package [-- <env>] --check  checks the manifest and icons without building; provisioning outputs that are
 *                                      still empty are checked with sample values, and the output names them
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { check: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new PackageError(['usage: npm run package [-- <env>] [--check]']);
  const sources = defaultSources(positionals[0] ?? 'dev');
  if (values.check) {
    const { envFile, sampled } = await checkAppPackage(sources, { samples: true });
    console.log(`appPackage/manifest.json with ${envFile} is valid against the bundled schema; its icons are right.`);
    if (sampled.length) {
      console.log(`${envFile} has no ${sampled.join(', ')} yet (provisioning writes them): sample values stood in.`);
    }
    return;
  }
  const file = await buildAppPackage(sources, join(ROOT, 'appPackage', 'build'));
  console.log(`Wrote ${relative(ROOT, file)}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
