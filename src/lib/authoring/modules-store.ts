/**
 * The course overview's module list and its changes (add, move up/down, retire, bring back),
 * carried out through the authoring store (moveCourseFiles, saveCourseFile) so every change is
 * atomic, recorded as revisions and audit-logged.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { parseModuleFile } from './module-form.ts';
import { moduleFiles, planAddModule, planBringBack, planMoveModule, planRetireModule, RETIRED, rewriteModuleLinks, type FileMove } from './module-ops.ts';
import { courseRoot, slugify } from './paths.ts';
import { moveCourseFiles, saveCourseFile } from './save.ts';
import { moduleTemplate } from './template.ts';
import { validateWorkingCourse } from './validate.ts';
import { listWorkingFiles, workingCoursesDir } from './workspace.ts';
import type { UserRecord as Actor } from '../records.ts';
import type { moduleOpSchema } from './editor-schema.ts';
import type { z } from 'zod';

export interface OutlineModule {
  file: string;
  number: number;
  title: string;
  id: string;
}

export interface CourseOutline {
  title: string;
  modules: OutlineModule[];
  retired: OutlineModule[];
  problems: number;
}

function describe(file: string, text: string, number: number, slug: string): OutlineModule {
  const model = parseModuleFile(text);
  const title = model.mode === 'form' ? model.form.title : '';
  const id = model.mode === 'form' && model.form.id ? model.form.id : slug;
  return { file, number, title: title || file, id };
}

/** Modules in order (with titles), retired modules, and how many problems the course check finds now. */
export function courseOutline(slug: string, coursesDir: string = workingCoursesDir()): CourseOutline {
  const files = listWorkingFiles(slug, coursesDir);
  const text = (p: string) => new TextDecoder().decode(files.find((f) => f.path === p)?.content ?? new Uint8Array());
  const modules = moduleFiles(files.map((f) => f.path)).map((m) => describe(m.file, text(m.file), m.number, m.slug));
  const root = courseRoot(coursesDir, slug);
  let retiredNames: string[] = [];
  try {
    retiredNames = readdirSync(path.join(root, RETIRED)).filter((n) => n.endsWith('.md')).sort();
  } catch {
    retiredNames = [];
  }
  const retired = retiredNames.map((name) => {
    const m = /^(\d{2})-(.+)\.md$/.exec(name);
    let content = '';
    try {
      content = new TextDecoder().decode(listRetired(root, name));
    } catch {
      content = '';
    }
    return describe(`${RETIRED}/${name}`, content, Number(m?.[1] ?? 0), m?.[2] ?? name);
  });
  const { course, problems } = validateWorkingCourse(slug, undefined, coursesDir);
  const courseMd = parseCourseTitle(text('course.md'));
  return { title: course?.title ?? courseMd ?? slug, modules, retired, problems: problems.length };
}

function listRetired(root: string, name: string): Uint8Array {
  // Read directly: retired modules sit in a dot folder the working-copy listing skips.
  return readFileSyncSafe(path.join(root, RETIRED, name));
}

function readFileSyncSafe(abs: string): Uint8Array {
  if (lstatSync(abs).isSymbolicLink()) return new Uint8Array();
  return readFileSync(abs);
}

function parseCourseTitle(text: string): string | undefined {
  return /^title:\s*(.+)$/m.exec(text)?.[1]?.replace(/^["']|["']$/g, '').trim();
}

export type ModuleAction = z.infer<typeof moduleOpSchema>;

/** After renumbering: links in other files that named a moved module now name its new file (each change saved as a revision). */
async function updateLinks(service: TypedPocketBase, slug: string, moves: FileMove[], actor: Actor, dirs: { courses: string }): Promise<void> {
  for (const file of listWorkingFiles(slug, dirs.courses)) {
    if (!file.path.endsWith('.md')) continue;
    const text = new TextDecoder().decode(file.content);
    const updated = rewriteModuleLinks(text, moves);
    if (updated === text) continue;
    await saveCourseFile(service, { slug, path: file.path, content: updated, baseHash: file.hash, message: 'Updated links to renumbered modules', actor, kind: 'save', dirs });
  }
}

/**
 * Carries out one change to the module list. Returns what to say (a `done` code) and, for a
 * new module, its file.
 *
 * @throws {DomainError} `invalid` (with a plain message) when the change cannot be made;
 *   `unavailable` when PocketBase is down
 */
export async function changeModules(service: TypedPocketBase, input: { slug: string; action: ModuleAction; actor: UserRecord; coursesDir?: string }): Promise<{ done: string; file?: string }> {
  const coursesDir = input.coursesDir ?? workingCoursesDir();
  const dirs = { courses: coursesDir };
  const paths = listWorkingFiles(input.slug, coursesDir).map((f) => f.path);
  const a = input.action;
  switch (a.action) {
    case 'add': {
      const slug = slugify(a.title);
      const ids = courseOutline(input.slug, coursesDir).modules.map((m) => m.id);
      const plan = planAddModule(paths, slug, a.after || undefined, ids);
      if (plan.moves.length) {
        await moveCourseFiles(service, { slug: input.slug, moves: plan.moves, message: `Made room for “${a.title}”`, actor: input.actor, kind: 'move', dirs });
        await updateLinks(service, input.slug, plan.moves, input.actor, dirs);
      }
      const outcome = await saveCourseFile(service, { slug: input.slug, path: plan.file, content: moduleTemplate({ id: slug, title: a.title.trim() }), baseHash: null, message: `Added the module “${a.title.trim()}”`, actor: input.actor, kind: 'create', dirs });
      if (outcome.kind === 'conflict') throw new DomainError('invalid', `A file called ${plan.file} appeared at the same moment — reload the page and try again.`);
      return { done: 'added', file: plan.file };
    }
    case 'up':
    case 'down': {
      const moves = planMoveModule(paths, a.file, a.action);
      await moveCourseFiles(service, { slug: input.slug, moves, message: a.action === 'up' ? `Moved ${a.file} up` : `Moved ${a.file} down`, actor: input.actor, kind: 'move', dirs });
      await updateLinks(service, input.slug, moves, input.actor, dirs);
      return { done: 'moved' };
    }
    case 'retire': {
      const retired = courseOutline(input.slug, coursesDir).retired.map((m) => m.file);
      const moves = planRetireModule(paths, retired, a.file);
      await moveCourseFiles(service, { slug: input.slug, moves, message: `Retired ${a.file}`, actor: input.actor, kind: 'retire', dirs });
      return { done: 'retired' };
    }
    case 'bring-back': {
      const moves = planBringBack(paths, a.file);
      await moveCourseFiles(service, { slug: input.slug, moves, message: `Brought back ${a.file.replace(`${RETIRED}/`, '')}`, actor: input.actor, kind: 'retire', dirs });
      await updateLinks(service, input.slug, moves, input.actor, dirs);
      return { done: 'back' };
    }
  }
}
