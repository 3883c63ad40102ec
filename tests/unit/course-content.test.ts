/**
 * The shipped courses on their own: knowledge checks that cannot be passed by ticking the
 * first option, feedback that does not give the answer away, and the facts a fact-check
 * corrected (issue 23) staying corrected.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';

const root = path.resolve(import.meta.dirname, '../..');
const { courses } = loadCourses(path.join(root, 'courses'), root);
const bySlug = (slug: string) => courses.find((c) => c.slug === slug) as Course;
const module = (slug: string, id: string) => bySlug(slug).modules.find((m) => m.id === id)!;
const questions = (c: Course) => c.modules.flatMap((m) => (m.knowledgeCheck?.questions ?? []).map((q) => ({ module: m.id, ...q })));

describe.each(['peer-support-foundations', 'service-user-leadership'])('knowledge checks in %s', (slug) => {
  it('put the correct option in different positions: first in well under half the single-choice questions', () => {
    const single = questions(bySlug(slug)).filter((q) => q.type === 'single');
    const positions = single.map((q) => q.options.findIndex((o) => o.correct));
    expect(single.length).toBeGreaterThan(5);
    expect(positions.filter((p) => p === 0).length / single.length).toBeLessThan(0.5);
    expect(new Set(positions).size).toBeGreaterThanOrEqual(3);
  });

  it('do not start most multiple-choice questions with a correct option', () => {
    const multiple = questions(bySlug(slug)).filter((q) => q.type === 'multiple');
    expect(multiple.filter((q) => q.options[0]!.correct).length / multiple.length).toBeLessThan(0.5);
  });

  it('ticking the first option of every question fails most modules', () => {
    const results = bySlug(slug).modules.map((m) => {
      const qs = m.knowledgeCheck!.questions;
      const right = qs.filter((q) => q.options[0]!.correct && q.options.filter((o) => o.correct).length === 1).length;
      return (right / qs.length) * 100 >= m.knowledgeCheck!.passMark;
    });
    expect(results.filter(Boolean).length).toBeLessThan(results.length / 2);
  });

  it('never quote a correct option in the feedback for a wrong one', () => {
    for (const q of questions(bySlug(slug))) {
      const right = q.options.filter((o) => o.correct).map((o) => o.text.replace(/^["'“]+|["'”.]+$/g, '').toLowerCase());
      for (const wrong of q.options.filter((o) => !o.correct)) {
        for (const text of right) expect(wrong.feedback.toLowerCase().includes(text), `${q.module} ${q.id}: "${wrong.text}"`).toBe(false);
      }
    }
  });
});

describe('facts corrected after the fact-check', () => {
  it('names the safeguarding principles as statutory guidance, with one wording for Protection', () => {
    const m = module('peer-support-foundations', 'safety-and-safeguarding');
    expect(m.body).toContain('Care and Support Statutory Guidance');
    expect(m.body).toContain('**Protection.** Support and representation for those in greatest need.');
    const protection = m.knowledgeCheck!.questions[0]!.options.find((o) => o.text === 'Protection')!;
    expect(protection.feedback).toContain('Support and representation for those in greatest need');
  });

  it('gives crisis routes for England and Wales, and says to check locally elsewhere', () => {
    for (const [slug, id] of [['peer-support-foundations', 'safety-and-safeguarding'], ['peer-support-foundations', 'looking-after-yourself'], ['service-user-leadership', 'sustaining-yourself-and-others']] as const) {
      const body = module(slug, id).body;
      expect(body, id).toMatch(/England and Wales/);
      expect(body, id).toMatch(/Scotland and Northern Ireland/);
      expect(body, id).toMatch(/SHOUT\** to \**85258/);
      expect(body, id).not.toMatch(/option 2\** for .*in England/);
    }
  });

  it("states NSUN's 2020 criticism as how the framework was made", () => {
    const m = module('service-user-leadership', 'leadership-from-lived-experience');
    expect(m.body).toContain('expert reference group');
    expect(m.body).not.toContain('the framework is about involvement');
    const q = m.knowledgeCheck!.questions.find((x) => x.question.includes('NSUN'))!;
    expect(q.options.find((o) => o.correct)!.text).toMatch(/How the framework was made/);
  });

  it('dates the recovery-colleges paper 2018 and the Caldicott principles 2020', () => {
    expect(module('peer-support-foundations', 'working-in-teams').sources.join('\n')).toMatch(/Toney, R\..*\(2018\).*appi\.ps\.201800283/);
    expect(module('peer-support-foundations', 'safety-and-safeguarding').body).toContain('The duty to share information for individual care is as important as the duty to protect patient confidentiality.');
  });

  it('names who awards the certificates, not a centre', () => {
    for (const c of courses) expect(c.accreditation?.awarding_body).not.toMatch(/centre/i);
  });
});
