/** When PocketBase is started again after it stops, and when restarting is given up (pure). */
import { describe, expect, it } from 'vitest';
import {
  decideRestart,
  describeDuration,
  FRESH_RESTART_STATE,
  POCKETBASE_RESTART_POLICY,
  type RestartDecision,
  type RestartState,
} from '../../src/lib/server/restart-policy.ts';

/** Feeds failures at the given times (each run healthy from `healthySince`, or never). */
function run(failures: { at: number; healthySince?: number }[]): RestartDecision[] {
  let state: RestartState = FRESH_RESTART_STATE;
  return failures.map((failure) => {
    const decision = decideRestart(state, failure);
    state = decision.state;
    return decision;
  });
}

describe('decideRestart with the PocketBase policy', () => {
  it('waits 0.5 s, then doubles: 1 s, 2 s, 4 s', () => {
    const decisions = run([
      { at: 10_000, healthySince: 0 },
      { at: 11_000 },
      { at: 13_000 },
      { at: 16_000 },
    ]);
    expect(decisions.map((d) => d.action === 'restart' && d.delayMs)).toEqual([500, 1_000, 2_000, 4_000]);
    expect(decisions.map((d) => d.failuresInWindow)).toEqual([1, 2, 3, 4]);
  });

  it('gives up at the fifth failure within two minutes', () => {
    const decisions = run([{ at: 0 }, { at: 1_000 }, { at: 2_000 }, { at: 3_000 }, { at: 4_000 }]);
    expect(decisions.map((d) => d.action)).toEqual(['restart', 'restart', 'restart', 'restart', 'give-up']);
    expect(decisions[4]!.failuresInWindow).toBe(5);
  });

  it('does not give up when the failures are spread over more than two minutes', () => {
    // Five failures, but never five inside one 120 s window.
    const decisions = run([{ at: 0 }, { at: 40_000 }, { at: 80_000 }, { at: 119_000 }, { at: 121_000 }, { at: 161_000 }]);
    expect(decisions.every((d) => d.action === 'restart')).toBe(true);
    expect(decisions.map((d) => d.failuresInWindow)).toEqual([1, 2, 3, 4, 4, 4]);
  });

  it('never waits more than 30 s', () => {
    let state: RestartState = FRESH_RESTART_STATE;
    const delays: number[] = [];
    // One failure every 10 minutes, never healthy long (started failing right away).
    for (let i = 0; i < 12; i++) {
      const decision = decideRestart(state, { at: i * 600_000 });
      state = decision.state;
      if (decision.action === 'restart') delays.push(decision.delayMs);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('starts the wait again from 0.5 s after a run that stayed healthy for a minute', () => {
    const decisions = run([
      { at: 0 },
      { at: 1_000 },
      { at: 3_000 },
      // healthy from 8 s until 130 s
      { at: 130_000, healthySince: 8_000 },
      // healthy only 10 s: the wait grows again
      { at: 141_000, healthySince: 131_000 },
    ]);
    expect(decisions.map((d) => d.action === 'restart' && d.delayMs)).toEqual([500, 1_000, 2_000, 500, 1_000]);
  });

  it('keeps the give-up window separate from the wait: healthy runs still count as failures in it', () => {
    const decisions = run([
      { at: 0, healthySince: -120_000 },
      { at: 61_000, healthySince: 500 },
      { at: 100_000 },
      { at: 110_000 },
      { at: 115_000 },
    ]);
    expect(decisions.map((d) => d.action)).toEqual(['restart', 'restart', 'restart', 'restart', 'give-up']);
  });

  it('is the documented policy', () => {
    expect(POCKETBASE_RESTART_POLICY).toEqual({ firstDelayMs: 500, maxDelayMs: 30_000, healthyResetMs: 60_000, maxFailures: 5, windowMs: 120_000 });
  });
});

describe('describeDuration', () => {
  it('says waits and windows in plain units', () => {
    expect(describeDuration(500)).toBe('0.5 s');
    expect(describeDuration(4_000)).toBe('4 s');
    expect(describeDuration(30_000)).toBe('30 s');
    expect(describeDuration(60_000)).toBe('1 minute');
    expect(describeDuration(120_000)).toBe('2 minutes');
  });
});
