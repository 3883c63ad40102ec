/**
 * The impact questionnaire (course.md `impact_questionnaire:`), when each round is open, and
 * the impact report: paired change, later outcomes, quotes only with agreement, and
 * small-number suppression (primary and secondary) — docs/IMPACT.md.
 */
import { describe, expect, it } from 'vitest';
import { buildCourse } from '../../src/lib/courses/build.ts';
import { addMonths, openRound, questionnaireModel, type ImpactQuestionnaire } from '../../src/lib/courses/impact-questionnaire.ts';
import { impactReport, type AnswerRow, type Participant } from '../../src/lib/impact/report.ts';
import { MIN_CELL, isSmall, suppressColumn } from '../../src/lib/impact/suppression.ts';
import { parseAnswers } from '../../src/lib/impact/answers-form.ts';
import { reportCsv } from '../../src/lib/impact/report-view.ts';

const COURSE_HEAD = `---
title: Test course
summary: A course for testing.
audience: People starting out
authors:
  - name: Sam
    role: Peer trainer
`;
const UNITS = `units:
  - id: U1
    title: Unit one
    credits: 1
    guided_learning_hours: 1
    outcomes:
      - id: "1"
        text: Know things
        criteria:
          - id: "1.1"
            text: Explain things
            evidence: reflection
---
Intro.
`;
const MODULE = `---
title: One
duration: 10
criteria: [U1/1.1]
---
Body text.
`;

function build(block: string) {
  return buildCourse({ slug: 'test-course', dir: 'courses/test-course', files: [{ path: 'course.md', content: COURSE_HEAD + block + UNITS }, { path: '01-one.md', content: MODULE }] });
}

describe('impact_questionnaire in course.md', () => {
  it('fills in the organisation’s own questions, scale and follow-ups when the block is empty', () => {
    const result = build('impact_questionnaire: {}\n');
    expect(result.problems).toEqual([]);
    const q = result.course!.impactQuestionnaire!;
    expect(q.questions.map((x) => x.id)).toEqual(['lead-meeting', 'lived-experience', 'influence-service']);
    expect(q.scale).toHaveLength(5);
    expect(q.followUpMonths).toEqual([3, 6]);
    expect(q.laterQuestions.map((x) => x.id)).toEqual(['peer-role', 'board', 'further-training']);
  });

  it('a course without the block asks nothing', () => {
    const result = build('');
    expect(result.problems).toEqual([]);
    expect(result.course!.impactQuestionnaire).toBeUndefined();
  });

  it('names the file, the line and the fix for a mistake', () => {
    const result = build('impact_questionnaire:\n  follow_up_months: [6, 3]\n  questions:\n    - id: Lead Meeting\n      text: How sure?\n');
    const messages = result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(messages).toEqual(['courses/test-course/course.md:11: impact_questionnaire, question 1: `id` may use only small letters, digits and dashes (at most 40) — e.g. id: lead-meeting']);
    const dup = build('impact_questionnaire:\n  follow_up_months: [6, 3]\n  questions:\n    - id: a\n      text: One?\n    - id: a\n      text: Two?\n');
    const lines = dup.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(lines).toContain('courses/test-course/course.md:9: follow-ups must be in order, each later than the one before (3 comes after 6) — e.g. follow_up_months: [3, 6]');
    expect(lines.some((m) => /course\.md:13: two questions have the id "a" — give each its own id/.test(m))).toBe(true);
  });

  it('refuses an unknown setting inside the block', () => {
    const result = build('impact_questionnaire:\n  colour: blue\n');
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]!.file).toBe('courses/test-course/course.md');
  });
});

describe('which round is open', () => {
  const q = questionnaireModel({})!;
  const done = new Date('2026-01-31T10:00:00Z');
  it('start until the course is finished, once', () => {
    expect(openRound(q, { completedAt: undefined, answered: new Set(), now: done })).toBe('start');
    expect(openRound(q, { completedAt: undefined, answered: new Set(['start']), now: done })).toBeUndefined();
  });
  it('end on finishing, then each follow-up from its date until the next, the last for three months', () => {
    const at = (now: Date, answered: string[] = []) => openRound(q, { completedAt: done, answered: new Set(answered) as never, now });
    expect(at(done)).toBe('end');
    expect(at(done, ['end'])).toBeUndefined();
    expect(addMonths(done, 1).toISOString().slice(0, 10)).toBe('2026-02-28');
    expect(at(addMonths(done, 3))).toBe('after-3');
    expect(at(addMonths(done, 5))).toBe('after-3');
    expect(at(addMonths(done, 6))).toBe('after-6');
    expect(at(addMonths(done, 6), ['after-6'])).toBeUndefined();
    expect(at(addMonths(done, 9))).toBeUndefined();
  });
});

describe('suppression', () => {
  it('never shows 1 to 4; 0 and 5 or more are fine', () => {
    expect([0, 1, 4, 5].map(isSmall)).toEqual([false, true, true, false]);
    expect(MIN_CELL).toBe(5);
  });
  it('hides a second part so the total minus the others cannot give the hidden one away', () => {
    expect(suppressColumn([10, 3, 12], 25)).toEqual({ hidden: [true, true, false], totalHidden: false });
  });
  it('keeps hiding until the hidden parts add up to 5 or more', () => {
    expect(suppressColumn([1, 2, 6, 9], 18)).toEqual({ hidden: [true, true, true, false], totalHidden: false });
  });
  it('hides the total when no part is left to hide', () => {
    expect(suppressColumn([3, 0], 3).totalHidden).toBe(true);
    expect(suppressColumn([7], 7, [true])).toEqual({ hidden: [true], totalHidden: true });
  });
  it('leaves a column with nothing small alone', () => {
    expect(suppressColumn([5, 6, 0], 11)).toEqual({ hidden: [false, false, false], totalHidden: false });
  });
});

describe('the impact report', () => {
  const q: ImpactQuestionnaire = questionnaireModel({ follow_up_months: [3], questions: [{ id: 'lead', text: 'Lead a meeting?' }], later_questions: [{ id: 'peer-role', text: 'Peer role?' }] })!;
  const people: Participant[] = [];
  const answers: AnswerRow[] = [];
  const person = (user: string, cohort: string, consent: Participant['consent'], start?: number, end?: number, extra: Partial<AnswerRow> = {}) => {
    people.push({ user, cohort, completed: end !== undefined, certificate: end !== undefined, consent });
    if (start !== undefined) answers.push({ user, round: 'start', scores: { lead: start }, later: {}, comment: '', quote_ok: false });
    if (end !== undefined) answers.push({ user, round: 'end', scores: { lead: end }, later: {}, comment: '', quote_ok: false, ...extra });
  };
  // Group A: 6 taking part (start 2 → end 4), one declined, one withdrawn whose answers linger.
  for (let i = 0; i < 6; i++) person(`a${i}`, 'A', 'yes', 2, 4, i < 2 ? { comment: `Quote ${i}`, quote_ok: true } : { comment: `Private ${i}`, quote_ok: false });
  person('a-declined', 'A', 'no');
  person('a-withdrawn', 'A', 'withdrawn', 1, 1, { comment: 'Withdrawn words', quote_ok: true });
  // Group B: 2 people (too few), start 1 → end 5.
  person('b0', 'B', 'yes', 1, 5);
  person('b1', 'B', 'yes', 1, 5);
  // Group C: 5 taking part, start 3 → end 3.
  for (let i = 0; i < 5; i++) person(`c${i}`, 'C', 'yes', 3, 3);
  for (const u of ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'c0', 'c1', 'c2', 'c3', 'c4']) answers.push({ user: u, round: 'after-3', scores: {}, later: { 'peer-role': u.startsWith('a') || u === 'c0' }, comment: '', quote_ok: false });
  const input = { questionnaire: q, participants: people, answers };

  it('shows the paired change for the course, counting only people taking part', () => {
    const report = impactReport(input);
    expect(report.people).toEqual({ shown: true, value: 15 });
    expect(report.takingPart).toEqual({ shown: true, value: 13 });
    const end = report.items[0]!.comparisons.find((c) => c.round === 'end')!;
    expect(end.n).toEqual({ shown: true, value: 13 });
    // (6×2 + 2×1 + 5×3) / 13 = 2.2; (6×4 + 2×5 + 5×3) / 13 = 3.8
    expect([end.before, end.after, end.change]).toEqual([2.2, 3.8, 1.6]);
  });

  it('leaves out withdrawn and declined people, and quotes nobody who did not agree', () => {
    const report = impactReport(input);
    expect(report.quotes).toEqual(['Quote 0', 'Quote 1']);
    expect(JSON.stringify(report)).not.toContain('Withdrawn');
    expect(JSON.stringify(report)).not.toContain('Private');
  });

  it('suppresses a small group, and another group too so the course total cannot reveal it', () => {
    const b = impactReport(input, 'B');
    expect(b.takingPart.shown).toBe(false);
    expect(b.items[0]!.comparisons[0]!.n.shown).toBe(false);
    expect(b.items[0]!.comparisons[0]!.before).toBeUndefined();
    // C (5) is the smallest other group: hidden with B so 13 − 6 − ? gives nothing.
    const c = impactReport(input, 'C');
    expect(c.takingPart.shown).toBe(false);
    const a = impactReport(input, 'A');
    expect(a.takingPart).toEqual({ shown: true, value: 6 });
    expect(a.items[0]!.comparisons[0]).toMatchObject({ n: { shown: true, value: 6 }, before: 2, after: 4, change: 2 });
    expect(a.quotes).toEqual(['Quote 0', 'Quote 1']);
  });

  it('hides a yes count when it or its “no” is under 5', () => {
    const course = impactReport(input).later[0]!.rounds[0]!;
    // 11 answered: 7 yes, 4 no → the yes would give the 4 away.
    expect(course.n).toEqual({ shown: true, value: 11 });
    expect(course.yes.shown).toBe(false);
    const a = impactReport(input, 'A').later[0]!.rounds[0]!;
    // A: 6 of 6 said yes, but C's 1 yes is hidden, and 7 − 6 would give it away: A's goes too.
    expect(a.n).toEqual({ shown: true, value: 6 });
    expect(a.yes.shown).toBe(false);
  });

  it('shows no quotes when fewer than 5 answered', () => {
    const small = impactReport({ questionnaire: q, participants: people.slice(0, 3), answers });
    expect(small.quotes).toEqual([]);
    expect(small.quotesHidden).toBe(true);
  });
});

describe('reading the questionnaire form', () => {
  const q = questionnaireModel({})!;
  const form = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });
  it('keeps the scores on the scale, skips blanks, and asks later questions only at follow-ups', () => {
    const start = parseAnswers(q, 'start', form({ 'score_lead-meeting': '2', 'later_peer-role': 'yes' }));
    expect(start).toEqual({ ok: true, answers: { scores: { 'lead-meeting': 2 }, later: {}, comment: '', quoteOk: false } });
    const after = parseAnswers(q, 'after-3', form({ 'later_peer-role': 'yes', later_board: 'no' }));
    expect(after.ok && after.answers.later).toEqual({ 'peer-role': true, board: false });
  });
  it('names the question for a value that is not one of the choices, and keeps what was chosen', () => {
    const outcome = parseAnswers(q, 'start', form({ 'score_lead-meeting': '9', 'score_influence-service': '3' }));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors['score_lead-meeting']).toBe('Choose one of the answers for “How confident do you feel to lead or chair a meeting?”, or leave it blank.');
    expect(outcome.kept['score_influence-service']).toBe('3');
  });
  it('quotes only with the tick and some words; an empty form is refused kindly', () => {
    const ticked = parseAnswers(q, 'end', form({ 'score_lead-meeting': '4', quote_ok: 'yes' }));
    expect(ticked.ok && ticked.answers.quoteOk).toBe(false);
    const words = parseAnswers(q, 'end', form({ comment: ' It helped. ', quote_ok: 'yes' }));
    expect(words.ok && words.answers).toMatchObject({ comment: 'It helped.', quoteOk: true });
    const empty = parseAnswers(q, 'end', form({}));
    expect(empty.ok).toBe(false);
  });
});

describe('the report as CSV', () => {
  it('writes hidden numbers as “fewer than 5”, and no quotes', () => {
    const q = questionnaireModel({ follow_up_months: [] })!;
    const participants: Participant[] = [0, 1, 2].map((i) => ({ user: `u${i}`, cohort: 'A', completed: false, certificate: false, consent: 'yes' }));
    const answers: AnswerRow[] = participants.map((p) => ({ user: p.user, round: 'start', scores: {}, later: {}, comment: 'Quote me', quote_ok: true }));
    const csv = reportCsv(impactReport({ questionnaire: q, participants, answers }), { course: 'Course', group: 'Whole course' });
    expect(csv).toContain('"Course","Whole course","People on the course","","","Answering the questionnaire","fewer than 5"');
    expect(csv).not.toContain('Quote me');
  });
});
