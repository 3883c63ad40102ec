/**
 * Command lines of `npm run backup` and `npm run restore` (scripts/backup.ts,
 * scripts/restore.ts): usage, argument checks and the words they print. Pure.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

export const BACKUP_USAGE = `Usage: npm run backup [-- --out DIR]
       npm run backup -- --secrets FILE

  (nothing)        makes a backup of the database and uploaded files. With the site running,
                   PocketBase makes it and keeps it where scheduled backups go (the data
                   folder's backups/, or the S3 bucket); with the site stopped, it is made from
                   the data folder into its backups/.
  --out DIR        also puts a copy in DIR (for example a disk you take off-site)
  --secrets FILE   saves only the certificate signing key and the unsubscribe secret, which
                   backups never hold, into FILE (readable only by you). Do this once and keep
                   FILE apart from the backups, e.g. in a password manager.`;

export const RESTORE_USAGE = `Usage: npm run restore -- BACKUP.zip [--secrets FILE] [--data-dir DIR] [--yes]

  BACKUP.zip       a backup made by npm run backup or by PocketBase (scheduled or dashboard)
  --secrets FILE   the secrets file saved with npm run backup -- --secrets FILE (puts the
                   signing key back, so certificates issued before still verify)
  --data-dir DIR   restore into DIR instead of PB_DATA_DIR
  --yes            do not ask before going on (for scripts)

Stop the site first. The current data folder is moved aside, never deleted.`;

/** The command line is wrong; print the message (it includes the usage) and exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Values = Record<string, string | boolean | undefined>;

function parse(argv: string[], options: ParseArgsOptionsConfig, usage: string): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    const first = (error as Error).message.split('\n')[0]!.split('. ')[0]!.replace(/\.?$/, '.');
    throw new UsageError(`${first}\n\n${usage}`);
  }
}

export type BackupCommand = { kind: 'help' } | { kind: 'backup'; outDir: string | undefined } | { kind: 'secrets'; file: string };

export function parseBackupArgs(argv: string[]): BackupCommand {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, secrets: { type: 'string' } }, BACKUP_USAGE);
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new UsageError(`Unexpected ${JSON.stringify(positionals[0])}: a backup takes no file name (it is named by the date).\n\n${BACKUP_USAGE}`);
  const out = values.out as string | undefined;
  const secrets = values.secrets as string | undefined;
  if (out !== undefined && secrets !== undefined) throw new UsageError(`Use --out or --secrets, not both: save the secrets once, apart from the backups.\n\n${BACKUP_USAGE}`);
  if (secrets !== undefined) {
    if (!secrets.trim()) throw new UsageError(`Say where to save the secrets, e.g. --secrets /media/usb/lived-learning-secrets.json\n\n${BACKUP_USAGE}`);
    return { kind: 'secrets', file: secrets };
  }
  if (out !== undefined && !out.trim()) throw new UsageError(`Say which folder to put the copy in, e.g. --out /media/usb\n\n${BACKUP_USAGE}`);
  return { kind: 'backup', outDir: out };
}

export type RestoreCommand = { kind: 'help' } | { kind: 'restore'; file: string; secretsFile: string | undefined; dataDir: string | undefined; yes: boolean };

export function parseRestoreArgs(argv: string[]): RestoreCommand {
  const { values, positionals } = parse(argv, { secrets: { type: 'string' }, 'data-dir': { type: 'string' }, yes: { type: 'boolean', short: 'y' } }, RESTORE_USAGE);
  if (values.help) return { kind: 'help' };
  if (positionals.length === 0) throw new UsageError(`Say which backup to restore, e.g. npm run restore -- pocketbase/pb_data/backups/lived-learning_20261207-023000.zip\n\n${RESTORE_USAGE}`);
  if (positionals.length > 1) throw new UsageError(`Restore one backup at a time (you gave ${positionals.length} files).\n\n${RESTORE_USAGE}`);
  return {
    kind: 'restore',
    file: positionals[0]!,
    secretsFile: values.secrets as string | undefined,
    dataDir: values['data-dir'] as string | undefined,
    yes: values.yes === true,
  };
}

/** Whether a typed answer means yes. */
export function isYes(answer: string): boolean {
  return /^\s*(y|yes)\s*$/i.test(answer);
}


/**
 * How `npm run backup` or `npm run restore` ends after `error`: one line, never a stack trace.
 * A wrong command line exits 2; a problem it explains (a BackupError, a ConfigError) exits 1
 * with its own words; anything else exits 1 with `unexpected(its message)`.
 */
export function cliFailure(error: unknown, unexpected: (message: string) => string): { code: 1 | 2; message: string } {
  if (error instanceof UsageError) return { code: 2, message: error.message };
  if (error instanceof Error && (error.name === 'BackupError' || error.name === 'ConfigError')) return { code: 1, message: error.message };
  return { code: 1, message: unexpected(error instanceof Error ? error.message : String(error)) };
}
