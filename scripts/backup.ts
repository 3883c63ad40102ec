/**
 * `npm run backup [-- --out DIR]` and `npm run backup -- --secrets FILE`
 * (logic in src/lib/backup/; docs/OPERATIONS.md, "Backups").
 *
 * Site running: the running PocketBase makes the backup (signed in as the service account).
 * Site stopped: the backup is made from the data folder. Exit codes: 0 done, 1 failed (one
 * plain message, never a stack trace), 2 usage error.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { backupFileName, backupRunning, backupStopped, pocketBaseAnswers, saveSecrets, signInService } from '../src/lib/backup/backup.ts';
import { BACKUP_USAGE, parseBackupArgs, cliFailure } from '../src/lib/backup/cli.ts';
import { formatBytes } from '../src/lib/sizes.ts';
import { findProjectRoot, loadConfig } from '../src/lib/server/config.ts';
import { loadServiceCredentials } from '../src/lib/server/service-account.ts';

async function main(argv: string[]): Promise<number> {
  // Every file made here (backups, copies, restored databases) is private to this user.
  process.umask(0o077);
  const command = parseBackupArgs(argv);
  if (command.kind === 'help') {
    console.log(BACKUP_USAGE);
    return 0;
  }
  const projectRoot = findProjectRoot();
  const envFile = path.join(projectRoot, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig(process.env, projectRoot);
  const now = new Date();

  if (command.kind === 'secrets') {
    const file = path.resolve(command.file);
    const { saved, missing } = await saveSecrets({ dataDir: config.pbDataDir, file, now });
    console.log(`Saved ${saved.join(' and ')} to ${file} (readable only by you).`);
    if (missing.length) console.log(`Not saved, because the data folder has none (yet): ${missing.join(', ')}.`);
    console.log('Keep this file apart from the backups (a password manager or a safe place), never next to them: with it, someone could sign certificates in your name.');
    return 0;
  }

  const name = backupFileName(now);
  const outDir = command.outDir === undefined ? undefined : path.resolve(command.outDir);
  if (await pocketBaseAnswers(config.pbUrl)) {
    const pb = await signInService(config.pbUrl, await loadServiceCredentials(config));
    const result = await backupRunning({ pb, dataDir: config.pbDataDir, name, outDir });
    console.log(`Backup made by the running PocketBase: ${result.name} (${formatBytes(result.size)}).`);
    console.log(`Kept at ${result.kept}.`);
    if (result.copy) console.log(`Copy saved to ${result.copy}.`);
  } else {
    console.log(`PocketBase is not answering at ${config.pbUrl}, so the backup is made from the data folder ${config.pbDataDir}.`);
    const result = await backupStopped({ dataDir: config.pbDataDir, name, outDir });
    console.log(`Backup saved to ${result.file} (${formatBytes(result.size)}, ${result.entries.length} files).`);
  }
  console.log('It holds every account, reflection and uploaded file: keep it as private as the site itself. The signing key is not in it (see `npm run backup -- --secrets FILE`).');
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Not expected errors too: still one line, no stack trace.
  const failure = cliFailure(error, (message) => `The backup failed: ${message}`);
  console.error(failure.message);
  process.exitCode = failure.code;
}
