import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LOG_DIR_VARIABLE } from './logs';

/** Jest global setup: a fresh directory for this run's bot logs, named to the test workers through the environment. */
export default function logRunSetup(): void {
  const dir = join(resolve(__dirname, '..', '..'), '.localdata', 'logs', `run-${randomUUID().slice(0, 8)}`);
  mkdirSync(dir, { recursive: true });
  process.env[LOG_DIR_VARIABLE] = dir;
}
