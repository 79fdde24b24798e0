import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * What a client that sends one zone in many spellings costs in memory. One Intl.DateTimeFormat holds about 28 KB
 * outside the JS heap (measured: 5,000 kept formatters grow the resident set by about 150 MB, the heap by 5 MB), so
 * the resident set is what is measured, in a process of its own with nothing else in it, after collecting garbage.
 */

const SPELLINGS = 5000;
/** One formatter per spelling would cost about SPELLINGS × 28 KB (140 MB); one per zone costs nothing to speak of. */
const BOUND_BYTES = 20 * 1024 * 1024;

const CHILD = `
const { validTimeZone, localDateTime } = require(${JSON.stringify(
  join(__dirname, '..', '..', 'src', 'reviews', 'localTime.ts'),
)});
const NAME = 'America/Argentina/Buenos_Aires';
function spelling(i) {
  let bit = 0;
  return [...NAME].map((c) => (/[a-z]/i.test(c) ? ((i >> bit++) & 1 ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
}
async function settled() {
  for (let k = 0; k < 4; k++) {
    global.gc();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().rss;
}
(async () => {
  // The same work in one spelling first, so what is measured after is what the other spellings add.
  for (let i = 0; i < ${SPELLINGS}; i++) localDateTime(i * 60000, validTimeZone(NAME));
  const before = await settled();
  const names = new Set();
  for (let i = 0; i < ${SPELLINGS}; i++) {
    const zone = spelling(i + 1);
    names.add(validTimeZone(zone));
    localDateTime(i * 60000, zone);
  }
  const after = await settled();
  process.stdout.write(JSON.stringify({ grew: after - before, names: [...names] }));
})();
`;

describe('time zones in many spellings', () => {
  it('cost far less memory than a formatter per spelling', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', '-r', 'ts-node/register/transpile-only', '-e', CHILD], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    const { grew, names } = JSON.parse(out) as { grew: number; names: string[] };
    expect(grew).toBeLessThan(BOUND_BYTES);
    expect(names).toHaveLength(1);
  });
});
