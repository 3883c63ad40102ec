/**
 * The editor page's one lib call: open a course file for editing (GET) or take a posted form
 * (POST: preview, add/remove a row, save), and return everything the page shows: the form
 * model, the preview (rendered by the reading page's own Markdown pipeline), the problems
 * placed at their fields and lines, and the outcome of a save (saved, unchanged, conflict).
 */
import type { Course } from '../courses/course.ts';
import { MODULE_FILE } from '../courses/course.ts';
import { DomainError } from '../errors.ts';
import { renderCourseInline, renderCourseMarkdown } from '../markdown/markdown.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { courseLinkResolver } from '../site/links.ts';
import { authoringEn } from '../i18n/authoring.ts';
import { applyCourseOp, courseFieldId, courseModelFromForm, creditSums, parseCourseFile, serialiseCourse, type CourseEditorModel } from './course-form.ts';
import { editorPostSchema } from './editor-schema.ts';
import { formKey, formWords } from './form-words.ts';
import { MAX_MARKDOWN_BYTES } from './limits.ts';
import { applyModuleOp, courseChoices, courseTitleOf, moduleFieldId, moduleModelFromForm, parseModuleFile, serialiseModule, type CourseChoices, type ModuleEditorModel } from './module-form.ts';
import { safeCoursePath } from './paths.ts';
import { saveCourseFile } from './save.ts';
import { placeProblems, validateWorkingCourse, courseDisplayDir, type PlacedProblem } from './validate.ts';
import { contentHash, listWorkingFiles, readWorkingFile, workingCoursesDir } from './workspace.ts';

export type EditorModel = { kind: 'module'; model: ModuleEditorModel } | { kind: 'course'; model: CourseEditorModel };

export interface EditorProblem extends PlacedProblem {
  /** The form control to link to, or undefined (body line or another file). */
  fieldId: string | undefined;
  /** For a problem in a setting shown as a form field: the message in the form's words (no YAML, no line). */
  formText?: string;
}

export interface EditorPreview {
  title: string;
  html: string;
  prompts: string[];
  questions: { question: string; options: string[] }[];
  sources: string[];
}

export interface EditorView {
  slug: string;
  path: string;
  editor: EditorModel;
  /** The file text the form stands for. */
  text: string;
  /** The hash of the file when the author started (sent back with the next save). */
  baseHash: string;
  message: string;
  problems: EditorProblem[];
  preview: EditorPreview;
  choices: CourseChoices;
  /** The course's title (its folder name when course.md has none yet), for headings and breadcrumbs. */
  courseTitle: string;
  /** The file's title (a module's title, or the course's), or its file name when it has none yet. */
  fileTitle: string;
  credits?: ReturnType<typeof creditSums>;
  outcome?: { kind: 'saved' | 'unchanged'; hash: string } | { kind: 'conflict'; theirs: string; hash: string; by?: string; at?: string } | { kind: 'error'; message: string };
}

/**
 * The file an editor URL names, if it is one the editor edits: `course.md` or a module file.
 *
 * @throws {DomainError} `invalid` for anything else
 */
export function editablePath(raw: string): string {
  const path = safeCoursePath(raw);
  if (path !== 'course.md' && !MODULE_FILE.test(path)) throw new DomainError('invalid', authoringEn.editor.cannotEdit);
  return path;
}

const kindOf = (path: string) => (path === 'course.md' ? 'course' : 'module');

function parse(path: string, text: string): EditorModel {
  return kindOf(path) === 'course' ? { kind: 'course', model: parseCourseFile(text) } : { kind: 'module', model: parseModuleFile(text) };
}

function serialise(editor: EditorModel): string {
  return editor.kind === 'course' ? serialiseCourse(editor.model) : serialiseModule(editor.model);
}

/** A link resolver for the preview when the course does not build yet: module files by their name. */
function fallbackCourse(slug: string, files: string[]): Course {
  const modules = files.flatMap((file) => {
    const m = MODULE_FILE.exec(file);
    return m ? [{ file, id: m[2]! }] : [];
  });
  // Only `slug` and `modules[].file/id` are read by courseLinkResolver.
  return { slug, modules } as unknown as Course;
}

/**
 * Renders the preview with the reading page's pipeline (renderCourseMarkdown +
 * courseLinkResolver). `filesBase` points pictures at the working copy (so a picture uploaded
 * but not yet published shows); without it the HTML is byte for byte the reading page's.
 */
export function previewHtml(course: Course, body: string, filesBase?: string): string {
  const resolve = courseLinkResolver(course);
  return renderCourseMarkdown(body, {
    resolveLink: (href, kind) => {
      const out = resolve(href, kind);
      if (!filesBase || !out || !out.startsWith(`/courses/${course.slug}/files/`)) return out;
      return `${filesBase}/${out.slice(`/courses/${course.slug}/files/`.length)}`;
    },
  }).html;
}

function buildPreview(editor: EditorModel, course: Course, filesBase: string): EditorPreview {
  const model = editor.model;
  if (editor.kind === 'course') {
    const title = editor.model.mode === 'form' ? editor.model.form.title : '';
    return { title, html: previewHtml(course, model.body, filesBase), prompts: [], questions: [], sources: [] };
  }
  const form = editor.model.mode === 'form' ? editor.model.form : undefined;
  return {
    title: form?.title ?? '',
    html: previewHtml(course, model.body, filesBase),
    prompts: (form?.reflectionPrompts ?? []).filter((p) => p.trim()).map(renderCourseInline),
    questions: (form?.questions ?? []).filter((q) => q.question.trim()).map((q) => ({ question: renderCourseInline(q.question), options: q.options.filter((o) => o.text.trim()).map((o) => renderCourseInline(o.text)) })),
    sources: (form?.sources ?? []).filter((s) => s.trim()).map(renderCourseInline),
  };
}

/** Validates the text in the editor against the rest of the working copy and builds the view. */
export function viewFor(input: { slug: string; path: string; editor: EditorModel; baseHash: string; message: string; coursesDir?: string }): EditorView {
  const coursesDir = input.coursesDir ?? workingCoursesDir();
  const text = serialise(input.editor);
  const { course, problems } = validateWorkingCourse(input.slug, { path: input.path, content: text }, coursesDir);
  const dir = courseDisplayDir(coursesDir, input.slug);
  const inForm = input.editor.model.mode === 'form';
  const placed = placeProblems(problems, dir, input.path, text).map((p): EditorProblem => {
    if (p.place.kind !== 'field') return { ...p, fieldId: undefined };
    if (!inForm) return { ...p, fieldId: 'frontmatter' };
    const key = formKey(p.message, p.place.key);
    const fieldId = input.editor.kind === 'course' ? courseFieldId(key) : moduleFieldId(key);
    return { ...p, fieldId, formText: formWords(p.message, key, input.editor.kind) };
  });
  const files = listWorkingFiles(input.slug, coursesDir).map((f) => f.path);
  const courseMd = input.path === 'course.md' ? text : readText(input.slug, 'course.md', coursesDir);
  const view: EditorView = {
    slug: input.slug,
    path: input.path,
    editor: input.editor,
    text,
    baseHash: input.baseHash,
    message: input.message,
    problems: placed,
    preview: buildPreview(input.editor, course ?? fallbackCourse(input.slug, files), `/author/${input.slug}/files`),
    choices: courseChoices(courseMd),
    courseTitle: courseTitleOf(courseMd) ?? input.slug,
    fileTitle: input.path === 'course.md' ? authoringEn.editor.courseSettingsTitle : (input.editor.model.mode === 'form' && input.editor.model.form.title.trim()) || input.path,
  };
  if (input.editor.kind === 'course' && input.editor.model.mode === 'form') view.credits = creditSums(input.editor.model.form);
  return view;
}

function readText(slug: string, path: string, coursesDir: string): string | undefined {
  const file = readWorkingFile(slug, path, coursesDir);
  return file ? new TextDecoder().decode(file.content) : undefined;
}

/**
 * Opens a file for editing.
 *
 * @throws {DomainError} `not-found` when the file does not exist; `invalid` for a path the editor does not edit
 */
export function openEditor(slug: string, rawPath: string, coursesDir?: string): EditorView {
  const path = editablePath(rawPath);
  const file = readWorkingFile(slug, path, coursesDir);
  if (!file) throw new DomainError('not-found', authoringEn.editor.notFound);
  const text = new TextDecoder().decode(file.content);
  return viewFor({ slug, path, editor: parse(path, text), baseHash: file.hash, message: '', coursesDir });
}

type FormLike = { get(name: string): unknown; getAll(name: string): unknown[] };

/** Reads the posted editor form (every character kept) and applies a row button, if one was pressed. */
export function editorFromForm(path: string, form: FormLike): { editor: EditorModel; action: 'preview' | 'save'; op: string; baseHash: string; message: string } {
  const post = editorPostSchema.parse({ action: form.get('action') ?? undefined, op: form.get('op') ?? undefined, base_hash: form.get('base_hash') ?? undefined, message: form.get('message') ?? undefined });
  let editor: EditorModel = kindOf(path) === 'course' ? { kind: 'course', model: courseModelFromForm(form) } : { kind: 'module', model: moduleModelFromForm(form) };
  if (post.op && editor.model.mode === 'form') {
    editor = editor.kind === 'course' && editor.model.mode === 'form'
      ? { kind: 'course', model: { ...editor.model, form: applyCourseOp(editor.model.form, post.op) } }
      : editor.kind === 'module' && editor.model.mode === 'form'
        ? { kind: 'module', model: { ...editor.model, form: applyModuleOp(editor.model.form, post.op) } }
        : editor;
  }
  return { editor, action: post.op ? 'preview' : post.action, op: post.op, baseHash: post.base_hash, message: post.message };
}

/**
 * Handles a posted editor form: always re-validates and previews; on `save`, saves the draft
 * (problems or not) with the hash the author started from. A conflict keeps the author's text
 * in the form and returns the other version to show beside it.
 *
 * @throws {DomainError} from saveCourseFile (`unavailable` when PocketBase is down)
 */
export async function postEditor(service: TypedPocketBase, input: { slug: string; rawPath: string; form: FormLike; actor: UserRecord; coursesDir?: string }): Promise<EditorView> {
  const path = editablePath(input.rawPath);
  const coursesDir = input.coursesDir ?? workingCoursesDir();
  if (!readWorkingFile(input.slug, path, coursesDir)) throw new DomainError('not-found', authoringEn.editor.notFound);
  const posted = editorFromForm(path, input.form);
  const view = viewFor({ slug: input.slug, path, editor: posted.editor, baseHash: posted.baseHash, message: posted.message, coursesDir });
  if (posted.action !== 'save') return view;
  if (Buffer.byteLength(view.text, 'utf8') > MAX_MARKDOWN_BYTES) return { ...view, outcome: { kind: 'error', message: authoringEn.errors.tooLarge } };
  const outcome = await saveCourseFile(service, {
    slug: input.slug,
    path,
    content: view.text,
    baseHash: posted.baseHash || null,
    message: posted.message.trim() || authoringEn.editor.defaultMessage(path),
    actor: input.actor,
    kind: 'save',
    dirs: { courses: coursesDir },
  });
  if (outcome.kind === 'conflict') {
    // The next save starts from their version: the author has now seen it.
    return { ...view, baseHash: outcome.current.hash, outcome: { kind: 'conflict', theirs: outcome.current.content, hash: outcome.current.hash, ...(outcome.current.by ? { by: outcome.current.by } : {}), ...(outcome.current.at ? { at: outcome.current.at } : {}) } };
  }
  // After a save the form stands for the saved file: re-read it so line numbers match the file.
  const saved = viewFor({ slug: input.slug, path, editor: parse(path, view.text), baseHash: outcome.hash, message: '', coursesDir });
  return { ...saved, outcome: { kind: outcome.kind, hash: outcome.hash } };
}

/**
 * After a picture upload without JavaScript: the page reopens the saved file and adds the
 * picture's Markdown at the end of the text (not saved until the author saves).
 */
export function withPicture(view: EditorView, picture: string, alt: string, coursesDir?: string): EditorView {
  if (!/^images\/[a-z0-9][a-z0-9-]*\.(png|jpe?g|gif|webp)$/.test(picture) || !readWorkingFile(view.slug, picture, coursesDir)) return view;
  const line = pictureMarkdown(alt, picture);
  const editor = { ...view.editor, model: { ...view.editor.model, body: `${view.editor.model.body.replace(/\s+$/, '')}\n\n${line}\n` } } as EditorModel;
  return viewFor({ slug: view.slug, path: view.path, editor, baseHash: view.baseHash, message: view.message, ...(coursesDir ? { coursesDir } : {}) });
}

/** `![alt](images/x.png)` with the alt text made safe for Markdown (no brackets or new lines). */
export function pictureMarkdown(alt: string, picture: string): string {
  return `![${alt.replace(/[\[\]\r\n]+/g, ' ').replace(/\s+/g, ' ').trim()}](${picture})`;
}

export { contentHash };
