/**
 * The browser course editor, on the real stack (PocketBase + the built site), with a
 * throwaway COURSES_DIR holding a generated 20-module course of ~1,500-word modules:
 * - preview latency: median ms of POST /author/<course>/preview for one ~1,500-word module
 *   (validate the whole course + render), against GET of the same module's reading page,
 *   printed as a ratio;
 * - save + validate: median ms of a draft save through the editor (atomic write, revision,
 *   audit, then the course check over all 20 modules and the preview), as the author waits for it.
 *
 * Run alone (Node 24): `npm run build && npx node bench/authoring.ts`.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PocketBase from 'pocketbase';
import { startStack } from '../tests/support/stack.ts';
import { formatFigures, median, type Figure } from './report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SLUG = 'bench-authoring';
const MODULES = 20;
const RUNS = 25;
const SAVES = 15;
const TARGET_RATIO = 10;
const TARGET_SAVE_MS = 500;

/** A course of `MODULES` modules, each ~1,500 words of real course prose, that passes the course check. */
function writeBenchCourse(coursesDir: string): { file: string; id: string; body: string; frontmatter: string } {
  const source = readFileSync(path.join(ROOT, 'courses/service-user-leadership/02-our-movement.md'), 'utf8');
  const prose = source.split(/^---$/m)[2]!.replace(/\]\([^)]*\.md[^)]*\)/g, '](https://example.org)').trim();
  // Paragraphs of real prose (headings numbered so they stay unique) until ~1,500 words.
  const paragraphs = [prose, prose.replace(/^## (.*)$/gm, '## $1 (again)')].join('\n\n').split(/\n{2,}/);
  const kept: string[] = [];
  let count = 0;
  for (const paragraph of paragraphs) {
    if (count >= 1500) break;
    kept.push(paragraph);
    count += paragraph.split(/\s+/).filter(Boolean).length;
  }
  const body = kept.join('\n\n').replace(/\n::: [a-z-]+[^\n]*$/, '');
  const dir = path.join(coursesDir, SLUG);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'course.md'),
    `---\ntitle: Bench course\nsummary: Generated for the authoring benchmark.\naudience: Nobody\nauthors:\n  - name: Bench\n    role: Benchmark\nunits:\n  - id: U1\n    title: Unit\n    credits: 1\n    guided_learning_hours: 4\n    outcomes:\n      - id: "1"\n        text: Outcome\n        criteria:\n          - id: "1.1"\n            text: Criterion\n            evidence: reflection\n---\n\nA generated course.\n`,
  );
  let first = { file: '', id: '', body, frontmatter: '' };
  for (let n = 1; n <= MODULES; n++) {
    const id = `module-${n}`;
    const file = `${String(n).padStart(2, '0')}-${id}.md`;
    const frontmatter = `title: Module ${n}\nduration: 45${n === 1 ? '\ncriteria: [U1/1.1]' : ''}\nreflection_prompts:\n  - What did you notice?`;
    writeFileSync(path.join(dir, file), `---\n${frontmatter}\n---\n\n${body}\n`);
    if (n === 1) first = { file, id, body, frontmatter };
  }
  return first;
}

async function timed(run: () => Promise<Response>): Promise<number> {
  const start = performance.now();
  const response = await run();
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
  return performance.now() - start;
}

/** @throws {Error} if the stack does not start or a request fails */
export async function benchAuthoring(): Promise<Figure[]> {
  const coursesDir = mkdtempSync(path.join(os.tmpdir(), 'll-bench-authoring-'));
  cpSync(path.join(ROOT, 'courses'), coursesDir, { recursive: true });
  const module = writeBenchCourse(coursesDir);
  const stack = await startStack({ coursesDir });
  try {
    const service = new PocketBase(stack.pb.url);
    await service.collection('_superusers').authWithPassword(stack.pb.service.email, stack.pb.service.password);
    const password = `bench-${Date.now()}-pw`;
    const email = `bench-admin-${Date.now()}@example.test`;
    await service.collection('users').create({ email, password, passwordConfirm: password, display_name: 'Bench Admin', role: ['admin'], verified: true });
    const auth = await new PocketBase(stack.pb.url).collection('users').authWithPassword(email, password);
    const headers = { Cookie: `ll_session=${auth.token}`, Origin: stack.baseURL, Accept: 'application/json' };
    const words = module.body.split(/\s+/).filter(Boolean).length;

    const form = (body: string, extra: Record<string, string> = {}) => {
      const data = new FormData();
      data.set('mode', 'raw');
      data.set('frontmatter', module.frontmatter);
      data.set('body', body);
      for (const [k, v] of Object.entries(extra)) data.set(k, v);
      return data;
    };
    const previewUrl = `${stack.baseURL}/author/${SLUG}/preview?file=${module.file}`;
    const readingUrl = `${stack.baseURL}/courses/${SLUG}/${module.id}`;
    // Warm both paths (first render, caches, JIT).
    for (let i = 0; i < 3; i++) {
      await timed(() => fetch(previewUrl, { method: 'POST', headers, body: form(module.body) }));
      await timed(() => fetch(readingUrl));
    }
    const preview: number[] = [];
    const reading: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      preview.push(await timed(() => fetch(previewUrl, { method: 'POST', headers, body: form(`${module.body}\n\nEdit ${i}.`) })));
      reading.push(await timed(() => fetch(readingUrl)));
    }
    const p = median(preview);
    const r = median(reading);
    const ratio = p / r;
    console.log(`  preview of a ${words}-word module in a ${MODULES}-module course, ${RUNS} runs each, alternating`);
    console.log(`    POST preview     median ${p.toFixed(1)} ms`);
    console.log(`    GET reading page median ${r.toFixed(1)} ms (rendered HTML is cached per version)`);
    console.log(`    preview/reading  ${ratio.toFixed(1)}×   target: <= ${TARGET_RATIO}×`);

    // Save + validate through the editor page, as the element does (JSON answer).
    const saveUrl = `${stack.baseURL}/author/${SLUG}/edit/${module.file}`;
    const page = await fetch(saveUrl, { headers: { Cookie: headers.Cookie } });
    let hash = /name="base_hash" value="([0-9a-f]{64})"/.exec(await page.text())?.[1] ?? '';
    if (!hash) throw new Error('The editor page did not give the file hash.');
    const saves: number[] = [];
    for (let i = 0; i < SAVES; i++) {
      const start = performance.now();
      const response = await fetch(saveUrl, { method: 'POST', headers, body: form(`${module.body}\n\nSaved edit ${i}.`, { action: 'save', base_hash: hash, message: `bench ${i}` }) });
      const data = (await response.json()) as { outcome?: string; hash?: string };
      saves.push(performance.now() - start);
      if (!response.ok || data.outcome !== 'saved' || !data.hash) throw new Error(`save ${i} answered ${response.status} ${JSON.stringify(data).slice(0, 200)}`);
      hash = data.hash;
    }
    const s = median(saves);
    console.log(`  save + validate (${MODULES} modules), ${SAVES} saves: median ${s.toFixed(1)} ms   target: <= ${TARGET_SAVE_MS} ms`);
    return [
      { name: `preview/reading page (${words} words)`, value: `${ratio.toFixed(1)}× (${p.toFixed(1)}/${r.toFixed(1)} ms)`, target: `<= ${TARGET_RATIO}×`, meets: ratio <= TARGET_RATIO },
      { name: `save + validate (${MODULES}-module course)`, value: `${s.toFixed(1)} ms`, target: `<= ${TARGET_SAVE_MS} ms`, meets: s <= TARGET_SAVE_MS },
    ];
  } finally {
    await stack.stop();
    rmSync(coursesDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchAuthoring();
  console.log(`\n${formatFigures(figures)}`);
}
