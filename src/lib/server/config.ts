/**
 * Server settings read from the environment (or `.env`, which `npm start` loads), checked by
 * one zod schema so a wrong value stops start-up with a message that names the variable and
 * says how to fix it. Every variable is documented in `.env.example`.
 *
 * Node-only: it resolves paths on disk.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The account Astro uses where no person may act (issuing certificates, grading, audit). */
export interface ServiceCredentials {
  email: string;
  password: string;
}

export interface ServerConfig {
  /** Folder holding package.json; relative paths in the environment are resolved from here. */
  projectRoot: string;
  /** `HOST`: address the Astro server listens on. */
  host: string;
  /** `PORT`: port the Astro server listens on. */
  port: number;
  /** `PB_PORT`: port PocketBase listens on (always on 127.0.0.1). */
  pbPort: number;
  /** `PB_URL`: where Astro reaches PocketBase; `http://127.0.0.1:<PB_PORT>` unless set. */
  pbUrl: string;
  /** `PB_DATA_DIR`: PocketBase database, service secrets and signing key (absolute). */
  pbDataDir: string;
  /** Schema and API rules, applied by PocketBase on start (not configurable). */
  pbMigrationsDir: string;
  /** Server-side invariants loaded by PocketBase (not configurable). */
  pbHooksDir: string;
  /** `POCKETBASE_BIN`: an operator's own PocketBase 0.40.x binary (absolute), if set. */
  pocketBaseBin: string | undefined;
  /** `PB_SERVICE_EMAIL` + `PB_SERVICE_PASSWORD`, if both set; otherwise generated on first start. */
  serviceCredentials: ServiceCredentials | undefined;
  /** `COURSES_DIR`: folder of course folders (absolute). */
  coursesDir: string;
  /** `SITE_URL`: public origin without a trailing slash, e.g. `https://learning.example.org`. */
  siteUrl: string | undefined;
}

/** A setting in the environment is wrong; the message names it and says how to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Variables whose values must never be echoed back in an error message. */
const SECRET_VARIABLES = new Set(['PB_SERVICE_PASSWORD']);

/** `FOO=` in a .env file means "not set", not "set to nothing". */
const blankAsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const optionalSetting = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsUnset, schema.optional());

const portNumber = (variable: string, example: number) => {
  const error = `${variable} must be a port number 1–65535, e.g. ${example}`;
  return optionalSetting(
    z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, { error })
      .transform(Number)
      .pipe(z.number().min(1, { error }).max(65535, { error })),
  ).transform((port) => port ?? example);
};

const folder = (fallback: string) => optionalSetting(z.string()).transform((dir) => dir ?? fallback);

const envSchema = z
  .object({
    // Astro listens here. 127.0.0.1 keeps it private to this machine (put a TLS proxy in
    // front); use 0.0.0.0 to listen on every network interface.
    HOST: optionalSetting(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9.:[\]-]+$/, { error: 'HOST must be a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0' }),
    ).transform((host) => host ?? '127.0.0.1'),
    PORT: portNumber('PORT', 4321),
    PB_PORT: portNumber('PB_PORT', 8090),
    PB_URL: optionalSetting(
      z.url({
        protocol: /^https?$/,
        error: 'PB_URL must be the address of PocketBase, e.g. http://127.0.0.1:8090 (usually leave it unset)',
      }),
    ),
    PB_DATA_DIR: folder('pocketbase/pb_data'),
    POCKETBASE_BIN: optionalSetting(z.string()),
    PB_SERVICE_EMAIL: optionalSetting(
      z.email({ error: 'PB_SERVICE_EMAIL must be an email address, e.g. service@lived-learning.local' }),
    ),
    PB_SERVICE_PASSWORD: optionalSetting(
      z
        .string()
        // PocketBase hashes passwords with bcrypt, which reads at most 72 bytes.
        .min(16, { error: 'PB_SERVICE_PASSWORD must be at least 16 characters — use a long random one, or unset it to have one generated' })
        .max(71, { error: 'PB_SERVICE_PASSWORD must be at most 71 characters — use a shorter random one' }),
    ),
    COURSES_DIR: folder('courses'),
    SITE_URL: optionalSetting(
      z
        .url({
          protocol: /^https?$/,
          error: 'SITE_URL must be the public address people open, e.g. https://learning.example.org',
        })
        // The site is served from the root of its origin; a path would break every link.
        .refine((url) => !URL.canParse(url) || new URL(url).pathname === '/', {
          error: 'SITE_URL must be an origin without a path, e.g. https://learning.example.org',
        }),
    ),
  })
  .superRefine((env, ctx) => {
    const emailSet = env.PB_SERVICE_EMAIL !== undefined;
    const passwordSet = env.PB_SERVICE_PASSWORD !== undefined;
    if (emailSet !== passwordSet) {
      ctx.addIssue({
        code: 'custom',
        path: [emailSet ? 'PB_SERVICE_PASSWORD' : 'PB_SERVICE_EMAIL'],
        message: 'PB_SERVICE_EMAIL and PB_SERVICE_PASSWORD go together — set both, or neither to have them generated',
      });
    }
    if (env.PORT === env.PB_PORT) {
      ctx.addIssue({
        code: 'custom',
        path: ['PB_PORT'],
        message: `PORT and PB_PORT are both ${env.PORT} — give PocketBase its own port, e.g. PB_PORT=${env.PORT === 8090 ? 8091 : 8090}`,
      });
    }
  });

/**
 * The folder holding package.json, found by walking up from this file. Works both from
 * src/lib/server and from the built dist/server/chunks, whatever the working directory.
 */
export function findProjectRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/**
 * Reads and checks the server settings.
 *
 * @param env usually `process.env`
 * @param projectRoot relative paths are resolved from here
 * @throws {ConfigError} when any setting is wrong; the message has one line per problem, each
 *   naming the variable and the fix
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, projectRoot: string = findProjectRoot()): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error, env));
  const settings = parsed.data;
  const fromRoot = (p: string) => path.resolve(projectRoot, p);

  return {
    projectRoot,
    host: settings.HOST,
    port: settings.PORT,
    pbPort: settings.PB_PORT,
    pbUrl: (settings.PB_URL ?? `http://127.0.0.1:${settings.PB_PORT}`).replace(/\/+$/, ''),
    pbDataDir: fromRoot(settings.PB_DATA_DIR),
    pbMigrationsDir: fromRoot('pocketbase/pb_migrations'),
    pbHooksDir: fromRoot('pocketbase/pb_hooks'),
    pocketBaseBin: settings.POCKETBASE_BIN === undefined ? undefined : fromRoot(settings.POCKETBASE_BIN),
    serviceCredentials:
      settings.PB_SERVICE_EMAIL !== undefined && settings.PB_SERVICE_PASSWORD !== undefined
        ? { email: settings.PB_SERVICE_EMAIL, password: settings.PB_SERVICE_PASSWORD }
        : undefined,
    coursesDir: fromRoot(settings.COURSES_DIR),
    siteUrl: settings.SITE_URL === undefined ? undefined : new URL(settings.SITE_URL).origin,
  };
}

/** One line per wrong variable, with the value it had unless that value is a secret. */
function formatIssues(error: z.ZodError, env: NodeJS.ProcessEnv): string {
  const lines = new Map<string, string>();
  for (const issue of error.issues) {
    const variable = String(issue.path[0] ?? 'environment');
    if (lines.has(variable)) continue;
    const value = env[variable];
    const shown = value !== undefined && value !== '' && !SECRET_VARIABLES.has(variable) ? ` (it is "${value}")` : '';
    lines.set(variable, `${issue.message}${shown}`);
  }
  const problems = [...lines.values()];
  if (problems.length === 1) return problems[0]!;
  return `Some settings need fixing (in the environment or .env):\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}
