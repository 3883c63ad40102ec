/**
 * Deleting a reflection, the pure rules: a reflection linked as evidence stays; what goes
 * with one that may be deleted, in words; where the person goes afterwards; the form.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { criterionLabel, decideDeletion, evidenceCriteria, evidenceExplanation, refusedForEvidence, whatGoes, type DeletionFacts } from '../../src/lib/reflections/deletion.ts';
import { afterDeleteLocation, deleteHref, readFlash } from '../../src/lib/reflections/routes.ts';
import { parseDeleteForm, readDeleteFrom } from '../../src/lib/reflections/schema.ts';

const root = path.resolve(import.meta.dirname, '../..');
const { courses } = loadCourses(path.join(root, 'courses'), root);
const course = courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const [firstRef, secondRef] = [...course.criteria.keys()] as [string, string];

const ID = 'abcdefghijklmno';
const OTHER = 'zzzzzzzzzzzzzzz';

function facts(over: Partial<DeletionFacts> = {}): DeletionFacts {
  return { record: { id: ID, shared: false, course: course.slug }, earlierVersions: 0, comments: 0, evidence: [], ...over };
}
const evidence = (reflection: string, criterion: string) => ({ reflection, course: course.slug, criterion });

function form(fields: Array<[string, string]>): FormData {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return data;
}

describe('deciding whether a reflection may be deleted', () => {
  it('allows a private reflection with no history, saying only the reflection goes', () => {
    const decision = decideDeletion(facts());
    expect(decision).toEqual({ allowed: true, earlierVersions: 0, comments: 0, shared: false });
    expect(whatGoes(decision as Extract<typeof decision, { allowed: true }>, 'Listening: prompt 1')).toEqual(['the reflection “Listening: prompt 1”']);
  });

  it('names the earlier versions and the trainers’ replies that go with it, and that trainers will no longer see a shared one', () => {
    const decision = decideDeletion(facts({ record: { id: ID, shared: true, course: course.slug }, earlierVersions: 3, comments: 1 }));
    expect(decision).toEqual({ allowed: true, earlierVersions: 3, comments: 1, shared: true });
    if (!decision.allowed) throw new Error('expected allowed');
    expect(whatGoes(decision, 'After the group')).toEqual(['the reflection “After the group”', 'its 3 earlier versions', '1 reply from your trainers']);
    expect(whatGoes({ ...decision, earlierVersions: 1, comments: 2 }, 'x')).toEqual(['the reflection “x”', 'its 1 earlier version', '2 replies from your trainers']);
  });

  it('ignores evidence that links other reflections', () => {
    expect(decideDeletion(facts({ evidence: [evidence(OTHER, firstRef), evidence('', secondRef)] })).allowed).toBe(true);
  });

  it('refuses a reflection linked as evidence, naming each criterion once, in the order sent', () => {
    const decision = decideDeletion(facts({ earlierVersions: 2, evidence: [evidence(ID, secondRef), evidence(OTHER, firstRef), evidence(ID, secondRef), evidence(ID, firstRef)] }));
    expect(decision).toEqual({ allowed: false, reason: 'evidence', course: course.slug, criteria: [secondRef, firstRef] });
    expect(evidenceCriteria(ID, [evidence(ID, firstRef), evidence(ID, firstRef)])).toEqual([firstRef]);
  });

  it('explains kindly why it stays, naming the criterion and its unit', () => {
    const criterion = course.criteria.get(firstRef)!;
    const unit = course.units.find((u) => u.id === criterion.unitId)!;
    expect(criterionLabel(course, firstRef)).toBe(`criterion ${criterion.id} of “${unit.title}”`);
    expect(evidenceExplanation(course, [firstRef])).toBe(
      `This reflection is part of the evidence you sent for criterion ${criterion.id} of “${unit.title}”, so it stays with your assessment record. If you need it removed, ask your trainer or an administrator.`,
    );
  });

  it('still explains when the course or criterion is gone, or PocketBase refused without saying which', () => {
    expect(criterionLabel(undefined, 'U9/9.9')).toBe('criterion U9/9.9');
    expect(criterionLabel(course, 'U9/9.9')).toBe('criterion U9/9.9');
    expect(evidenceExplanation(undefined, ['U1/1.1', 'U1/1.2'])).toContain('evidence you sent for criterion U1/1.1 and criterion U1/1.2, so it stays');
    expect(evidenceExplanation(course, refusedForEvidence(course.slug).criteria)).toContain('the evidence you sent for an assessment criterion, so it stays');
  });
});

describe('where deleting goes', () => {
  const where = { course: course.slug, module: 'listening', prompt: 'p2' };

  it('the confirmation page, with a return to the module only when asked', () => {
    expect(deleteHref(ID)).toBe(`/reflections/${ID}/delete`);
    expect(deleteHref(ID, 'module')).toBe(`/reflections/${ID}/delete?from=module`);
    expect(readDeleteFrom(new URLSearchParams('from=module'))).toBe('module');
    expect(readDeleteFrom(new URLSearchParams('from=elsewhere'))).toBe('list');
    expect(readDeleteFrom(new URLSearchParams())).toBe('list');
  });

  it('after deleting: My reflections, or the module at the prompt; never the reflection’s own page, which is gone', () => {
    expect(afterDeleteLocation(where, 'list')).toBe('/reflections?reflection=deleted');
    expect(afterDeleteLocation(where, 'module')).toBe(`/courses/${course.slug}/listening?reflection=deleted&prompt=p2#reflection-p2`);
    expect(afterDeleteLocation({ course: course.slug, module: '', prompt: 'free' }, 'module')).toBe('/reflections?reflection=deleted');
  });

  it('already gone (a double submit): My reflections with a harmless status', () => {
    expect(afterDeleteLocation(undefined, 'module')).toBe('/reflections?reflection=already-deleted');
    expect(readFlash(new URLSearchParams('reflection=deleted'))).toBe('deleted');
    expect(readFlash(new URLSearchParams('reflection=already-deleted'))).toBe('already-deleted');
  });
});

describe('the "Delete for good" form', () => {
  it('reads where to go back to, My reflections by default', () => {
    expect(parseDeleteForm(form([]))).toEqual({ from: 'list' });
    expect(parseDeleteForm(form([['from', 'module']]))).toEqual({ from: 'module' });
  });

  it('refuses a form we did not send, with the plain message', () => {
    for (const fields of [[['from', 'reflection']], [['from', 'list'], ['from', 'module']], [['id', ID]]] as Array<Array<[string, string]>>) {
      expect(() => parseDeleteForm(form(fields))).toThrow(DomainError);
    }
    const error = (() => {
      try {
        parseDeleteForm(form([['from', 'nowhere']]));
      } catch (caught) {
        return caught as DomainError;
      }
      throw new Error('expected the form to be refused');
    })();
    expect([error.kind, error.message]).toEqual(['invalid', 'Something in the form was not what we expected. Please go back to the page and try again.']);
  });
});
