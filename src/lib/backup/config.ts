/**
 * Scheduled backup settings, read from the environment in this one place (documented in
 * .env.example and docs/OPERATIONS.md, "Backups"). Pure: give it an environment, get back
 * the PocketBase settings to apply, or the problems (each naming the variable and the fix,
 * never echoing BACKUP_S3_SECRET).
 *
 * PocketBase makes the scheduled backups itself (its `backups.cron` setting; cron times are
 * UTC), keeps the newest `backups.cronMaxKeep` of them, and stores them in
 * `<PB_DATA_DIR>/backups` or, when `backups.s3` is enabled, in an S3-compatible bucket.
 * `npm start` applies these settings every time it starts, so the environment is the one
 * place they are set (a change made in PocketBase's dashboard is replaced at the next start).
 */

type Env = Record<string, string | undefined>;

/** 02:30 UTC every day: a quiet hour in the UK (03:30 in summer time). */
export const DEFAULT_BACKUP_CRON = '30 2 * * *';
/** Scheduled backups kept (older ones are deleted by PocketBase after each new one). */
export const DEFAULT_BACKUP_KEEP = 7;
const MAX_KEEP = 1000;

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint: string;
  accessKey: string;
  secret: string;
  forcePathStyle: boolean;
}

export interface BackupSettings {
  /** A 5-field cron expression or macro (UTC), or '' when scheduled backups are off. */
  cron: string;
  keep: number;
  /** Undefined: backups stay in `<PB_DATA_DIR>/backups` on this machine. */
  s3: S3Settings | undefined;
}

export type BackupConfig = { kind: 'ok'; settings: BackupSettings } | { kind: 'invalid'; problems: string[] };

/** The body for PocketBase's `PATCH /api/settings`. */
export interface BackupSettingsPatch {
  backups: {
    cron: string;
    cronMaxKeep: number;
    s3: { enabled: boolean } & S3Settings;
  };
}

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
/** Ranges of the five fields: minute, hour, day of month, month, day of week. */
const FIELD_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];

function setting(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Whether one cron field (e.g. `*`, `*\/15`, `1-5`, `0,30`) only names values in [min, max]. */
function validField(field: string, [min, max]: readonly [number, number]): boolean {
  return field.split(',').every((part) => {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) return false;
    const [, , from, to, step] = match;
    const inRange = (n: string | undefined) => n === undefined || (Number(n) >= min && Number(n) <= max);
    if (!inRange(from) || !inRange(to)) return false;
    if (from !== undefined && to !== undefined && Number(from) > Number(to)) return false;
    return step === undefined || Number(step) >= 1;
  });
}

/** Whether PocketBase's scheduler accepts the expression: a macro or five fields in range. */
export function isValidCron(expression: string): boolean {
  const text = expression.trim();
  if (MACROS.has(text)) return true;
  const fields = text.split(/\s+/);
  return fields.length === 5 && fields.every((field, i) => validField(field, FIELD_RANGES[i]!));
}

const S3_REQUIRED = ['BACKUP_S3_BUCKET', 'BACKUP_S3_REGION', 'BACKUP_S3_ENDPOINT', 'BACKUP_S3_ACCESS_KEY', 'BACKUP_S3_SECRET'] as const;

/**
 * Reads `BACKUP_CRON` (default {@link DEFAULT_BACKUP_CRON}; `off` turns scheduled backups
 * off), `BACKUP_KEEP` (default {@link DEFAULT_BACKUP_KEEP}) and the optional `BACKUP_S3_*`.
 */
export function readBackupConfig(env: Env = process.env): BackupConfig {
  const problems: string[] = [];

  const cronRaw = setting(env, 'BACKUP_CRON') ?? DEFAULT_BACKUP_CRON;
  let cron = cronRaw.replace(/\s+/g, ' ');
  if (cron.toLowerCase() === 'off') cron = '';
  else if (!isValidCron(cron)) {
    problems.push(`BACKUP_CRON must be a cron time in UTC with five parts, e.g. "30 2 * * *" for 02:30 every day (you gave "${cronRaw}") — or "off" for no scheduled backups`);
  }

  const keepRaw = setting(env, 'BACKUP_KEEP');
  let keep = DEFAULT_BACKUP_KEEP;
  if (keepRaw !== undefined) {
    keep = /^\d+$/.test(keepRaw) ? Number(keepRaw) : NaN;
    if (!Number.isInteger(keep) || keep < 1 || keep > MAX_KEEP) {
      problems.push(`BACKUP_KEEP must be a whole number of backups to keep, 1–${MAX_KEEP}, e.g. 7 (you gave "${keepRaw}")`);
    }
  }

  let s3: S3Settings | undefined;
  const given = S3_REQUIRED.filter((name) => setting(env, name) !== undefined);
  if (given.length > 0) {
    const missing = S3_REQUIRED.filter((name) => setting(env, name) === undefined);
    if (missing.length > 0) {
      problems.push(`${missing.join(', ')} must be set too: S3 backups need ${S3_REQUIRED.join(', ')} — set them all, or none to keep backups on this machine`);
    }
    const endpoint = setting(env, 'BACKUP_S3_ENDPOINT');
    if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/i.test(endpoint)) {
      problems.push(`BACKUP_S3_ENDPOINT must be the address of the storage service, e.g. https://s3.eu-west-2.amazonaws.com (you gave "${endpoint}")`);
    }
    const pathStyleRaw = (setting(env, 'BACKUP_S3_FORCE_PATH_STYLE') ?? 'false').toLowerCase();
    if (pathStyleRaw !== 'true' && pathStyleRaw !== 'false') {
      problems.push(`BACKUP_S3_FORCE_PATH_STYLE must be true or false (you gave "${pathStyleRaw}") — true for MinIO and most self-hosted storage`);
    }
    if (missing.length === 0) {
      s3 = {
        bucket: setting(env, 'BACKUP_S3_BUCKET')!,
        region: setting(env, 'BACKUP_S3_REGION')!,
        endpoint: endpoint!,
        accessKey: setting(env, 'BACKUP_S3_ACCESS_KEY')!,
        secret: setting(env, 'BACKUP_S3_SECRET')!,
        forcePathStyle: pathStyleRaw === 'true',
      };
    }
  }

  if (problems.length > 0) return { kind: 'invalid', problems };
  return { kind: 'ok', settings: { cron, keep, s3 } };
}

/**
 * The PocketBase settings for these backup settings. Without S3, every S3 field is emptied,
 * so a bucket secret set earlier does not linger in the database (and in every backup).
 */
export function backupSettingsPatch(settings: BackupSettings): BackupSettingsPatch {
  const s3 = settings.s3
    ? { enabled: true, ...settings.s3 }
    : { enabled: false, bucket: '', region: '', endpoint: '', accessKey: '', secret: '', forcePathStyle: false };
  return { backups: { cron: settings.cron, cronMaxKeep: settings.keep, s3 } };
}

/** One line for the start-up log, without secrets. */
export function describeBackupSettings(settings: BackupSettings): string {
  const when = settings.cron === '' ? 'Scheduled backups are off (BACKUP_CRON=off)' : `Backups are made at "${settings.cron}" (UTC), the newest ${settings.keep} kept`;
  const where = settings.s3 ? `in the S3 bucket ${settings.s3.bucket} at ${settings.s3.endpoint}` : 'in the data folder’s backups/ folder';
  return settings.cron === '' ? `${when}.` : `${when}, ${where}.`;
}
