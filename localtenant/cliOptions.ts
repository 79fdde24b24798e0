/** What `npm run localtenant -- <flags>` may set; the rest comes from the environment (see cli.ts). */
export interface CliOptions {
  /** --bot-application-permissions=AccessReview.Read.All,TeamsAppInstallation.ReadWriteSelfForUser.All */
  botApplicationPermissions?: string[];
}

const BOT_PERMISSIONS = '--bot-application-permissions';

export const CLI_USAGE = `Usage: npm run localtenant -- [${BOT_PERMISSIONS}=<permission>[,<permission>...]]`;

/**
 * Reads the command line (without node and the script). `--bot-application-permissions` takes a comma-separated list,
 * after '=' or as the next argument, and grants the bot app those application permissions at start (admin consent);
 * an empty list grants none. Anything else is refused, so a mistyped flag does not start a tenant that silently
 * lacks what was asked for.
 */
export function parseCliArgs(argv: string[]): CliOptions {
  const out: CliOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value: string | undefined;
    if (arg === BOT_PERMISSIONS) {
      value = argv[++i];
      if (value === undefined) throw new Error(`${BOT_PERMISSIONS} needs a comma-separated list. ${CLI_USAGE}`);
    } else if (arg.startsWith(`${BOT_PERMISSIONS}=`)) {
      value = arg.slice(BOT_PERMISSIONS.length + 1);
    } else {
      throw new Error(`Unknown argument '${arg}'. ${CLI_USAGE}`);
    }
    out.botApplicationPermissions = value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  }
  return out;
}
