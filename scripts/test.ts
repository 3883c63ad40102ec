/**
 * `npm test`: unit and integration tests (vitest), a fresh build and the browser tests
 * (Playwright + Debian's Chromium). Ends with one line `N passed, N failed` over all suites.
 * Any suite that crashes before reporting counts as a failure, so a broken setup is never green.
 *
 * The stages overlap: `astro build` and the browser tests (the longest stage) start at once, with
 * the integration and unit tests beside them. The integration, unit and build output is held
 * and printed whole when each ends, so it never interleaves with the browser tests' lines.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Tally {
  suite: string;
  passed: number;
  failed: number;
  seconds: number;
}

const bin = (name: string) => path.resolve('node_modules/.bin', name);
const work = mkdtempSync(path.join(tmpdir(), 'll-test-'));
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR };
const args = process.argv.slice(2);
const only = args.find((arg) => !arg.startsWith('--')); // optional: unit | integration | e2e
// CI (.ci/run) adds the type check (`npm run check`) beside the tests, started once the build is
// done (astro check and astro build both write .astro/ as they start).
const withCheck = args.includes('--with-check');

/** Runs a command; `held` keeps its output and prints it in one piece when it ends. */
function run(command: string, args: string[], options: { extraEnv?: Record<string, string>; held?: string } = {}): Promise<number> {
  const { extraEnv = {}, held } = options;
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...env, ...extraEnv } });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      if (held) process.stdout.write(`\n── ${held} ──\n${Buffer.concat(chunks).toString()}── end of ${held} ──\n\n`);
      resolve(code ?? 1);
    });
  });
}

async function timed(suite: string, body: () => Promise<Omit<Tally, 'seconds' | 'suite'> & { suite?: string }>): Promise<Tally> {
  const started = Date.now();
  const result = await body();
  return { suite, ...result, seconds: Math.round((Date.now() - started) / 1000) };
}

function vitest(project: 'unit' | 'integration', held?: string): Promise<Tally> {
  return timed(project, async () => {
    const out = path.join(work, `${project}.json`);
    const status = await run(bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], held ? { held } : {});
    if (!existsSync(out)) return { passed: 0, failed: 1 };
    const report = JSON.parse(readFileSync(out, 'utf8')) as { numPassedTests: number; numFailedTests: number; numFailedTestSuites: number };
    // A file that fails to load has no failed tests but a failed suite: count it.
    const failed = report.numFailedTests + (report.numFailedTests === 0 && status !== 0 ? Math.max(1, report.numFailedTestSuites) : 0);
    return { passed: report.numPassedTests, failed };
  });
}

/** A stage with no tests of its own: nothing passed, one failure if the command fails. */
function step(suite: string, command: string, args: string[], held?: string): Promise<Tally> {
  return timed(suite, async () => ({ passed: 0, failed: (await run(command, args, held ? { held } : {})) === 0 ? 0 : 1 }));
}

const build = (held?: string) => step('e2e (build)', bin('astro'), ['build'], held);
const typeCheck = () => step('type check', 'npm', ['run', '--silent', 'check'], 'npm run check');

function e2e(): Promise<Tally> {
  return timed('e2e', async () => {
    const out = process.env.KEEP_E2E_JSON ?? path.join(work, 'e2e.json');
    const status = await run(bin('playwright'), ['test', '--reporter=list,json'], { extraEnv: { PLAYWRIGHT_JSON_OUTPUT_NAME: out } });
    if (!existsSync(out)) return { passed: 0, failed: 1 };
    const { stats } = JSON.parse(readFileSync(out, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number } };
    const failed = stats.unexpected + (stats.unexpected === 0 && status !== 0 ? 1 : 0);
    return { passed: stats.expected + stats.flaky, failed };
  });
}

const started = Date.now();
const tallies: Tally[] = [];
if (!only) {
  // The browser tests are the long pole, so they start first: the build (a few seconds), then
  // the browser tests (streamed) at once. The integration tests (held; mostly waiting on
  // PocketBase) and the unit tests (held) run beside them from the start.
  const integration = vitest('integration', 'integration tests');
  const built = await build('astro build');
  const browser = built.failed === 0 ? e2e() : Promise.resolve(built);
  const unit = vitest('unit', 'unit tests');
  const checked = withCheck ? typeCheck() : undefined;
  tallies.push(await unit, await integration, await browser);
  if (checked) tallies.push(await checked);
} else if (only === 'unit' || only === 'integration') {
  tallies.push(await vitest(only));
} else if (only === 'e2e') {
  const built = await build();
  tallies.push(built.failed === 0 ? await e2e() : built);
}
rmSync(work, { recursive: true, force: true });

console.log('');
for (const t of tallies) console.log(`  ${t.suite}: ${t.passed} passed, ${t.failed} failed (${t.seconds} s)`);
console.log(`  all stages: ${Math.round((Date.now() - started) / 1000)} s`);
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
