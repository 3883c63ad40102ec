/**
 * Using the whole machine (docs/SCALING.md, "One machine, several web processes"): the built
 * site with WEB_PROCESSES=2, as `npm start` runs it on 2 cores (one primary, two web
 * processes sharing the port). NODE_NAME=web makes each answer carry `X-Served-By: web.1` or
 * `web.2`; a keep-alive connection stays with the process that accepted it, so each step
 * below knows which process it talks to.
 *
 * - a reflection saved through one process is on the module page the other process serves
 *   next, although that process had remembered the trainee (no waiting, no polling);
 * - wrong passwords counted by both processes add up: the 11th try is paused (429) whichever
 *   process takes it;
 * - a double submit of a new reflection reaching both processes at once stores ONE reflection;
 * - SIGTERM to the web server stops every process, exit code 0.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createUser, enrol, serviceClient } from '../support/fixtures-pb.ts';
import { startStack, type TestStack } from '../support/stack.ts';
import { expect, test } from './fixtures.ts';

const COURSE = 'peer-support-foundations';
const MODULE = `/courses/${COURSE}/what-peer-support-is`;
const PASSWORD = 'correct-horse-battery';

interface Answer {
  status: number;
  servedBy: string | undefined;
  body: string;
}

/** A keep-alive connection to one web process: every request on it is served by that process. */
interface Pinned {
  name: string;
  send(method: string, path: string, headers?: Record<string, string>, body?: string): Promise<Answer>;
  close(): void;
}

function connect(baseURL: string): Pinned & { first: Promise<Answer> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    new Promise<Answer>((resolve, reject) => {
      const request = http.request(`${baseURL}${path}`, { method, agent, headers: body ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, servedBy: response.headers['x-served-by'] as string | undefined, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
  const first = send('GET', '/signin');
  return { name: '', send, close: () => agent.destroy(), first };
}

/** One keep-alive connection to each of the two web processes. */
async function pinBoth(baseURL: string): Promise<{ one: Pinned; two: Pinned }> {
  const found = new Map<string, Pinned>();
  for (let i = 0; i < 12 && found.size < 2; i++) {
    const connection = connect(baseURL);
    const answer = await connection.first;
    expect(answer.servedBy, 'every answer names its web process').toMatch(/^web\.[12]$/);
    if (found.has(answer.servedBy!)) connection.close();
    else found.set(answer.servedBy!, { ...connection, name: answer.servedBy! });
  }
  expect([...found.keys()].sort(), 'new connections reach both web processes').toEqual(['web.1', 'web.2']);
  return { one: found.get('web.1')!, two: found.get('web.2')! };
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces, so split after ')'.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const test2 = test.extend<object, { stack: TestStack }>({
  stack: [
    async ({}, use) => {
      const stack = await startStack({ coursesDir: process.env.E2E_COURSES_DIR, webProcesses: 2, env: { NODE_NAME: 'web' } });
      try {
        await use(stack);
      } finally {
        await stack.stop();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
});

test2.describe.configure({ mode: 'serial' });

test2('a reflection saved through one web process is on the page the other serves next', async ({ stack }) => {
  const service = await serviceClient(stack.pb);
  const trainee = await createUser(service, { email: `processes-${Date.now()}@example.test`, password: PASSWORD, display_name: 'Two Processes', roles: ['trainee'] });
  await enrol(service, trainee, COURSE, '');
  const { one, two } = await pinBoth(stack.baseURL);
  try {
    const cookie = await sessionCookie(stack, trainee.email);
    const headers = { cookie, origin: stack.baseURL, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
    const save = (connection: Pinned, words: string) =>
      connection.send('POST', '/reflections', headers, new URLSearchParams({ course: COURSE, module: 'what-peer-support-is', prompt: 'p1', from: 'module', body: words }).toString());

    // Process 2 shows the module page first, and so remembers the trainee's rows (its realtime
    // subscription is up after its first request; the second read is from its memory).
    const words = `Written through web process one ${Date.now()}`;
    for (let i = 0; i < 2; i++) {
      const before = await two.send('GET', MODULE, { cookie });
      expect(before.status).toBe(200);
      expect(before.body).not.toContain(words);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }

    const saved = await save(one, words);
    expect(saved.status, saved.body).toBe(200);
    expect(saved.servedBy).toBe('web.1');
    // The very next request, on process 2: no waiting for PocketBase's realtime event.
    const after = await two.send('GET', MODULE, { cookie });
    expect(after.servedBy).toBe('web.2');
    expect(after.body).toContain(words);

    // And the other way round, for an edit of the same reflection.
    const { id, version } = JSON.parse(saved.body) as { id: string; version: number };
    const edited = `${words}, then edited through web process two`;
    const again = await two.send('POST', '/reflections', headers, new URLSearchParams({ course: COURSE, module: 'what-peer-support-is', prompt: 'p1', from: 'module', id, version: String(version), body: edited }).toString());
    expect(again.status, again.body).toBe(200);
    expect((await one.send('GET', MODULE, { cookie })).body).toContain(edited);
  } finally {
    one.close();
    two.close();
  }
});

test2('wrong passwords counted by both web processes add up: the 11th try is paused', async ({ stack }) => {
  const service = await serviceClient(stack.pb);
  const person = await createUser(service, { email: `processes-limit-${Date.now()}@example.test`, password: PASSWORD, display_name: 'Limit', roles: ['trainee'] });
  const { one, two } = await pinBoth(stack.baseURL);
  try {
    const wrong = new URLSearchParams({ email: person.email, password: 'not-the-password', next: '/dashboard' }).toString();
    const headers = { origin: stack.baseURL, 'content-type': 'application/x-www-form-urlencoded' };
    // Ten wrong tries, alternating between the processes: each process saw only five itself.
    for (let i = 0; i < 10; i++) {
      const answer = await (i % 2 === 0 ? one : two).send('POST', '/signin', headers, wrong);
      expect(answer.status, `try ${i + 1}`).toBe(400);
    }
    for (const connection of [one, two]) {
      const paused = await connection.send('POST', '/signin', headers, wrong);
      expect(paused.status, `the 11th try on ${connection.name}`).toBe(429);
    }
  } finally {
    one.close();
    two.close();
  }
});

test2('a double submit of a new reflection reaching both web processes at once stores one reflection', async ({ stack }) => {
  const service = await serviceClient(stack.pb);
  const rounds = 8;
  for (let round = 0; round < rounds; round++) {
    const trainee = await createUser(service, { email: `processes-double-${round}-${Date.now()}@example.test`, password: PASSWORD, display_name: 'Double', roles: ['trainee'] });
    await enrol(service, trainee, COURSE, '');
    const cookie = await sessionCookie(stack, trainee.email);
    const { one, two } = await pinBoth(stack.baseURL);
    try {
      const body = new URLSearchParams({ course: COURSE, module: 'what-peer-support-is', prompt: 'p1', from: 'module', body: `Double click ${round}` }).toString();
      const headers = { cookie, origin: stack.baseURL, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
      const answers = await Promise.all([one.send('POST', '/reflections', headers, body), two.send('POST', '/reflections', headers, body)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(answers.map((a) => a.servedBy).sort()).toEqual(['web.1', 'web.2']);
      const rows = await service.collection('reflections').getFullList({ filter: service.filter('user = {:user}', { user: trainee.id }) });
      expect(rows.map((r) => r.body), `round ${round + 1}`).toEqual([`Double click ${round}`]);
    } finally {
      one.close();
      two.close();
    }
  }
});

test2('SIGTERM to the web server stops every web process, exit code 0', async ({ stack }) => {
  const primary = stack.web.process.pid!;
  const workers = childrenOf(primary);
  expect(workers.length, 'one primary with two web processes').toBe(2);
  await stack.web.stop();
  expect(await stack.web.exited).toEqual({ code: 0, signal: null });
  for (const pid of workers) expect(existsSync(`/proc/${pid}`), `web process ${pid} stopped`).toBe(false);
});

async function sessionCookie(stack: TestStack, email: string): Promise<string> {
  const response = await fetch(`${stack.baseURL}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: stack.baseURL, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD, next: '/dashboard' }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('ll_session='));
  if (!session) throw new Error(`signing in ${email} set no session cookie (${response.status})`);
  return session.split(';')[0]!;
}
