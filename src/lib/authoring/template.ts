/**
 * Starting text for a new module and a new course. Both pass `courses:check` as they are, so
 * an author starts from something that works and changes it step by step.
 */
import { joinFile, toYaml } from './module-form.ts';

/** A new module file: title, id and duration set, a short body showing the course boxes. */
export function moduleTemplate(input: { id: string; title: string; duration?: number }): string {
  const frontmatter = toYaml({ id: input.id, title: input.title, duration: input.duration ?? 30 });
  const body = [
    'Write the module here. Use short paragraphs and plain words.',
    '',
    '## A first section',
    '',
    'Start each new section with two hashes (##) and a short heading.',
    '',
    '::: activity Try this',
    'Describe something the reader can do, on their own or with others.',
    ':::',
  ].join('\n');
  return joinFile(frontmatter, body);
}

/** The files of a new course: course.md with one unit, outcome and criterion, and one module that covers it. */
export function courseTemplate(input: { title: string; authorName: string }): { path: string; content: string }[] {
  const course = toYaml(
    {
      title: input.title,
      summary: `What ${input.title} is about, in one or two sentences.`,
      language: 'en-GB',
      audience: 'Who this course is for.',
      authors: [{ name: input.authorName || 'Course author', role: 'Peer trainer' }],
      ordered: true,
      pass_mark: 75,
      enrolment: 'invitation',
      units: [
        {
          id: 'U1',
          title: 'First unit',
          credits: 1,
          guided_learning_hours: 4,
          outcomes: [{ id: '1', text: 'Understand the first idea of the course', criteria: [{ id: '1.1', text: 'Describe the first idea in their own words', evidence: 'reflection' }] }],
        },
      ],
    },
    [],
  );
  const intro = 'Say who this course is for and what people will get from it. Remind readers that they can pause at any time.';
  const module = moduleTemplate({ id: 'introduction', title: 'Introduction' }).replace('duration: 30\n', 'duration: 30\ncriteria: [U1/1.1]\nreflection_prompts:\n  - What would you like to get from this course?\n');
  return [
    { path: 'course.md', content: joinFile(course, intro) },
    { path: '01-introduction.md', content: module },
  ];
}
