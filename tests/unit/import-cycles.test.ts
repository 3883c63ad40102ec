/**
 * No import cycles among the modules of src/lib (issue 14): a module may not, through any chain
 * of imports (type-only and dynamic ones included), import itself. A cycle means two concerns
 * that cannot be understood, tested or loaded apart — e.g. the course loader depending on the
 * editor, or the PocketBase client depending on the stores that use it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCycles, importGraph } from '../support/import-graph.ts';

const LIB = path.resolve(import.meta.dirname, '../../src/lib');

describe('src/lib import graph', () => {
  it('has no import cycles', () => {
    const graph = importGraph(LIB);
    // Sanity: the graph was read (a broken reader would find no cycles in nothing).
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('pb-service.ts')).toContain('pb.ts');
    const cycles = findCycles(graph).map((cycle) => cycle.join(' → '));
    expect(cycles, `import cycles in src/lib:\n${cycles.join('\n')}`).toEqual([]);
  });
});

describe('the cycle finder', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function tree(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'import-graph-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }

  it('names each cycle, through type-only, re-export and dynamic imports', () => {
    const dir = tree({
      'pb.ts': "import { forget } from './cache/remembered.ts';\n",
      'cache/remembered.ts': "import type { Summary } from '../certificates/store.ts';\n",
      'certificates/store.ts': "import type { TypedPocketBase } from '../pb.ts';\nimport 'node:fs';\n",
      'courses/course-fs.ts': "export { publish } from '../authoring/publish.ts';\n",
      'authoring/publish.ts': "const w = await import('./workspace.ts');\n",
      'authoring/workspace.ts': "import { load } from '../courses/course-fs.ts';\n",
      'leaf.ts': "import { x } from './pb.ts';\n",
    });
    expect(findCycles(importGraph(dir))).toEqual([
      ['authoring/publish.ts', 'authoring/workspace.ts', 'courses/course-fs.ts', 'authoring/publish.ts'],
      ['cache/remembered.ts', 'certificates/store.ts', 'pb.ts', 'cache/remembered.ts'],
    ]);
  });

  it('finds none in a graph without cycles, and a module importing itself', () => {
    expect(findCycles(importGraph(tree({ 'a.ts': "import './b.ts';\n", 'b.ts': "import 'zod';\n" })))).toEqual([]);
    expect(findCycles(importGraph(tree({ 'self.ts': "import { a } from './self.ts';\n" })))).toEqual([['self.ts', 'self.ts']]);
  });
});
