/**
 * One compiled instance as production runs it (`node lib/index.js`, built first with `npm run build`) polling 10,000
 * signed-in reviewers, each with a review due: every poll silently refreshes the reviewer's token from the sealed
 * cache, reads Graph as them, plans, claims and sends one reminder through the local Bot Connector at Teams' 50 a
 * second. Prints the time to poll and remind everyone, polls and reminders per second, and the instance's resident
 * memory (peak and after the run, from /proc). Size: BENCH_INSTANCE_REVIEWERS (default 10,000).
 *
 *   npm run bench   (or: NODE_EXTRA_CA_CERTS=.localdata/ca/localtenant-ca.pem npx ts-node --transpile-only bench/reminders-instance.ts)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startLocalTenant } from '../localtenant';
import { createLogger } from '../src/logging';
import { sleep } from '../scripts/processes';
import { startAzurite } from '../test/support/azurite';
import { localEnv } from '../test/support/bot';
import { startBotProcess } from '../test/support/botProcesses';
import { enrolThroughBot } from '../test/support/enrolment';
import { selfReviewPopulation } from '../test/support/reviewerPopulation';

const SIZE = Number(process.env.BENCH_INSTANCE_REVIEWERS ?? 10_000);
/**
 * V8's heap limits as infra/azure.bicep sets them for App Service (NODE_OPTIONS). Without them V8 sizes its heap to
 * the machine and collects late: on 24 GB the same run peaks near 350 MB. BENCH_NODE_OPTIONS='' measures that.
 */
const NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=128 --max-semi-space-size=4';

/** Resident memory of a process now and at its peak (VmRSS, VmHWM), in MB. */
function residentMb(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function main() {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
  const lt = await startLocalTenant({ port: 0 });
  const azurite = await startAzurite();
  try {
    const { reviewers } = selfReviewPopulation(lt, SIZE, 41);
    const env = localEnv(lt, azurite, randomBytes(32), {
      REMINDERS_ENABLED: 'true',
      REMINDER_QUEUE: 'bench-instance',
      POLL_INTERVAL_SECONDS: '3600',
      PROACTIVE_RATE_PER_SECOND: '50',
      NODE_OPTIONS,
    });
    const enrolment = await enrolThroughBot(lt, env, reviewers, createLogger('info', { write: () => undefined }));
    await enrolment.stop();
    console.log(`One compiled instance (node lib/index.js, NODE_OPTIONS=${NODE_OPTIONS}) polling ${SIZE} reviewers`);
    console.log(`  enrolled by signing each in (one message each) in ${enrolment.seconds.toFixed(0)} s`);

    const bot = await startBotProcess('instance', env, 'compiled');
    const started = Date.now();
    const idle = residentMb(bot.child.pid);
    let reminded = 0;
    let peakSeen = idle.now;
    const deadline = started + 30 * 60_000;
    while (Date.now() < deadline && !bot.child.hasExited()) {
      reminded = Object.values(lt.connector.summary().conversations).filter((c) => c.sent > 0).length;
      peakSeen = Math.max(peakSeen, residentMb(bot.child.pid).now);
      if (reminded >= SIZE) break;
      await sleep(1000);
    }
    const seconds = (Date.now() - started) / 1000;
    const after = residentMb(bot.child.pid);
    const summary = lt.connector.summary();
    await bot.child.stop(5000);
    console.log(
      `  reminded ${reminded} of ${SIZE} in ${seconds.toFixed(0)} s after start: ${(reminded / seconds).toFixed(1)} ` +
        `polls and reminders/s (the sender keeps 50/s; ${summary.refusedByStatus['429'] ?? 0} 429s)`,
    );
    console.log(
      `  resident memory: ${idle.now.toFixed(0)} MB at start, peak ${after.peak.toFixed(0)} MB ` +
        `(sampled ${peakSeen.toFixed(0)} MB), ${after.now.toFixed(0)} MB after (goal: at most 200 MB)`,
    );
  } finally {
    await azurite.stop();
    await lt.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
