/**
 * Starting text for a new module and a new course. Both are valid courses, so an author starts
 * from something that works and changes it step by step; but their example sentences
 * (TEMPLATE_TEXT) are problems until replaced, so a template never reaches trainees unfinished.
 */
import { TEMPLATE_TEXT } from '../courses/unfinished.ts';
import { joinFile, toYaml } from './module-form.ts';

/** A new module file: title, id and duration set, a short body showing the course boxes. */
export function moduleTemplate(input: { id: string; title: string; duration?: number }): string {
  const frontmatter = toYaml({ id: input.id, title: input.title, duration: input.duration ?? 30 });
  const body = [
    TEMPLATE_TEXT.moduleIntro,
    '',
    '## A first section',
    '',
    TEMPLATE_TEXT.sectionHint,
    '',
    '::: activity Try this',
    TEMPLATE_TEXT.activity,
    ':::',
  ].join('\n');
  return joinFile(frontmatter, body);
}

/** The files of a new course: course.md with one unit, outcome and criterion, and one module that covers it. */
export function courseTemplate(input: { title: string; authorName: string }): { path: string; content: string }[] {
  const course = toYaml(
    {
      title: input.title,
      summary: TEMPLATE_TEXT.summary(input.title),
      language: 'en-GB',
      audience: TEMPLATE_TEXT.audience,
      authors: [{ name: input.authorName || 'Course author', role: 'Peer trainer' }],
      ordered: true,
      pass_mark: 75,
      enrolment: 'invitation',
      units: [
        {
          id: 'U1',
          title: TEMPLATE_TEXT.unitTitle,
          credits: 1,
          guided_learning_hours: 4,
          outcomes: [{ id: '1', text: TEMPLATE_TEXT.outcome, criteria: [{ id: '1.1', text: TEMPLATE_TEXT.criterion, evidence: 'reflection' }] }],
        },
      ],
    },
    [],
  );
  const intro = TEMPLATE_TEXT.courseIntro;
  const module = moduleTemplate({ id: 'introduction', title: 'Introduction' }).replace('duration: 30\n', `duration: 30\ncriteria: [U1/1.1]\nreflection_prompts:\n  - ${TEMPLATE_TEXT.reflection}\n`);
  return [
    { path: 'course.md', content: joinFile(course, intro) },
    { path: '01-introduction.md', content: module },
  ];
}
