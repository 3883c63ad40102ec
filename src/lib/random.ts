/**
 * Repeatable random numbers: the same 32-bit state always gives the same stream. Used where a
 * draw must come out the same again later (a knowledge check's order on reload, an IQA sample
 * re-run), never for secrets.
 */

/** mulberry32: a small, well-distributed generator of numbers in [0, 1) from a 32-bit state. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
