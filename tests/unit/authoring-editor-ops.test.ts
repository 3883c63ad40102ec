import { describe, expect, it } from 'vitest';
import { MODULE_FILE } from '../../src/lib/courses/course.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { planAddModule, planBringBack, planMoveModule, planRetireModule, rewriteModuleLinks, type FileMove } from '../../src/lib/authoring/module-ops.ts';

const files = ['course.md', '01-intro.md', '02-listening.md', '03-boundaries.md', '05-endings.md', 'images/a.png'];

/** Applies moves as moveCourseFiles does (all at once) and checks nothing collides. */
function apply(paths: string[], moves: FileMove[]): string[] {
  const from = new Set(moves.map((m) => m.from));
  const kept = paths.filter((p) => !from.has(p));
  const targets = moves.map((m) => m.to);
  expect(new Set(targets).size, 'two moves share a target').toBe(targets.length);
  for (const t of targets) expect(kept, `${t} would overwrite a file`).not.toContain(t);
  return [...kept, ...targets];
}

const slugs = (paths: string[]) => paths.flatMap((p) => { const m = MODULE_FILE.exec(p); return m ? [m[2]] : []; }).sort();
const numbers = (paths: string[]) => paths.flatMap((p) => { const m = MODULE_FILE.exec(p); return m ? [Number(m[1])] : []; });

describe('module plans', () => {
  it('adds at the end with the next number', () => {
    expect(planAddModule(files, 'closing')).toEqual({ file: '06-closing.md', moves: [] });
  });

  it('adds after a module, moving only the run of numbers in the way', () => {
    const plan = planAddModule(files, 'power', '01-intro.md');
    expect(plan.file).toBe('02-power.md');
    expect(plan.moves).toEqual([
      { from: '02-listening.md', to: '03-listening.md' },
      { from: '03-boundaries.md', to: '04-boundaries.md' },
    ]);
    const after = apply(files, plan.moves);
    expect(after).not.toContain('02-power.md');
    expect(slugs(after)).toEqual(slugs(files)); // ids (slug part) unchanged
    expect(planAddModule(files, 'gap', '03-boundaries.md')).toEqual({ file: '04-gap.md', moves: [] });
  });

  it('refuses a slug or id already in use, and more than 99 modules', () => {
    expect(() => planAddModule(files, 'listening')).toThrow(DomainError);
    expect(() => planAddModule(files, 'custom-id', undefined, ['custom-id'])).toThrow(/already a module/);
    expect(() => planAddModule(['99-last.md'], 'more')).toThrow(/at most 99/);
  });

  it('moves up and down by swapping numbers, never colliding, ids unchanged', () => {
    for (const file of ['02-listening.md', '03-boundaries.md', '05-endings.md']) {
      const moves = planMoveModule(files, file, 'up');
      const after = apply(files, moves);
      expect(slugs(after)).toEqual(slugs(files));
      expect(numbers(after).sort()).toEqual(numbers(files).sort());
    }
    expect(planMoveModule(files, '03-boundaries.md', 'down')).toEqual([
      { from: '03-boundaries.md', to: '05-boundaries.md' },
      { from: '05-endings.md', to: '03-endings.md' },
    ]);
    expect(() => planMoveModule(files, '01-intro.md', 'up')).toThrow(/already the first/);
    expect(() => planMoveModule(files, '05-endings.md', 'down')).toThrow(/already the last/);
    expect(() => planMoveModule(files, '09-nope.md', 'up')).toThrow(/could not find/);
  });

  it('separates two files that share a number', () => {
    expect(planMoveModule(['02-a.md', '02-b.md'], '02-a.md', 'down')).toEqual([{ from: '02-a.md', to: '03-a.md' }]);
    expect(() => planMoveModule(['02-a.md', '02-b.md', '03-c.md'], '02-a.md', 'down')).toThrow(/no free number/);
  });

  it('retires into .retired/ and brings back to the old number, or the end when it is taken', () => {
    expect(planRetireModule(files, [], '02-listening.md')).toEqual([{ from: '02-listening.md', to: '.retired/02-listening.md' }]);
    expect(planRetireModule(files, ['.retired/02-listening.md'], '02-listening.md')).toEqual([{ from: '02-listening.md', to: '.retired/02-listening-2.md' }]);
    const without = files.filter((f) => f !== '02-listening.md');
    expect(planBringBack(without, '.retired/02-listening.md')).toEqual([{ from: '.retired/02-listening.md', to: '02-listening.md' }]);
    expect(planBringBack([...without, '02-other.md'], '.retired/02-listening.md')).toEqual([{ from: '.retired/02-listening.md', to: '06-listening.md' }]);
    expect(() => planBringBack(files, '.retired/02-listening.md')).toThrow(/in the course now/);
  });

  it('rewrites links to renamed modules, swaps included, nothing else', () => {
    const text = 'See [next](02-b.md), [back](./01-a.md#top), [x](02-b.md?x) and [ref].\n\n[ref]: 02-b.md\n`02-b.md` in code is text. [site](https://e.org/02-b.md)';
    const swapped = rewriteModuleLinks(text, [{ from: '01-a.md', to: '02-a.md' }, { from: '02-b.md', to: '01-b.md' }]);
    expect(swapped).toBe('See [next](01-b.md), [back](./02-a.md#top), [x](01-b.md?x) and [ref].\n\n[ref]: 01-b.md\n`02-b.md` in code is text. [site](https://e.org/02-b.md)');
    expect(rewriteModuleLinks(text, [])).toBe(text);
    // Retiring does not rewrite (the checker then names the broken link); bringing back to a new number does.
    expect(rewriteModuleLinks('[b](02-b.md)', [{ from: '02-b.md', to: '.retired/02-b.md' }])).toBe('[b](02-b.md)');
    expect(rewriteModuleLinks('[b](02-b.md)', [{ from: '.retired/02-b.md', to: '05-b.md' }])).toBe('[b](05-b.md)');
  });
});
