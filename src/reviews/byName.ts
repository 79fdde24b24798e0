/**
 * Finding one group or person from what someone typed, among what the directory found for it (names starting with
 * it, or an exact name or UPN). An exact match wins; a single prefix match is taken; otherwise the owner is asked to
 * be more precise (never a guess between several).
 */
export type Lookup<T> = { kind: 'one'; found: T } | { kind: 'none' } | { kind: 'several'; found: T[] };

export function pickByName<T extends { name: string; upn?: string }>(typed: string, found: T[]): Lookup<T> {
  const wanted = typed.trim().toLowerCase();
  const exact = found.filter((f) => f.name.toLowerCase() === wanted || f.upn?.toLowerCase() === wanted);
  if (exact.length === 1) return { kind: 'one', found: exact[0] };
  if (exact.length > 1) return { kind: 'several', found: exact };
  if (found.length === 1) return { kind: 'one', found: found[0] };
  return found.length === 0 ? { kind: 'none' } : { kind: 'several', found };
}
