import { describe, expect, it } from 'vitest';
import type { KnowledgeCheck, Question } from '../../src/lib/courses/course.ts';
import { gradeCheck, gradeQuestion, questionsNeeded, reachesPassMark } from '../../src/lib/quiz/grading.ts';

const single: Question = {
  id: 'mutuality',
  question: 'What does mutuality mean?',
  type: 'single',
  shuffle: true,
  options: [
    { text: 'Equals', correct: true, feedback: 'Yes: equals.' },
    { text: 'Peer leads', correct: false, feedback: 'Not quite: nobody leads.' },
    { text: 'Same diagnosis', correct: false, feedback: 'Not quite: no diagnosis needed.' },
  ],
};

const multiple: Question = {
  id: 'respect',
  question: 'Which show respect?',
  type: 'multiple',
  shuffle: true,
  options: [
    { text: 'Ask', correct: true, feedback: 'Yes: ask.' },
    { text: 'Their words', correct: true, feedback: 'Yes: their words.' },
    { text: 'Pathologise', correct: false, feedback: 'This one is pathologising.' },
    { text: 'Decide for them', correct: false, feedback: 'This one is directive.' },
  ],
};

const check = (questions: Question[], passMark = 75): KnowledgeCheck => ({ passMark, questions });

describe('a single-answer question', () => {
  it('is right only with the correct option, and shows the feedback of the chosen option only', () => {
    expect(gradeQuestion(single, [0])).toEqual({ id: 'mutuality', right: true, chosen: [{ index: 0, feedback: 'Yes: equals.' }], missed: 0 });
    expect(gradeQuestion(single, [2])).toEqual({ id: 'mutuality', right: false, chosen: [{ index: 2, feedback: 'Not quite: no diagnosis needed.' }], missed: 1 });
  });

  it('is not right with nothing chosen', () => {
    expect(gradeQuestion(single, [])).toMatchObject({ right: false, chosen: [], missed: 1 });
  });
});

describe('a choose-all-that-apply question', () => {
  it('is right when the chosen set equals the correct set, in any order', () => {
    expect(gradeQuestion(multiple, [1, 0])).toMatchObject({ right: true, missed: 0 });
  });

  it('is not right when a correct option is missed, and counts the missed ones without naming them', () => {
    const result = gradeQuestion(multiple, [0]);
    expect(result).toEqual({ id: 'respect', right: false, chosen: [{ index: 0, feedback: 'Yes: ask.' }], missed: 1 });
  });

  it('is not right when a wrong option is added to the correct ones (partial answers score nothing)', () => {
    const result = gradeQuestion(multiple, [0, 1, 3]);
    expect(result.right).toBe(false);
    expect(result.missed).toBe(0);
    expect(result.chosen.map((c) => c.feedback)).toEqual(['Yes: ask.', 'Yes: their words.', 'This one is directive.']);
  });

  it('ignores a repeated option', () => {
    expect(gradeQuestion(multiple, [0, 1, 1, 0])).toMatchObject({ right: true, chosen: [{ index: 0 }, { index: 1 }] });
  });

  it('never returns the feedback of an option that was not chosen', () => {
    const result = gradeQuestion(multiple, [2]);
    const shown = JSON.stringify(result);
    for (const other of ['Yes: ask.', 'Yes: their words.', 'This one is directive.']) expect(shown).not.toContain(other);
    expect(result.missed).toBe(2);
  });
});

describe('the pass mark', () => {
  it('counts the boundary as a pass: 3 of 4 at 75 %', () => {
    expect(reachesPassMark(3, 4, 75)).toBe(true);
    expect(reachesPassMark(2, 4, 75)).toBe(false);
    expect(questionsNeeded(4, 75)).toBe(3);
  });

  it('rounds the questions needed up, without floating-point slips', () => {
    expect(questionsNeeded(3, 75)).toBe(3); // 2 of 3 is 66.7 %
    expect(reachesPassMark(2, 3, 67)).toBe(false);
    expect(reachesPassMark(2, 3, 66)).toBe(true);
    expect(questionsNeeded(10, 70)).toBe(7);
    expect(reachesPassMark(7, 10, 70)).toBe(true); // 0.7 * 10 is 6.999… in floating point
    expect(questionsNeeded(5, 100)).toBe(5);
    expect(reachesPassMark(4, 5, 100)).toBe(false);
    expect(questionsNeeded(5, 1)).toBe(1);
  });

  it('never passes an empty check', () => {
    expect(reachesPassMark(0, 0, 1)).toBe(false);
  });
});

describe('grading a check', () => {
  const four = check([single, multiple, { ...single, id: 'q3' }, { ...multiple, id: 'q4' }]);

  it('scores questions right, out of the total, and passes at the pass mark', () => {
    const grade = gradeCheck(four, { mutuality: [0], respect: [0, 1], q3: [0], q4: [0] });
    expect(grade).toMatchObject({ score: 3, total: 4, passMark: 75, needed: 3, passed: true });
    expect(grade.questions.map((q) => q.right)).toEqual([true, true, true, false]);
  });

  it('is "not yet" below the pass mark', () => {
    const grade = gradeCheck(four, { mutuality: [1], respect: [0, 1], q3: [0], q4: [2] });
    expect(grade).toMatchObject({ score: 2, total: 4, passed: false, needed: 3 });
  });

  it('uses the check’s own pass mark', () => {
    const strict = check([single, multiple], 100);
    expect(gradeCheck(strict, { mutuality: [0], respect: [0] })).toMatchObject({ score: 1, passed: false, needed: 2 });
    expect(gradeCheck(strict, { mutuality: [0], respect: [0, 1] })).toMatchObject({ score: 2, passed: true });
  });

  it('counts a question with no entry as not right', () => {
    expect(gradeCheck(check([single, multiple]), { mutuality: [0] })).toMatchObject({ score: 1, passed: false });
  });
});
