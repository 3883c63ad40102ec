/**
 * Child processes that Lived Learning starts and must stop again: PocketBase and the Astro
 * server. Keeps the last lines of their output for error messages, stops them politely
 * (SIGTERM, then SIGKILL), and waits for them to answer HTTP. Node-only.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  readonly process: ChildProcess;
  /** Settles when the process has exited, for any reason. Never rejects. */
  readonly exited: Promise<ProcessExit>;
  /** True once the process has exited. */
  hasExited(): boolean;
  /** The last lines it wrote to stdout and stderr (only when those are piped). */
  recentOutput(): string[];
  /**
   * Sends SIGTERM, then SIGKILL if it is still running after `graceMs`; resolves once it
   * has exited. Safe to call more than once, or after it has exited.
   */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnManagedOptions extends Pick<SpawnOptions, 'cwd' | 'env' | 'detached'> {
  /** `pipe` keeps output for error messages (and for `onOutput`); `inherit` shows it as is. */
  output?: 'pipe' | 'inherit';
  /** Called with each line when output is piped. */
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How many recent lines to keep for error messages. */
  keepLines?: number;
}

const DEFAULT_GRACE_MS = 5_000;

/** Children still running, in start order; killed if this process exits without stopping them. */
const running = new Map<ChildProcess, ManagedProcess>();
let exitHookInstalled = false;

function killLeftoversOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crash or process.exit() elsewhere must not leave a PocketBase holding the port.
  process.once('exit', () => {
    for (const child of running.keys()) child.kill('SIGKILL');
  });
}

/**
 * Stops every managed child still running, newest first (the Astro server before the
 * PocketBase it depends on), including one that is still starting up.
 */
export async function stopAllManaged(graceMs = DEFAULT_GRACE_MS): Promise<void> {
  for (const managed of [...running.values()].reverse()) await managed.stop(graceMs);
}

/**
 * Starts `command` and tracks it until it exits.
 *
 * @throws {Error} never synchronously for a missing program: a failed spawn settles `exited`
 *   with code null and records the reason in `recentOutput()`
 */
export function spawnManaged(command: string, args: readonly string[], options: SpawnManagedOptions = {}): ManagedProcess {
  const { output = 'pipe', onOutput, keepLines = 40, ...spawnOptions } = options;
  const child = spawn(command, args, {
    ...spawnOptions,
    stdio: ['ignore', output, output],
  });
  killLeftoversOnExit();

  const lines: string[] = [];
  const remember = (line: string) => {
    lines.push(line);
    if (lines.length > keepLines) lines.shift();
  };
  if (output === 'pipe') {
    for (const stream of ['stdout', 'stderr'] as const) {
      let partial = '';
      child[stream]?.setEncoding('utf8');
      child[stream]?.on('data', (chunk: string) => {
        const parts = (partial + chunk).split(/\r?\n/);
        partial = parts.pop() ?? '';
        for (const line of parts) {
          remember(line);
          onOutput?.(line, stream);
        }
      });
      child[stream]?.on('end', () => {
        if (partial) {
          remember(partial);
          onOutput?.(partial, stream);
        }
      });
    }
  }

  let exitedFlag = false;
  const exited = new Promise<ProcessExit>((resolve) => {
    const settle = (exit: ProcessExit) => {
      if (exitedFlag) return;
      exitedFlag = true;
      running.delete(child);
      resolve(exit);
    };
    child.once('error', (error) => {
      // Spawn failures (ENOENT, EACCES, ENOEXEC) emit 'error' and, when spawning never
      // happened, no 'exit'.
      remember(error.message);
      if (child.pid === undefined) settle({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => {
      // Let the last output arrive ('close') so error messages can quote it, but do not wait
      // forever: a grandchild may hold the pipes open.
      const timer = setTimeout(() => settle({ code, signal }), 500);
      child.once('close', () => {
        clearTimeout(timer);
        settle({ code, signal });
      });
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = DEFAULT_GRACE_MS) => {
    stopping ??= (async () => {
      if (exitedFlag) return;
      child.kill('SIGTERM');
      const stoppedInTime = await Promise.race([exited.then(() => true), sleep(graceMs, false, { ref: false })]);
      if (!stoppedInTime && !exitedFlag) {
        child.kill('SIGKILL');
        await exited;
      }
    })();
    return stopping;
  };

  const managed: ManagedProcess = {
    process: child,
    exited,
    hasExited: () => exitedFlag,
    recentOutput: () => [...lines],
    stop,
  };
  if (!exitedFlag) running.set(child, managed);
  return managed;
}

/** "exit code 1" or "signal SIGKILL", for messages about a process that stopped. */
export function describeExit(exit: ProcessExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  if (exit.code === null) return 'it could not be started';
  return `exit code ${exit.code}`;
}

export interface WaitForHttpOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Stop waiting early if this process exits. */
  process?: ManagedProcess;
  /** Which answers count as ready; any HTTP answer by default. */
  isReady?: (response: Response) => boolean;
}

export type WaitForHttpResult = { ready: true } | { ready: false; reason: 'timeout' } | { ready: false; reason: 'exited'; exit: ProcessExit };

/**
 * Polls `url` until it answers. Never throws: the caller words the failure, because only
 * it knows what the server is and how to fix it.
 */
export async function waitForHttp(url: string, options: WaitForHttpOptions): Promise<WaitForHttpResult> {
  const { timeoutMs, process: child, isReady = () => true } = options;
  const deadline = Date.now() + timeoutMs;
  for (let delay = 25; Date.now() < deadline; delay = Math.min(delay * 2, 250)) {
    if (child?.hasExited()) return { ready: false, reason: 'exited', exit: await child.exited };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(1, Math.min(2_000, deadline - Date.now()))) });
      await response.body?.cancel();
      if (isReady(response)) return { ready: true };
    } catch {
      // Not listening yet.
    }
    await sleep(delay);
  }
  if (child?.hasExited()) return { ready: false, reason: 'exited', exit: await child.exited };
  return { ready: false, reason: 'timeout' };
}
