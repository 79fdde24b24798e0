/**
 * Waits until `probe` gives something (not undefined, null or false), checking every 100 ms; after `timeoutMs` it
 * fails with `what()` saying what was seen instead. For what the bot does beside a turn or in the background.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: () => string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined && found !== null && found !== false) return found;
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((r) => setTimeout(r, 100));
  }
}
