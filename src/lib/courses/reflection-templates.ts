/**
 * Structured reflection templates: a model such as Gibbs' reflective cycle, as headed steps
 * with a guiding question each. A course offers the shipped set unless its course.md lists
 * `reflection_templates:` (names of shipped ones, or its own). Pure.
 *
 * A template only guides: choosing one puts its headings and questions into the reflection's
 * text (`scaffold`), which the trainee then writes under. The reflection stays one private
 * text, saved, autosaved and kept on the device exactly as before.
 */
import type { CourseFrontmatter } from './schema.ts';

export interface TemplateStep {
  heading: string;
  prompt: string;
}

export interface ReflectionTemplate {
  id: string;
  title: string;
  /** One or two sentences on what the model is for, and where it comes from. */
  about: string;
  steps: TemplateStep[];
}

/** The templates the site ships, in the order offered. */
export const SHIPPED_TEMPLATES: readonly ReflectionTemplate[] = [
  {
    id: 'gibbs',
    title: 'Gibbs’ reflective cycle',
    about: 'Six steps for looking back on one thing that happened, from Graham Gibbs, Learning by Doing (1988).',
    steps: [
      { heading: 'Description', prompt: 'What happened? Keep to the facts, and leave out anything that could identify someone.' },
      { heading: 'Feelings', prompt: 'What were you thinking and feeling at the time?' },
      { heading: 'Evaluation', prompt: 'What went well, and what did not go so well?' },
      { heading: 'Analysis', prompt: 'What sense can you make of it? What helped or got in the way?' },
      { heading: 'Conclusion', prompt: 'What else could you have done? What have you learned?' },
      { heading: 'Action plan', prompt: 'If it happened again, what would you do? What will you try next?' },
    ],
  },
  {
    id: 'what-so-what-now-what',
    title: 'What? So what? Now what?',
    about: 'Three questions, from Rolfe, Freshwater and Jasper (2001), after Borton (1970).',
    steps: [
      { heading: 'What?', prompt: 'What happened? What was my part in it?' },
      { heading: 'So what?', prompt: 'What does it mean for me, for the person I was with, and for my practice?' },
      { heading: 'Now what?', prompt: 'What will I do now, and what support do I need to do it?' },
    ],
  },
];

/** The templates a course offers: its own list, resolved, or the shipped set when it lists none. */
export function courseTemplates(list: CourseFrontmatter['reflection_templates']): ReflectionTemplate[] {
  if (list === undefined) return [...SHIPPED_TEMPLATES];
  return list.map((entry) =>
    typeof entry === 'string'
      ? SHIPPED_TEMPLATES.find((t) => t.id === entry)!
      : { id: entry.id, title: entry.title, about: entry.about ?? '', steps: entry.steps },
  );
}

/** A template's steps as text: each step a Markdown heading with its question quoted under it and room to write. */
export function templateBlock(template: ReflectionTemplate): string {
  return template.steps.map((step) => `## ${step.heading}\n\n> ${step.prompt}\n\n\n`).join('').trimEnd() + '\n';
}

/** Puts a template's block after the text already in the box (never replacing a word of it). */
export function appendBlock(existing: string, block: string): string {
  const before = existing.trimEnd();
  return before ? `${before}\n\n${block}` : block;
}

/** The text a template puts in the reflection box, after any text already there. */
export function scaffold(template: ReflectionTemplate, existing = ''): string {
  return appendBlock(existing, templateBlock(template));
}

/** Finds a template by id among those offered; undefined when not offered. */
export function findTemplate(templates: readonly ReflectionTemplate[], id: string | null | undefined): ReflectionTemplate | undefined {
  return id ? templates.find((t) => t.id === id) : undefined;
}
