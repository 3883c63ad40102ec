/**
 * `npm run check`: the type checks, side by side (each uses one core): `astro check` (pages and
 * components, and the project's TypeScript) and `tsc --noEmit` (everything in tsconfig.json).
 * Each one's output is printed whole when it ends; exits 1 if either found a problem.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const bin = (name: string) => path.resolve('node_modules/.bin', name);
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };

function run(name: string, command: string, args: string[]): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(`── ${name} (${seconds} s, ${code === 0 ? 'no problems' : 'problems found'}) ──\n${Buffer.concat(chunks).toString()}\n`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all([run('astro check', bin('astro'), ['check']), run('tsc', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])]);
process.exit(codes.every((code) => code === 0) ? 0 : 1);
