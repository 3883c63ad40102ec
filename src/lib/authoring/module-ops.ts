/**
 * Plans for changing a course's list of modules: add one (at the end or after another), move
 * one up or down, retire one to `.retired/` and bring it back. Pure: a plan is a list of file
 * moves that the store carries out (moveCourseFiles checks every target first and moves via
 * temporary names, so swaps are safe). Module ids never change: a renumbered file keeps the
 * slug part of its name (and any `id` in its front matter), so trainees' records stay attached.
 */
import { MODULE_FILE } from '../courses/course.ts';
import { DomainError } from '../errors.ts';

export interface FileMove {
  from: string;
  to: string;
}

export interface ModuleFileInfo {
  file: string;
  number: number;
  slug: string;
}

export const RETIRED = '.retired';
const MAX_NUMBER = 99;

const two = (n: number) => String(n).padStart(2, '0');

/** The module files (`NN-slug.md` at the top of the course folder), in number order. */
export function moduleFiles(paths: string[]): ModuleFileInfo[] {
  return paths
    .filter((p) => !p.includes('/'))
    .flatMap((file) => {
      const m = MODULE_FILE.exec(file);
      return m ? [{ file, number: Number(m[1]), slug: m[2]! }] : [];
    })
    .sort((a, b) => a.number - b.number || a.file.localeCompare(b.file));
}

export interface AddPlan {
  /** The new file, e.g. `04-listening.md`. */
  file: string;
  /** Files to renumber first to make room (empty when adding at the end). */
  moves: FileMove[];
}

/**
 * Where a new module goes: after `after` (a module file) or at the end. Later modules move up
 * by one only as far as needed to free the number.
 *
 * @throws {DomainError} `invalid` when the slug is taken or there would be more than 99 modules
 */
export function planAddModule(paths: string[], slug: string, after?: string, ids: string[] = []): AddPlan {
  const modules = moduleFiles(paths);
  if (!slug) throw new DomainError('invalid', 'Give the module a title with at least one letter or number.', { title: 'Give the module a title with at least one letter or number.' });
  if (modules.some((m) => m.slug === slug) || ids.includes(slug)) {
    const message = `There is already a module called “${slug}” — give the new module a different title.`;
    throw new DomainError('invalid', message, { title: message });
  }
  const anchor = after ? modules.find((m) => m.file === after) : undefined;
  const last = modules[modules.length - 1]?.number ?? 0;
  const number = anchor ? anchor.number + 1 : last + 1;
  const taken = new Set(modules.map((m) => m.number));
  const moves: FileMove[] = [];
  if (taken.has(number)) {
    // Shift the run of consecutive numbers starting at `number` up by one.
    let end = number;
    while (taken.has(end + 1)) end++;
    if (end + 1 > MAX_NUMBER) throw tooMany();
    for (const m of modules) {
      if (m.number >= number && m.number <= end) moves.push({ from: m.file, to: `${two(m.number + 1)}-${m.slug}.md` });
    }
  }
  if (number > MAX_NUMBER) throw tooMany();
  return { file: `${two(number)}-${slug}.md`, moves };
}

function tooMany() {
  return new DomainError('invalid', 'A course can have at most 99 modules — retire one first, or split the course.');
}

/**
 * Swaps a module's place with its neighbour: the two files exchange their numbers.
 *
 * @throws {DomainError} `not-found` for an unknown file; `invalid` when it is already first/last
 */
export function planMoveModule(paths: string[], file: string, direction: 'up' | 'down'): FileMove[] {
  const modules = moduleFiles(paths);
  const index = modules.findIndex((m) => m.file === file);
  if (index < 0) throw new DomainError('not-found', `We could not find the module ${file}.`);
  const other = modules[direction === 'up' ? index - 1 : index + 1];
  if (!other) throw new DomainError('invalid', direction === 'up' ? 'This module is already the first one.' : 'This module is already the last one.');
  const self = modules[index]!;
  if (self.number === other.number) {
    // Two files share a number (a Git user's mistake): give this one the free number next to it.
    const free = direction === 'up' ? self.number - 1 : self.number + 1;
    if (free < 1 || free > MAX_NUMBER || modules.some((m) => m.number === free)) throw new DomainError('invalid', 'There is no free number to move this module to — rename one of the files that share its number.');
    return [{ from: self.file, to: `${two(free)}-${self.slug}.md` }];
  }
  return [
    { from: self.file, to: `${two(other.number)}-${self.slug}.md` },
    { from: other.file, to: `${two(self.number)}-${other.slug}.md` },
  ];
}

/** Retiring moves the file into `.retired/` (the loader skips dot folders); an older retired copy with the same name is kept beside it. */
export function planRetireModule(paths: string[], retired: string[], file: string): FileMove[] {
  if (!moduleFiles(paths).some((m) => m.file === file)) throw new DomainError('not-found', `We could not find the module ${file}.`);
  const names = new Set(retired.map((p) => p.replace(`${RETIRED}/`, '')));
  let name = file;
  for (let n = 2; names.has(name); n++) name = file.replace(/\.md$/, `-${n}.md`);
  return [{ from: file, to: `${RETIRED}/${name}` }];
}

/**
 * Bringing a retired module back: to its old number when it is free, else at the end. The slug
 * part (and so the module id) stays as it was.
 */
export function planBringBack(paths: string[], retiredFile: string): FileMove[] {
  const name = retiredFile.replace(`${RETIRED}/`, '');
  const match = MODULE_FILE.exec(name);
  if (!retiredFile.startsWith(`${RETIRED}/`) || !match) throw new DomainError('not-found', `We could not find the retired module ${retiredFile}.`);
  const modules = moduleFiles(paths);
  const slug = match[2]!;
  if (modules.some((m) => m.slug === slug)) {
    throw new DomainError('invalid', `A module called “${slug}” is in the course now — retire or rename it before bringing this one back.`);
  }
  const number = Number(match[1]);
  const target = modules.some((m) => m.number === number) ? (modules[modules.length - 1]?.number ?? 0) + 1 : number;
  if (target > MAX_NUMBER) throw tooMany();
  return [{ from: retiredFile, to: `${two(target)}-${slug}.md` }];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rewrites links to renamed module files (`[next](02-second.md#part)` → `03-second.md#part`),
 * inline and reference-style, all moves at once (so a swap of 01 and 02 is not undone).
 * Text with no such link comes back unchanged.
 */
export function rewriteModuleLinks(text: string, moves: FileMove[]): string {
  const renames = new Map(moves.filter((m) => !m.from.includes('/') || m.from.startsWith(`${RETIRED}/`)).map((m) => [m.from.replace(`${RETIRED}/`, ''), m.to.startsWith(`${RETIRED}/`) ? undefined : m.to]));
  const targets = [...renames.entries()].filter((e): e is [string, string] => e[1] !== undefined && e[0] !== e[1]);
  if (targets.length === 0) return text;
  const map = new Map(targets);
  const names = targets.map(([from]) => escapeRegExp(from)).join('|');
  const inline = new RegExp(`(\\]\\(\\s*(?:\\./)?)(${names})(?=[)#?\\s])`, 'g');
  const reference = new RegExp(`(^\\s*\\[[^\\]]+\\]:\\s*(?:\\./)?)(${names})(?=[#?\\s]|$)`, 'gm');
  return text.replace(inline, (_, lead: string, name: string) => `${lead}${map.get(name)}`).replace(reference, (_, lead: string, name: string) => `${lead}${map.get(name)}`);
}
