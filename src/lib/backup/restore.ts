/**
 * `npm run restore -- FILE`: puts a backup into a fresh or stopped data folder. Node-only.
 *
 * Order: refuse if PocketBase is running → read the secrets file (if given) → extract the
 * backup beside the data folder and check it (a database that opens and passes SQLite's
 * quick check, with Lived Learning's collections) → ask → move the current folder aside
 * (`<folder>.before-restore-<time>`, never deleted here) → put the restored folder in its
 * place with its secrets and the old local backups/. Any failure before the move leaves
 * everything as it was, and says so.
 */
import { chmod, cp, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { SIGNING_KEY_FILE } from '../certificates/keys.ts';
import { BackupFileError, checkExtracted, extractBackup, type BackupSummary } from './archive.ts';
import { BackupError } from './backup.ts';
import { parseSecretsFile, SECRET_FILES, SecretsFileError, writeKeptSecrets, type SecretsFile } from './secrets.ts';

export type TargetState = { kind: 'missing' } | { kind: 'empty' } | { kind: 'in-use'; hasDatabase: boolean };

/** Where the signing key of the restored folder comes from. */
export type KeySource = 'secrets-file' | 'kept' | 'environment' | 'none';

export interface RestorePlan {
  file: string;
  dataDir: string;
  target: TargetState;
  /** Where the current folder goes, when there is one. */
  setAside: string | undefined;
  summary: BackupSummary;
  keySource: KeySource;
  /** Set when the old local backups could not be moved into the restored folder. */
  backupsLeftIn?: string;
}

/** `2026-12-07T12-30-05Z`: safe in a folder name. */
function stamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/** How many people, certificates, reflections and files a backup holds, in one sentence. */
export function describeSummary(summary: BackupSummary): string {
  const n = (name: string) => summary.counts[name] ?? 0;
  const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return `${plural(n('users'), 'account', 'accounts')}, ${plural(n('reflections'), 'reflection', 'reflections')}, ${plural(n('certificates'), 'certificate', 'certificates')} and ${plural(summary.files, 'uploaded file', 'uploaded files')}`;
}

/** The question asked before anything is changed. Pure. */
export function confirmationText(plan: RestorePlan): string {
  const lines = [`Restore ${plan.file}`, `  It holds ${describeSummary(plan.summary)}.`, `  Into: ${plan.dataDir}`];
  if (plan.setAside) lines.push(`  What is in that folder now is moved to ${plan.setAside} (delete it yourself once the site works).`);
  else lines.push('  That folder is new or empty.');
  lines.push(keyLine(plan));
  return lines.join('\n');
}

/** What happens to the signing key, in one line. Pure. */
export function keyLine(plan: Pick<RestorePlan, 'keySource' | 'dataDir'>): string {
  switch (plan.keySource) {
    case 'secrets-file':
      return '  The signing key and unsubscribe secret come from the secrets file you gave.';
    case 'kept':
      return '  The signing key already in the folder is kept (and the unsubscribe secret, if there is one).';
    case 'environment':
      return '  The signing key comes from CREDENTIAL_SIGNING_KEY, as before.';
    case 'none':
      return `  WARNING: no certificate signing key. Backups never hold it. Certificates issued before will not verify until you put it back: stop here and run this again with --secrets FILE, or copy credential-signing-key.json into ${plan.dataDir} before you start the site.`;
  }
}

async function targetState(dataDir: string): Promise<TargetState> {
  const info = await stat(dataDir).catch(() => undefined);
  if (!info) return { kind: 'missing' };
  if (!info.isDirectory()) throw new BackupError(`${dataDir} is a file, not a folder. Move it away, or give another folder with --data-dir. Nothing was changed.`);
  const names = await readdir(dataDir);
  if (names.length === 0) return { kind: 'empty' };
  return { kind: 'in-use', hasDatabase: names.includes('data.db') };
}

export interface RestoreOptions {
  file: string;
  dataDir: string;
  /** The file `npm run backup -- --secrets FILE` made, if given. */
  secretsFile?: string | undefined;
  /** Whether CREDENTIAL_SIGNING_KEY is set (then no key file is needed). */
  keyFromEnvironment: boolean;
  /** Whether PocketBase is answering (then nothing is done). */
  pocketBaseRunning: () => Promise<boolean>;
  /** Shown the plan; answers whether to go on. */
  confirm: (plan: RestorePlan) => Promise<boolean>;
  now?: Date;
}

export type RestoreResult = { restored: false } | { restored: true; plan: RestorePlan };

/**
 * Restores a backup into `dataDir`.
 *
 * @throws {BackupError} for every expected problem (PocketBase running, missing, damaged or
 *   foreign backup, bad secrets file, unwritable folder); the message says whether anything
 *   was changed
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { file, dataDir } = options;
  const now = options.now ?? new Date();
  if (await options.pocketBaseRunning()) {
    throw new BackupError('PocketBase is running. Stop the site first (for example `systemctl stop lived-learning`, or Ctrl-C where `npm start` runs), then run the restore again. Nothing was changed.');
  }

  let secrets: SecretsFile | undefined;
  if (options.secretsFile) {
    let text: string;
    try {
      text = await readFile(options.secretsFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new BackupError(`Cannot read the secrets file ${options.secretsFile}: ${code === 'ENOENT' ? 'there is no such file' : (code ?? (error as Error).message)}. Nothing was changed.`);
    }
    try {
      secrets = parseSecretsFile(text, options.secretsFile);
    } catch (error) {
      if (error instanceof SecretsFileError) throw new BackupError(`${error.message} Nothing was changed.`);
      throw error;
    }
  }

  const target = await targetState(dataDir);
  if (target.kind === 'in-use' && !target.hasDatabase) {
    throw new BackupError(`${dataDir} is not empty and is not a PocketBase data folder (it has no data.db). Give a new or empty folder, or the data folder itself. Nothing was changed.`);
  }
  const staging = `${dataDir}.restoring-${stamp(now)}`;
  let summary: BackupSummary;
  try {
    await extractBackup(file, staging);
    summary = await checkExtracted(staging, file);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (error instanceof BackupFileError) throw new BackupError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError(`Cannot unpack the backup beside ${dataDir} (${code ?? (error as Error).message}). Check the disk has room and the folder above it is writable. Nothing was changed.`);
  }

  const keptKey = target.kind === 'in-use' && (await stat(path.join(dataDir, SIGNING_KEY_FILE)).catch(() => undefined)) !== undefined;
  const keySource: KeySource = secrets?.files[SIGNING_KEY_FILE] ? 'secrets-file' : keptKey ? 'kept' : options.keyFromEnvironment ? 'environment' : 'none';
  const plan: RestorePlan = {
    file,
    dataDir,
    target,
    setAside: target.kind === 'in-use' ? `${dataDir}.before-restore-${stamp(now)}` : undefined,
    summary,
    keySource,
  };

  if (!(await options.confirm(plan))) {
    await rm(staging, { recursive: true, force: true });
    return { restored: false };
  }

  try {
    // What stays with the machine rather than the backup: the secrets (and, below, the local backups).
    if (target.kind === 'in-use') {
      for (const name of SECRET_FILES) {
        const from = path.join(dataDir, name);
        if (await stat(from).catch(() => undefined)) await cp(from, path.join(staging, name), { preserveTimestamps: true });
      }
    }
    if (secrets) await writeKeptSecrets(staging, secrets);
    for (const name of await readdir(staging)) {
      if (SECRET_FILES.includes(name)) await chmod(path.join(staging, name), 0o600);
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new BackupError(`Cannot prepare the restored folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Nothing was changed.`);
  }

  try {
    if (plan.setAside) await rename(dataDir, plan.setAside);
    else if (target.kind === 'empty') await rmdir(dataDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new BackupError(`Cannot move ${dataDir} aside (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check you own it and the folder above it. Nothing was changed.`);
  }
  try {
    await rename(staging, dataDir);
    await chmod(dataDir, 0o700);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new BackupError(
      `The restored data is ready in ${staging} but could not be moved to ${dataDir} (${code}).${plan.setAside ? ` The previous data is in ${plan.setAside}.` : ''} Move ${staging} to ${dataDir} yourself, then start the site.`,
    );
  }
  // PocketBase's local backups belong to the machine, not to one state of the data: they move
  // (not copied: they can be large) into the restored folder, where the dashboard lists them.
  if (plan.setAside) {
    const oldBackups = path.join(plan.setAside, 'backups');
    if ((await stat(oldBackups).catch(() => undefined))?.isDirectory()) {
      try {
        await rename(oldBackups, path.join(dataDir, 'backups'));
      } catch {
        plan.backupsLeftIn = oldBackups;
      }
    }
  }
  return { restored: true, plan };
}
