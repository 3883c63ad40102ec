/**
 * Rendered course Markdown, cached per model object. The catalogue builds new objects when a
 * course's files change, so a stale rendering can never be served and nothing needs clearing.
 */
import type { Course, Module } from '../courses/course.ts';
import { renderCourseInline, renderCourseMarkdown, type Rendered } from '../markdown/markdown.ts';
import { courseLinkResolver } from './links.ts';

/** A module's body plus its one-line texts (prompts, questions, options, sources) as HTML. */
export interface RenderedModule extends Rendered {
  prompts: string[];
  questions: { question: string; options: string[] }[];
  sources: string[];
}

const modules = new WeakMap<Module, RenderedModule>();
const intros = new WeakMap<Course, Rendered>();

export function renderedModule(course: Course, module: Module): RenderedModule {
  let rendered = modules.get(module);
  if (!rendered) {
    rendered = {
      ...renderCourseMarkdown(module.body, { resolveLink: courseLinkResolver(course) }),
      prompts: module.reflectionPrompts.map(renderCourseInline),
      questions: (module.knowledgeCheck?.questions ?? []).map((q) => ({
        question: renderCourseInline(q.question),
        options: q.options.map((o) => renderCourseInline(o.text)),
      })),
      sources: module.sources.map(renderCourseInline),
    };
    modules.set(module, rendered);
  }
  return rendered;
}

export function renderedIntro(course: Course): Rendered {
  let rendered = intros.get(course);
  if (!rendered) {
    rendered = renderCourseMarkdown(course.intro, { resolveLink: courseLinkResolver(course) });
    intros.set(course, rendered);
  }
  return rendered;
}
