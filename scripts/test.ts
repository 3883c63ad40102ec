/**
 * `npm test`: unit and integration tests (vitest), then a fresh build and the browser tests
 * (Playwright + Debian's Chromium). Ends with one line `N passed, N failed` over all suites.
 * Any suite that crashes before reporting counts as a failure, so a broken setup is never green.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Tally {
  suite: string;
  passed: number;
  failed: number;
}

const bin = (name: string) => path.resolve('node_modules/.bin', name);
const work = mkdtempSync(path.join(tmpdir(), 'll-test-'));
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR };
const only = process.argv[2]; // optional: unit | integration | e2e

function run(command: string, args: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } }).status ?? 1;
}

function vitest(project: 'unit' | 'integration'): Tally {
  const out = path.join(work, `${project}.json`);
  const status = run(bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (!existsSync(out)) return { suite: project, passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(out, 'utf8')) as { numPassedTests: number; numFailedTests: number; numFailedTestSuites: number };
  // A file that fails to load has no failed tests but a failed suite: count it.
  const failed = report.numFailedTests + (report.numFailedTests === 0 && status !== 0 ? Math.max(1, report.numFailedTestSuites) : 0);
  return { suite: project, passed: report.numPassedTests, failed };
}

function e2e(): Tally {
  if (run(bin('astro'), ['build']) !== 0) return { suite: 'e2e (build)', passed: 0, failed: 1 };
  const out = path.join(work, 'e2e.json');
  const status = run(bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  if (!existsSync(out)) return { suite: 'e2e', passed: 0, failed: 1 };
  const { stats } = JSON.parse(readFileSync(out, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number } };
  const failed = stats.unexpected + (stats.unexpected === 0 && status !== 0 ? 1 : 0);
  return { suite: 'e2e', passed: stats.expected + stats.flaky, failed };
}

const tallies: Tally[] = [];
if (!only || only === 'unit') tallies.push(vitest('unit'));
if (!only || only === 'integration') tallies.push(vitest('integration'));
if (!only || only === 'e2e') tallies.push(e2e());
rmSync(work, { recursive: true, force: true });

console.log('');
for (const t of tallies) console.log(`  ${t.suite}: ${t.passed} passed, ${t.failed} failed`);
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
