import { describe, expect, it } from 'vitest';
import type { KnowledgeCheck } from '../../src/lib/courses/course.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { checkAnswers, decodeDraft, encodeDraft, sameAnswers } from '../../src/lib/quiz/answers.ts';
import { isRepeatSubmission, presentResult, REPEAT_WINDOW_MS } from '../../src/lib/quiz/attempts.ts';
import { gradeCheck } from '../../src/lib/quiz/grading.ts';
import { parseCheckForm } from '../../src/lib/quiz/schema.ts';

const check: KnowledgeCheck = {
  passMark: 75,
  questions: [
    {
      id: 'q1',
      question: 'One?',
      type: 'single',
      shuffle: true,
      options: [
        { text: 'A', correct: true, feedback: 'Yes, *A*.' },
        { text: 'B', correct: false, feedback: 'Not quite, B.' },
      ],
    },
    {
      id: 'q2',
      question: 'All?',
      type: 'multiple',
      shuffle: true,
      options: [
        { text: 'C', correct: true, feedback: 'Yes, C.' },
        { text: 'D', correct: true, feedback: 'Yes, D.' },
        { text: 'E', correct: false, feedback: 'This one, E, does not fit.' },
      ],
    },
  ],
};

function failure(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};

describe('reading the posted form', () => {
  it('collects each question’s values, repeated fields included', () => {
    expect(parseCheckForm(form([['course', 'c'], ['module', 'm'], ['answer:q1', '0'], ['answer:q2', '0'], ['answer:q2', '1']]))).toEqual({
      course: 'c',
      module: 'm',
      answers: { q1: ['0'], q2: ['0', '1'] },
    });
  });

  it('refuses fields the form does not have, with a plain message', () => {
    const error = failure(() => parseCheckForm(form([['course', 'c'], ['module', 'm'], ['correct', 'true']])));
    expect(error.kind).toBe('invalid');
    expect(error.message).toMatchInlineSnapshot(`"The form sent a field we did not expect (“correct”). Please go back to the module and use the form there."`);
  });

  it('refuses a course sent twice', () => {
    expect(failure(() => parseCheckForm(form([['course', 'c'], ['course', 'd'], ['module', 'm']]))).kind).toBe('invalid');
  });

  it('treats a malformed or missing course or module as not found', () => {
    expect(failure(() => parseCheckForm(form([['course', '../etc'], ['module', 'm']]))).kind).toBe('not-found');
    expect(failure(() => parseCheckForm(form([['module', 'm']]))).kind).toBe('not-found');
  });

  it('refuses an overlong option value and too many values', () => {
    expect(failure(() => parseCheckForm(form([['course', 'c'], ['module', 'm'], ['answer:q1', '123456']]))).kind).toBe('invalid');
    const many: [string, string][] = Array.from({ length: 9 }, (_, i) => ['answer:q2', String(i)]);
    expect(failure(() => parseCheckForm(form([['course', 'c'], ['module', 'm'], ...many]))).kind).toBe('invalid');
  });
});

describe('checking answers against the module’s questions', () => {
  it('turns values into sorted option numbers', () => {
    expect(checkAnswers(check, { q1: ['1'], q2: ['1', '0'] })).toEqual({ complete: true, answers: { q1: [1], q2: [0, 1] } });
  });

  it('names unanswered questions and keeps the answers given', () => {
    expect(checkAnswers(check, { q2: ['2'] })).toEqual({ complete: false, answers: { q2: [2] }, unanswered: ['q1'] });
    expect(checkAnswers(check, {})).toEqual({ complete: false, answers: {}, unanswered: ['q1', 'q2'] });
  });

  it('refuses an option number that does not exist', () => {
    const error = failure(() => checkAnswers(check, { q1: ['2'], q2: ['0'] }));
    expect(error.kind).toBe('invalid');
    expect(error.message).toMatchInlineSnapshot(`"The answer to question 1 is not one of its 2 options. Please go back to the module and choose from the options shown."`);
    for (const bad of ['-1', '1.0', 'x', '', ' 1', '99']) expect(failure(() => checkAnswers(check, { q1: [bad] })).kind, bad).toBe('invalid');
  });

  it('refuses two answers to a choose-one question', () => {
    expect(failure(() => checkAnswers(check, { q1: ['0', '1'], q2: ['0'] })).message).toMatchInlineSnapshot(
      `"Question 1 takes one answer, but more than one was sent. Please choose just one option."`,
    );
  });

  it('refuses a question the check does not have', () => {
    expect(failure(() => checkAnswers(check, { q1: ['0'], q2: ['0'], q9: ['0'] })).message).toMatchInlineSnapshot(
      `"The answers included a question this check does not have (“q9”). Please go back to the module and answer the questions on the page."`,
    );
  });
});

describe('answers carried through signing in', () => {
  it('round-trips, and drops anything malformed', () => {
    const answers = { q1: [1], q2: [0, 2] };
    expect(encodeDraft(answers)).toBe('q1:1;q2:0,2');
    expect(decodeDraft(encodeDraft(answers), check)).toEqual(answers);
    expect(decodeDraft('q1:0,1;q2:7,1;zz:1;q2', check)).toEqual({ q2: [1] });
    expect(decodeDraft(null, check)).toEqual({});
  });

  it('compares answer sets regardless of order', () => {
    expect(sameAnswers({ q1: [0], q2: [1, 0] }, { q2: [0, 1], q1: [0] })).toBe(true);
    expect(sameAnswers({ q1: [0] }, { q1: [1] })).toBe(false);
    expect(sameAnswers({ q1: [0] }, { q1: [0], q2: [0] })).toBe(false);
  });
});

describe('a repeated submission', () => {
  const now = new Date('2026-11-23T10:00:10.000Z');
  it('is the same answers within five seconds of the latest attempt', () => {
    expect(isRepeatSubmission({ answers: { q1: [0] }, created: '2026-11-23 10:00:07.000Z' }, { q1: [0] }, now)).toBe(true);
    expect(isRepeatSubmission({ answers: { q1: [0] }, created: '2026-11-23 10:00:07.000Z' }, { q1: [1] }, now)).toBe(false);
    expect(isRepeatSubmission({ answers: { q1: [0] }, created: '2026-11-23 10:00:04.000Z' }, { q1: [0] }, now)).toBe(false);
    expect(isRepeatSubmission(undefined, { q1: [0] }, now)).toBe(false);
    expect(REPEAT_WINDOW_MS).toBe(5000);
  });
});

describe('what the person sees after grading', () => {
  const attempt = { id: 'a1', created: '2026-11-23 10:00:00.000Z', score: 0, total: 2, passed: false };
  const options = [['<b>A</b>', 'B'], ['C', 'D', 'E']];
  const render = (s: string) => `<i>${s}</i>`;

  it('has the feedback of the chosen options only, rendered, with the option text', () => {
    const answers = { q1: [1], q2: [0, 2] };
    const view = presentResult(attempt, gradeCheck(check, answers), check, options, render);
    expect(view.questions).toEqual([
      { id: 'q1', right: false, chosen: [{ index: 1, optionHtml: 'B', feedbackHtml: '<i>Not quite, B.</i>' }], missed: 0 },
      {
        id: 'q2',
        right: false,
        chosen: [
          { index: 0, optionHtml: 'C', feedbackHtml: '<i>Yes, C.</i>' },
          { index: 2, optionHtml: 'E', feedbackHtml: '<i>This one, E, does not fit.</i>' },
        ],
        missed: 1,
      },
    ]);
    const json = JSON.stringify(view);
    for (const hidden of ['Yes, *A*.', 'Yes, D.', 'correct']) expect(json).not.toContain(hidden);
  });

  it('says how many more fit only for choose-all questions (a single question’s answer is never hinted)', () => {
    const view = presentResult(attempt, gradeCheck(check, { q1: [1], q2: [0] }), check, options, render);
    expect(view.questions.map((q) => q.missed)).toEqual([0, 1]);
    expect(view).toMatchObject({ needed: 2, passMark: 75 });
  });
});
