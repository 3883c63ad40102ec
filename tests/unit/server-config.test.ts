import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/lib/server/config.ts';

const ROOT = '/srv/lived-learning';

function errorFor(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env, ROOT);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has documented defaults for everything', () => {
    expect(loadConfig({}, ROOT)).toEqual({
      projectRoot: ROOT,
      host: '127.0.0.1',
      port: 4321,
      pbPort: 8090,
      pbUrl: 'http://127.0.0.1:8090',
      pbDataDir: '/srv/lived-learning/pocketbase/pb_data',
      pbMigrationsDir: '/srv/lived-learning/pocketbase/pb_migrations',
      pbHooksDir: '/srv/lived-learning/pocketbase/pb_hooks',
      pocketBaseBin: undefined,
      serviceCredentials: undefined,
      coursesDir: '/srv/lived-learning/courses',
      siteUrl: undefined,
    });
  });

  it('reads every variable, resolving relative paths from the project root', () => {
    const config = loadConfig(
      {
        HOST: '0.0.0.0',
        PORT: '8080',
        PB_PORT: '8091',
        PB_DATA_DIR: 'data/pb',
        POCKETBASE_BIN: '/opt/pocketbase/pocketbase',
        PB_SERVICE_EMAIL: 'robot@example.org',
        PB_SERVICE_PASSWORD: 'a-long-service-password',
        COURSES_DIR: '/var/courses',
        SITE_URL: 'https://learning.example.org/',
      },
      ROOT,
    );
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      pbPort: 8091,
      pbUrl: 'http://127.0.0.1:8091',
      pbDataDir: '/srv/lived-learning/data/pb',
      pocketBaseBin: '/opt/pocketbase/pocketbase',
      serviceCredentials: { email: 'robot@example.org', password: 'a-long-service-password' },
      coursesDir: '/var/courses',
      siteUrl: 'https://learning.example.org',
    });
  });

  it('treats an empty value as not set', () => {
    expect(loadConfig({ PORT: '', PB_SERVICE_EMAIL: ' ', PB_SERVICE_PASSWORD: '' }, ROOT)).toMatchObject({
      port: 4321,
      serviceCredentials: undefined,
    });
  });

  it('names the variable and the fix for a bad port', () => {
    expect(errorFor({ PB_PORT: 'eighty' })).toMatchInlineSnapshot(`"PB_PORT must be a port number 1–65535, e.g. 8090 (it is "eighty")"`);
    expect(errorFor({ PORT: '70000' })).toMatchInlineSnapshot(`"PORT must be a port number 1–65535, e.g. 4321 (it is "70000")"`);
  });

  it('does not let Astro and PocketBase share a port', () => {
    expect(errorFor({ PORT: '8090' })).toMatchInlineSnapshot(`"PORT and PB_PORT are both 8090 — give PocketBase its own port, e.g. PB_PORT=8091"`);
  });

  it('wants both service credentials or neither, and never echoes the password', () => {
    expect(errorFor({ PB_SERVICE_EMAIL: 'robot@example.org' })).toMatchInlineSnapshot(`"PB_SERVICE_EMAIL and PB_SERVICE_PASSWORD go together — set both, or neither to have them generated"`);
    const message = errorFor({ PB_SERVICE_EMAIL: 'robot@example.org', PB_SERVICE_PASSWORD: 'short-secret' });
    expect(message).toMatchInlineSnapshot(`"PB_SERVICE_PASSWORD must be at least 16 characters — use a long random one, or unset it to have one generated"`);
    expect(message).not.toContain('short-secret');
  });

  it('wants SITE_URL to be an origin', () => {
    expect(errorFor({ SITE_URL: 'learning.example.org' })).toMatchInlineSnapshot(`"SITE_URL must be the public address people open, e.g. https://learning.example.org (it is "learning.example.org")"`);
    expect(errorFor({ SITE_URL: 'https://example.org/learning' })).toMatchInlineSnapshot(`"SITE_URL must be an origin without a path, e.g. https://learning.example.org (it is "https://example.org/learning")"`);
  });

  it('lists every problem at once', () => {
    expect(errorFor({ HOST: 'my host', PB_PORT: '0', PB_SERVICE_EMAIL: 'not-an-email', PB_SERVICE_PASSWORD: 'x'.repeat(20) })).toMatchInlineSnapshot(`
      "Some settings need fixing (in the environment or .env):
        - HOST must be a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0 (it is "my host")
        - PB_PORT must be a port number 1–65535, e.g. 8090 (it is "0")
        - PB_SERVICE_EMAIL must be an email address, e.g. service@lived-learning.local (it is "not-an-email")"
    `);
  });
});
