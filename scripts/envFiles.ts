import { existsSync, readFileSync } from 'node:fs';

/**
 * Teams Toolkit style env files (env/.env.local, env/.env.playground, git-ignored env/.env.*.user): KEY=VALUE lines,
 * whole-line # comments, optional surrounding quotes. A value may name another with ${NAME}; the launcher fills
 * those from its own settings (ports) so one file serves whatever ports a run uses.
 */
export type EnvValues = Record<string, string>;

export function parseEnvFile(text: string, source = 'env file'): EnvValues {
  const values: EnvValues = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new Error(`${source}:${i + 1}: expected KEY=VALUE, got "${line}"`);
    }
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
      value = value.slice(1, -1);
    }
    values[key] = value;
  });
  return values;
}

/** Reads an env file; a missing optional file reads as empty. */
export function readEnvFile(path: string, opts: { optional?: boolean } = {}): EnvValues {
  if (!existsSync(path)) {
    if (opts.optional) return {};
    throw new Error(`${path} is missing`);
  }
  return parseEnvFile(readFileSync(path, 'utf8'), path);
}

/** Replaces ${NAME} in every value with vars[NAME]; an unknown name is an error, so no "${...}" reaches a process. */
export function expandEnvValues(values: EnvValues, vars: EnvValues, source = 'env file'): EnvValues {
  const out: EnvValues = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      if (vars[name] === undefined) throw new Error(`${source}: ${key} uses \${${name}}, which is not set`);
      return vars[name];
    });
  }
  return out;
}
