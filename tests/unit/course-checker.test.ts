import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { formatProblem } from '../../src/lib/courses/problems.ts';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures/courses-broken');

/** Problems for one broken fixture, with the fixture folder prefix removed for readability. */
function check(name: string): string[] {
  const { courses, problems } = loadCourses(path.join(fixtures, name), root);
  expect(courses).toHaveLength(0);
  return problems.map((p) => formatProblem(p).replace(`tests/fixtures/courses-broken/${name}/`, ''));
}

describe('courses:check on the tiny valid course', () => {
  it('finds no problems and builds the model', () => {
    const { courses, problems } = loadCourses(path.join(root, 'tests/fixtures/courses/tiny'), root);
    expect(problems).toEqual([]);
    const [course] = courses;
    expect(course?.modules.map((m) => m.id)).toEqual(['first', 'second']);
    expect(course?.totalMinutes).toBe(35);
    expect(course?.version).toMatch(/^[0-9a-f]{12}$/);
    expect(course?.modules[0]?.knowledgeCheck?.passMark).toBe(75);
    expect(course?.modules[0]?.knowledgeCheck?.questions[0]?.id).toBe('q1');
  });
});

describe('courses:check on the real courses', () => {
  it('accepts both courses, every module with 600–1,500 words, an activity, a reflection and 3–6 questions', () => {
    const { courses, problems } = loadCourses(path.join(root, 'courses'), root);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(courses.map((c) => c.slug).sort()).toEqual(['peer-support-foundations', 'service-user-leadership']);
    for (const module of courses.flatMap((c) => c.modules)) {
      const words = module.body.split(/\s+/).filter(Boolean).length;
      expect(words, module.file).toBeGreaterThanOrEqual(600);
      expect(words, module.file).toBeLessThanOrEqual(1600);
      expect(module.body, module.file).toMatch(/^::: activity/m);
      expect(module.reflectionPrompts.length, module.file).toBeGreaterThan(0);
      expect(module.knowledgeCheck?.questions.length, module.file).toBeGreaterThanOrEqual(3);
      expect(module.knowledgeCheck?.questions.length, module.file).toBeLessThanOrEqual(6);
      expect(module.sources.length, module.file).toBeGreaterThan(0);
    }
  });

  it('adds up credits as the issue asks: 18 for leadership, 12 for peer support', () => {
    const { courses } = loadCourses(path.join(root, 'courses'), root);
    const credits = Object.fromEntries(courses.map((c) => [c.slug, c.accreditation?.credits]));
    expect(credits).toEqual({ 'service-user-leadership': 18, 'peer-support-foundations': 12 });
  });
});

describe('courses:check on broken courses: each message names the file, the line and the fix', () => {
  it('has a fixture for every case below', () => {
    expect(readdirSync(fixtures).length).toBeGreaterThanOrEqual(30);
  });

  it.each([
    ['bad-folder-name', 'Tiny_Course:1: the folder name "Tiny_Course" is not a valid course address — use lower-case letters, digits and dashes, e.g. peer-support-foundations'],
    ['bad-module-file-name', 'tiny-course/3-third.md:1: "3-third.md" is not a module file name — name it with two digits, a dash and lower-case words, e.g. 03-boundaries.md'],
    ['broken-module-link', 'tiny-course/01-first.md:22: the link to "03-third.md" goes to a file that is not in this course — check the file name (module files look like 02-next-module.md)'],
    ['criterion-not-covered', 'tiny-course/course.md:44: assessment criterion U2/1.1 is not covered by any module — add "U2/1.1" to the `criteria` of the module that teaches it'],
    ['criterion-numbering', 'tiny-course/course.md:44: criterion "2.1" is under learning outcome 1, so its number must start with "1." — e.g. id: "1.1"'],
    ['duplicate-module-number', 'tiny-course/01-first.md:1: module number 01 is also used by 01-again.md — give each module its own number, e.g. rename this file to 02-first.md'],
    ['duration-decimal', 'tiny-course/01-first.md:3: `duration` must be a whole number of minutes, e.g. 45 — remove the decimal part'],
    ['duration-with-units', 'tiny-course/01-first.md:3: `duration` must be a number of minutes — write a whole number without units or quotes, e.g. duration: 45'],
    ['empty-body', 'tiny-course/02-second.md:9: the module has no text — write the module after the closing --- line'],
    ['empty-reflection-prompt', 'tiny-course/02-second.md:7: reflection prompt 1: this reflection prompt is empty — write it after the dash, or remove the line'],
    ['image-from-another-site', 'tiny-course/01-first.md:24: the image "https://example.com/dot.png" is loaded from another site — put the picture in this course\'s images folder and link to images/<name>'],
    ['image-without-description', 'tiny-course/01-first.md:24: the picture "images/dot.png" has no description — write what it shows between the square brackets, e.g. ![Two peer workers talking on a bench](images/dot.png), so people who cannot see it know'],
    ['image-outside-course', 'tiny-course/01-first.md:24: "../../secret.png" points outside this course folder — keep files inside the course folder, e.g. images/picture.png'],
    ['missing-course-md', 'tiny-course/course.md:1: this course folder has no course.md — add one (copy the example in docs/AUTHORING.md)'],
    ['missing-image', 'tiny-course/01-first.md:24: the image "images/missing.png" does not exist in this course folder — check the spelling or add the file'],
    ['missing-title', 'tiny-course/02-second.md:2: `title` is missing — write it like: title: What peer support is'],
    ['multiple-with-none-correct', 'tiny-course/01-first.md:10: question 1 has no correct option — mark at least one option with correct: true'],
    ['no-front-matter', 'tiny-course/02-second.md:1: the file does not start with front matter — put a line with three dashes (---) first, then the settings, then another --- line'],
    ['option-without-feedback', 'tiny-course/01-first.md:16: question 1, option 2: `feedback` is missing — write it like: feedback: Yes. Both people learn from each other.'],
    ['qualification-size-wrong', 'tiny-course/course.md:13: a qualification of 2 credits is an Award, not a Certificate (Award 1–12, Certificate 13–36, Diploma 37+) — change the title or the credits'],
    ['single-with-two-correct', 'tiny-course/01-first.md:10: question 1 is `single` but has 2 correct options — mark exactly one option with correct: true, or make it type: multiple'],
    ['top-level-heading', 'tiny-course/01-first.md:26: a top-level heading (# …) repeats the module title — use ## for sections; the title comes from `title:`'],
    ['tqt-not-ten-hours-per-credit', 'tiny-course/course.md:17: 2 credits means 20 hours of total qualification time (1 credit = 10 hours), not 25 — set total_qualification_time: 20'],
    ['unknown-box', 'tiny-course/01-first.md:28: `::: warning` is not a known box — use one of activity, reflection, content-note, key-point, easy-read, example, support'],
    ['unknown-criterion', 'tiny-course/01-first.md:4: criterion `U1/1.9` is not in course.md — add it there or fix the id (criteria look like U1/1.1: unit id, slash, criterion id)'],
    ['unknown-evidence-type', 'tiny-course/course.md:46: unit 2, outcome 1, criterion 1: `evidence` must be one of: reflection, written, knowledge-check, observation — pick the one an assessor will look at'],
    ['unknown-framework-domain', 'tiny-course/01-first.md:5: framework domain `hee/9` is not declared in course.md — use one of hee/1'],
    ['unknown-level', 'tiny-course/course.md:14: accreditation: `level` must be an RQF level: entry-1, entry-2, entry-3, 1, 2, 3, 4, 5, 6, 7, 8 — e.g. level: "3"'],
    ['unknown-outcome', 'tiny-course/02-second.md:5: learning outcome `U3/1` is not in course.md — add it there or fix the id (outcomes look like U1/1)'],
    ['course-intro-broken-link', 'tiny-course/course.md:49: the link to "01-frist.md" goes to a file that is not in this course — check the file name (module files look like 02-next-module.md)'],
    ['link-to-unsupported-file', 'tiny-course/01-first.md:22: "notes.docx" is not a file type the site can show — link to pictures (png, jpg, gif, webp, avif) or PDF handouts only'],
    ['yaml-syntax-error', 'tiny-course/01-first.md:2: a double quote mark is opened on this line but never closed — add the closing " at the end of the text'],
  ])('%s', (name, expected) => {
    expect(check(name)).toEqual([expected]);
  });

  it('unknown-key: names the typo and the setting it hides', () => {
    expect(check('unknown-key')).toEqual([
      'tiny-course/01-first.md:2: `duration` is missing — write a whole number without units or quotes, e.g. duration: 45',
      'tiny-course/01-first.md:3: unknown setting `durration` — check the spelling against docs/AUTHORING.md, or remove it',
    ]);
  });

  it('credits-do-not-add-up: reports the sum and the hours that follow from it', () => {
    expect(check('credits-do-not-add-up')).toEqual([
      "tiny-course/course.md:15: the units add up to 2 credits but `credits` says 3 — make them match (change a unit's credits or this number)",
      'tiny-course/course.md:17: 3 credits means 30 hours of total qualification time (1 credit = 10 hours), not 20 — set total_qualification_time: 30',
    ]);
  });

  it('duplicate-unit-id: reports the unit and the criterion clash it causes', () => {
    expect(check('duplicate-unit-id')).toEqual([
      'tiny-course/course.md:36: unit id "U1" is used twice — give each unit its own id, e.g. U2',
      'tiny-course/course.md:44: criterion "1.1" appears twice in unit U1 — give each criterion its own number',
    ]);
  });
});
