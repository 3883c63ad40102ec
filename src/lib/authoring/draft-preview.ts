/**
 * The whole-course preview of a draft: the working copy (what the editor saves, not what is
 * published), shown as trainees will see it: the course page's introduction and module list,
 * and each module with its content note, text, reflection prompts and knowledge check
 * (questions and options only: never which option is correct, never the feedback).
 *
 * Read leniently, file by file, with the editor's own readers (parseCourseFile,
 * parseModuleFile), so a draft that still has problems can be previewed too; the number of
 * problems is returned for the page to say so. Authors of the course only (the page checks).
 */
import { MODULE_FILE } from '../courses/course.ts';
import { renderCourseInline, renderCourseMarkdown, type Heading } from '../markdown/markdown.ts';
import { parseCourseFile } from './course-form.ts';
import { parseModuleFile } from './module-form.ts';
import { validateWorkingCourse } from './validate.ts';
import { listWorkingFiles, workingCoursesDir } from './workspace.ts';

export interface DraftQuestion {
  question: string;
  /** `single` or `multiple`: the page says "choose one" or "choose all that apply". */
  type: string;
  options: string[];
}

export interface DraftModule {
  file: string;
  /** The id used in the draft's addresses (the module's id, or its file name's words). */
  id: string;
  number: number;
  title: string;
  duration: string;
  contentNote: string;
  html: string;
  headings: Heading[];
  prompts: string[];
  questions: DraftQuestion[];
  sources: string[];
}

export interface DraftCourse {
  slug: string;
  title: string;
  summary: string;
  audience: string;
  language: string;
  introHtml: string;
  modules: DraftModule[];
  /** Problems the course check finds in the draft (it cannot be published until 0). */
  problems: number;
}

const decode = (content: Uint8Array) => new TextDecoder().decode(content);

/** Where the draft's links go: module files to their draft pages, pictures and handouts to the working copy. */
function draftLinks(slug: string, ids: Map<string, string>) {
  return (href: string): string | undefined => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/') || href.startsWith('#')) return undefined;
    const [target = '', fragment] = href.split('#', 2);
    const file = target.replace(/^\.\//, '');
    const id = ids.get(file);
    if (id) return `/author/${slug}/draft/${encodeURIComponent(id)}${fragment ? `#${fragment}` : ''}`;
    return `/author/${slug}/files/${file.split('/').map(encodeURIComponent).join('/')}`;
  };
}

/** The draft of a course, every module rendered. */
export function draftCourse(slug: string, coursesDir: string = workingCoursesDir()): DraftCourse {
  const files = listWorkingFiles(slug, coursesDir);
  const ids = new Map<string, string>();
  const modules: Omit<DraftModule, 'html' | 'headings'>[] = [];
  const bodies = new Map<string, string>();
  for (const f of files) {
    const match = MODULE_FILE.exec(f.path);
    if (!match || f.path.includes('/')) continue;
    const model = parseModuleFile(decode(f.content));
    const form = model.mode === 'form' ? model.form : undefined;
    const id = form?.id.trim() || match[2]!;
    ids.set(f.path, id);
    bodies.set(f.path, model.body);
    modules.push({
      file: f.path,
      id,
      number: Number(match[1]),
      title: form?.title.trim() || f.path,
      duration: form?.duration.trim() ?? '',
      contentNote: form?.contentNote.trim() ?? '',
      prompts: (form?.reflectionPrompts ?? []).filter((p) => p.trim()).map(renderCourseInline),
      // Questions and option texts only: `correct` and `feedback` never leave this function.
      questions: (form?.questions ?? []).filter((q) => q.question.trim()).map((q) => ({ question: renderCourseInline(q.question), type: q.type, options: q.options.filter((o) => o.text.trim()).map((o) => renderCourseInline(o.text)) })),
      sources: (form?.sources ?? []).filter((s) => s.trim()).map(renderCourseInline),
    });
  }
  modules.sort((a, b) => a.number - b.number || a.file.localeCompare(b.file));
  const resolveLink = draftLinks(slug, ids);
  const courseFile = files.find((f) => f.path === 'course.md');
  const courseModel = courseFile ? parseCourseFile(decode(courseFile.content)) : undefined;
  const form = courseModel?.mode === 'form' ? courseModel.form : undefined;
  return {
    slug,
    title: form?.title.trim() || slug,
    summary: form?.summary.trim() ?? '',
    audience: form?.audience.trim() ?? '',
    language: form?.language.trim() || 'en-GB',
    introHtml: courseModel ? renderCourseMarkdown(courseModel.body, { resolveLink }).html : '',
    modules: modules.map((m) => {
      const rendered = renderCourseMarkdown(bodies.get(m.file) ?? '', { resolveLink });
      return { ...m, html: rendered.html, headings: rendered.headings };
    }),
    problems: validateWorkingCourse(slug, undefined, coursesDir).problems.length,
  };
}
