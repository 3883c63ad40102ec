/**
 * The draft as a reviewer reads it: the same working copy and readers as the authors' draft
 * preview (draft-preview.ts), cut into the paragraphs and knowledge-check questions a reviewer
 * can comment on. Each paragraph is rendered in the box it sits in, as trainees will see it.
 * Never the correct answers or the feedback of a question.
 */
import { MODULE_FILE } from '../courses/course.ts';
import { renderCourseInline, renderCourseMarkdown } from '../markdown/markdown.ts';
import { parseModuleFile } from '../authoring/module-form.ts';
import { draftCourse } from '../authoring/draft-preview.ts';
import { listWorkingFiles, workingCoursesDir } from '../authoring/workspace.ts';
import { paragraphsOf } from './review.ts';

export interface ReviewParagraph {
  index: number;
  /** The Markdown as written (what a suggestion replaces). */
  text: string;
  html: string;
}

export interface ReviewQuestion {
  index: number;
  html: string;
  options: string[];
}

export interface ReviewModule {
  file: string;
  /** The module's id (as in the published course's addresses). */
  id: string;
  number: number;
  title: string;
  contentNote: string;
  paragraphs: ReviewParagraph[];
  questions: ReviewQuestion[];
}

export interface ReviewDraft {
  title: string;
  summary: string;
  language: string;
  modules: ReviewModule[];
}

const keepOwnLinks = (href: string) => (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/') || href.startsWith('#') ? undefined : '#');

/** The draft of a course, module by module, paragraph by paragraph. */
export function reviewDraft(slug: string, coursesDir: string = workingCoursesDir()): ReviewDraft {
  const course = draftCourse(slug, coursesDir);
  const files = new Map(listWorkingFiles(slug, coursesDir).map((f) => [f.path, f]));
  const modules: ReviewModule[] = course.modules.flatMap((m) => {
    const file = files.get(m.file);
    if (!file || !MODULE_FILE.test(m.file)) return [];
    const model = parseModuleFile(new TextDecoder().decode(file.content));
    const form = model.mode === 'form' ? model.form : undefined;
    return [
      {
        file: m.file,
        id: m.id,
        number: m.number,
        title: m.title,
        contentNote: m.contentNote,
        paragraphs: paragraphsOf(model.body).map((p) => ({
          index: p.index,
          text: p.text,
          html: renderCourseMarkdown(p.box ? `::: ${p.box}\n${p.text}\n:::` : p.text, { resolveLink: keepOwnLinks }).html,
        })),
        questions: (form?.questions ?? [])
          .filter((q) => q.question.trim())
          .map((q, i) => ({ index: i + 1, html: renderCourseInline(q.question), options: q.options.filter((o) => o.text.trim()).map((o) => renderCourseInline(o.text)) })),
      },
    ];
  });
  return { title: course.title, summary: course.summary, language: course.language, modules };
}
