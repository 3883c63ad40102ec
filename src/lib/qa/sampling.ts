import { mulberry32 } from '../random.ts';
/**
 * Drawing an IQA sample from a cohort's assessment decisions. Pure and deterministic: the
 * same decisions, rule and seed always give the same sample, whatever order the decisions
 * come in, so tests can assert it and a plan can be explained afterwards.
 *
 * The rules:
 * - By assessor: every current decision of that assessor.
 * - By unit: every current decision on a criterion of that unit (`U1/1.2` is in unit `U1`).
 * - Random: the given percentage of the current decisions of experienced assessors, rounded
 *   up (10% of 7 decisions is 1, never 0), drawn with a seeded shuffle.
 * - Whatever the rule, every decision of an assessor flagged `new_assessor` is included
 *   (new assessors are sampled at 100%).
 * - A decision is drawn at most once in a plan.
 *
 * `samplingPool` decides what can be drawn at all: current decisions (one a later decision
 * corrects is history, not a judgement that stands), and never the IQA's own decisions (no
 * one quality-assures their own work; PocketBase refuses such a sample too).
 */

export const SAMPLE_METHODS = ['assessor', 'unit', 'random'] as const;
export type SampleMethod = (typeof SAMPLE_METHODS)[number];

/** How to draw: one of the three methods with its parameter. */
export type SampleRule =
  | { method: 'assessor'; assessor: string }
  | { method: 'unit'; unit: string }
  /** A whole number from 1 to 100. */
  | { method: 'random'; percent: number };

/** What the sampler needs of a decision. */
export interface SampleCandidate {
  id: string;
  /** The assessor's user id. */
  assessor: string;
  /** e.g. `U1/1.2`. */
  criterion: string;
}

export interface SampleOptions {
  rule: SampleRule;
  /** User ids of assessors flagged `new_assessor`: all their decisions are drawn. */
  newAssessors?: Iterable<string>;
  /** Any text; the same seed gives the same random draw. */
  seed: string;
}

export interface DrawnSample {
  /** Every decision drawn, once each, in the order the candidates came in. */
  decisions: string[];
  /** Those the rule drew. */
  byRule: string[];
  /** Those drawn only because their assessor is new. */
  byNewAssessor: string[];
}

/** The unit of a criterion reference: `U1/1.2` → `U1`. */
export function unitOf(criterion: string): string {
  const slash = criterion.indexOf('/');
  return slash === -1 ? criterion : criterion.slice(0, slash);
}

/** How many of `total` decisions `percent`% is, rounded up. `percent` is a whole number 1–100. */
export function randomCount(total: number, percent: number): number {
  if (total <= 0 || percent <= 0) return 0;
  if (percent >= 100) return total;
  // Whole-number arithmetic: 10% of 30 is exactly 3, never 3.0000000000000004 rounded up to 4.
  return Math.floor((total * percent + 99) / 100);
}

/** A repeatable stream of numbers in [0, 1) from a text seed (FNV-1a hash, then mulberry32). */
export function seededRandom(seed: string): () => number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return mulberry32(hash);
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Draws a sample. Candidates with the same id count once. The result does not depend on the
 * candidates' order, only on which there are, the rule, the new assessors and the seed.
 */
export function drawSample(candidates: readonly SampleCandidate[], options: SampleOptions): DrawnSample {
  const unique = new Map<string, SampleCandidate>();
  for (const candidate of candidates) if (!unique.has(candidate.id)) unique.set(candidate.id, candidate);
  const all = [...unique.values()];
  const newAssessors = new Set(options.newAssessors ?? []);
  const isNew = (c: SampleCandidate) => newAssessors.has(c.assessor);

  const rule = options.rule;
  let picked: SampleCandidate[];
  if (rule.method === 'assessor') {
    picked = all.filter((c) => c.assessor === rule.assessor);
  } else if (rule.method === 'unit') {
    picked = all.filter((c) => unitOf(c.criterion) === rule.unit);
  } else {
    // Sorted first, so the shuffle sees the same list whatever order the caller used.
    const pool = all.filter((c) => !isNew(c)).sort(byId);
    const random = seededRandom(`${options.seed}|${rule.percent}`);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    picked = pool.slice(0, randomCount(pool.length, rule.percent));
  }

  const ruleIds = new Set(picked.map((c) => c.id));
  const newIds = new Set(all.filter((c) => isNew(c) && !ruleIds.has(c.id)).map((c) => c.id));
  const inOrder = (ids: Set<string>) => all.filter((c) => ids.has(c.id)).map((c) => c.id);
  return {
    decisions: all.filter((c) => ruleIds.has(c.id) || newIds.has(c.id)).map((c) => c.id),
    byRule: inOrder(ruleIds),
    byNewAssessor: inOrder(newIds),
  };
}

/** What `samplingPool` needs of a decision. */
export interface PoolDecision extends SampleCandidate {
  /** The decision this one corrects, or "". */
  supersedes: string;
}

/**
 * The decisions an IQA may draw from: those no later decision corrects, and not their own.
 * `ownLeftOut` counts the IQA's own current decisions, so the page can say why they are missing.
 */
export function samplingPool<D extends PoolDecision>(decisions: readonly D[], iqa: string): { pool: D[]; ownLeftOut: number } {
  const corrected = new Set(decisions.map((d) => d.supersedes).filter(Boolean));
  const current = decisions.filter((d) => !corrected.has(d.id));
  const pool = current.filter((d) => d.assessor !== iqa);
  return { pool, ownLeftOut: current.length - pool.length };
}

/** The `parameter` stored on a qa_plans row for a rule. */
export function ruleParameter(rule: SampleRule): string {
  return rule.method === 'assessor' ? rule.assessor : rule.method === 'unit' ? rule.unit : String(rule.percent);
}
