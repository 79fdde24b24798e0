import { rmSync } from 'node:fs';
import { relative } from 'node:path';
import { scanLogDir } from './logScan';
import { logDir } from './logs';

const SHOWN = 20;

/**
 * Jest global teardown: scans every line the bots wrote in this run. A problem fails the run (jest exits non-zero)
 * and the directory is kept to look at; a clean run's directory is removed.
 */
export default function logRunCheck(): void {
  const dir = logDir();
  const { files, lines, problems } = scanLogDir(dir);
  if (problems.length) {
    throw new Error(
      `The bots' logs of this run hold what they must not (${problems.length} findings in ${lines} lines of ${files} files, ` +
        `kept in ${relative(process.cwd(), dir)}):\n${problems.slice(0, SHOWN).join('\n')}`,
    );
  }
  console.log(`Log scan: ${lines} lines in ${files} files, none with a token, secret or anything a person sent.`);
  rmSync(dir, { recursive: true, force: true });
}
