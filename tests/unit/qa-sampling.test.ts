import { describe, expect, it } from 'vitest';
import { drawSample, randomCount, ruleParameter, samplingPool, seededRandom, unitOf, type SampleCandidate } from '../../src/lib/qa/sampling.ts';

/** 20 decisions: assessors `ash` (12) and `bo` (8), over units U1–U4. */
const decisions: SampleCandidate[] = Array.from({ length: 20 }, (_, i) => ({
  id: `d${String(i).padStart(2, '0')}`,
  assessor: i % 5 < 3 ? 'ash' : 'bo',
  criterion: `U${(i % 4) + 1}/${(i % 3) + 1}.1`,
}));
const ids = (list: SampleCandidate[]) => list.map((d) => d.id);

describe('unitOf', () => {
  it('takes the unit from a criterion reference', () => {
    expect(unitOf('U1/1.2')).toBe('U1');
    expect(unitOf('U12/3.10')).toBe('U12');
    expect(unitOf('odd')).toBe('odd');
  });
});

describe('randomCount', () => {
  it('rounds up, so a percentage of a few decisions is never none', () => {
    expect(randomCount(7, 10)).toBe(1);
    expect(randomCount(20, 10)).toBe(2);
    expect(randomCount(21, 10)).toBe(3);
    expect(randomCount(7, 15)).toBe(2);
    expect(randomCount(1, 1)).toBe(1);
  });

  it('is exact on whole results (no floating-point overshoot)', () => {
    expect(randomCount(30, 10)).toBe(3);
    expect(randomCount(100, 7)).toBe(7);
    expect(randomCount(300, 33)).toBe(99);
  });

  it('takes everything at 100% and nothing from nothing', () => {
    expect(randomCount(13, 100)).toBe(13);
    expect(randomCount(0, 50)).toBe(0);
  });
});

describe('seededRandom', () => {
  it('repeats for the same seed and differs for another', () => {
    const a = seededRandom('plan-1');
    const b = seededRandom('plan-1');
    const c = seededRandom('plan-2');
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    for (const n of first) expect(n >= 0 && n < 1).toBe(true);
  });
});

describe('drawSample', () => {
  it('by assessor: every decision of that assessor', () => {
    const drawn = drawSample(decisions, { rule: { method: 'assessor', assessor: 'bo' }, seed: 's' });
    expect(drawn.decisions).toEqual(ids(decisions.filter((d) => d.assessor === 'bo')));
    expect(drawn.byNewAssessor).toEqual([]);
  });

  it('by unit: every decision on that unit’s criteria', () => {
    const drawn = drawSample(decisions, { rule: { method: 'unit', unit: 'U2' }, seed: 's' });
    expect(drawn.decisions).toEqual(ids(decisions.filter((d) => d.criterion.startsWith('U2/'))));
    expect(drawn.decisions).toHaveLength(5);
  });

  it('at random: the percentage, rounded up', () => {
    expect(drawSample(decisions, { rule: { method: 'random', percent: 10 }, seed: 's' }).decisions).toHaveLength(2);
    expect(drawSample(decisions, { rule: { method: 'random', percent: 11 }, seed: 's' }).decisions).toHaveLength(3);
    expect(drawSample(decisions, { rule: { method: 'random', percent: 100 }, seed: 's' }).decisions).toHaveLength(20);
    expect(drawSample(decisions.slice(0, 3), { rule: { method: 'random', percent: 1 }, seed: 's' }).decisions).toHaveLength(1);
  });

  it('is deterministic given a seed, whatever order the decisions come in', () => {
    const rule = { method: 'random', percent: 25 } as const;
    const first = drawSample(decisions, { rule, seed: 'autumn-2026' });
    const again = drawSample([...decisions].reverse(), { rule, seed: 'autumn-2026' });
    expect(new Set(again.decisions)).toEqual(new Set(first.decisions));
    expect(first.decisions).toMatchInlineSnapshot(`
      [
        "d04",
        "d09",
        "d10",
        "d15",
        "d19",
      ]
    `);
    // Another seed draws another sample (of the same size).
    const other = drawSample(decisions, { rule, seed: 'spring-2027' });
    expect(other.decisions).toHaveLength(5);
    expect(other.decisions).not.toEqual(first.decisions);
  });

  it('always includes every decision of a new assessor, at 100%', () => {
    const random = drawSample(decisions, { rule: { method: 'random', percent: 10 }, newAssessors: ['bo'], seed: 's' });
    const bo = ids(decisions.filter((d) => d.assessor === 'bo'));
    expect(random.decisions).toEqual(expect.arrayContaining(bo));
    // 10% of the 12 decisions of experienced assessors (rounded up), plus all 8 of the new one.
    expect(random.byRule).toHaveLength(2);
    expect(random.byRule.every((id) => !bo.includes(id))).toBe(true);
    expect(random.byNewAssessor).toEqual(bo);
    expect(random.decisions).toHaveLength(10);

    const byUnit = drawSample(decisions, { rule: { method: 'unit', unit: 'U1' }, newAssessors: new Set(['bo']), seed: 's' });
    expect(byUnit.decisions).toEqual(expect.arrayContaining(bo));
    const byAssessor = drawSample(decisions, { rule: { method: 'assessor', assessor: 'ash' }, newAssessors: ['bo'], seed: 's' });
    expect(byAssessor.decisions).toHaveLength(20);
  });

  it('never draws a decision twice in one plan', () => {
    const doubled = [...decisions, ...decisions.slice(0, 5)];
    for (const rule of [
      { method: 'assessor', assessor: 'ash' },
      { method: 'unit', unit: 'U1' },
      { method: 'random', percent: 100 },
      { method: 'random', percent: 40 },
    ] as const) {
      const drawn = drawSample(doubled, { rule, newAssessors: ['ash'], seed: 'x' });
      expect(new Set(drawn.decisions).size).toBe(drawn.decisions.length);
      expect(drawn.byRule.filter((id) => drawn.byNewAssessor.includes(id))).toEqual([]);
    }
    expect(drawSample(doubled, { rule: { method: 'random', percent: 100 }, seed: 'x' }).decisions).toHaveLength(20);
  });

  it('draws nothing from nothing', () => {
    expect(drawSample([], { rule: { method: 'random', percent: 50 }, seed: 's' })).toEqual({ decisions: [], byRule: [], byNewAssessor: [] });
    expect(drawSample(decisions, { rule: { method: 'assessor', assessor: 'nobody' }, seed: 's' }).decisions).toEqual([]);
  });
});

describe('samplingPool', () => {
  const rows = [
    { id: 'a', assessor: 'ash', criterion: 'U1/1.1', supersedes: '' },
    { id: 'b', assessor: 'ash', criterion: 'U1/1.2', supersedes: '' },
    { id: 'c', assessor: 'ash', criterion: 'U1/1.2', supersedes: 'b' },
    { id: 'd', assessor: 'ida', criterion: 'U2/1.1', supersedes: '' },
  ];

  it('leaves out corrected decisions and the IQA’s own, and counts the own ones', () => {
    const { pool, ownLeftOut } = samplingPool(rows, 'ida');
    expect(pool.map((d) => d.id)).toEqual(['a', 'c']);
    expect(ownLeftOut).toBe(1);
    expect(samplingPool(rows, 'someone-else').pool.map((d) => d.id)).toEqual(['a', 'c', 'd']);
  });
});

describe('ruleParameter', () => {
  it('stores the assessor, unit or percentage', () => {
    expect(ruleParameter({ method: 'assessor', assessor: 'abc' })).toBe('abc');
    expect(ruleParameter({ method: 'unit', unit: 'U3' })).toBe('U3');
    expect(ruleParameter({ method: 'random', percent: 15 })).toBe('15');
  });
});
