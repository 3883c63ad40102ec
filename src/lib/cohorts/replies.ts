/**
 * Trainers' replies to shared reflections. Pure: replies-store.ts reads and writes them.
 */

/** Groups comments by reflection, oldest first within each. */
export function repliesByReflection<C extends { reflection: string; created: string }>(comments: readonly C[]): Map<string, C[]> {
  const map = new Map<string, C[]>();
  for (const c of [...comments].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0))) {
    map.set(c.reflection, [...(map.get(c.reflection) ?? []), c]);
  }
  return map;
}
