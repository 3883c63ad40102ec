/**
 * `npm run restore -- BACKUP.zip [--secrets FILE] [--data-dir DIR] [--yes]`
 * (logic in src/lib/backup/restore.ts; docs/OPERATIONS.md, "Restoring").
 *
 * Restores into a fresh or stopped data folder after a plain confirmation. Exit codes: 0
 * restored, 1 failed or not confirmed (one plain message, never a stack trace; it says
 * whether anything was changed), 2 usage error.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { pocketBaseAnswers } from '../src/lib/backup/backup.ts';
import { isYes, parseRestoreArgs, RESTORE_USAGE, cliFailure } from '../src/lib/backup/cli.ts';
import { confirmationText, restoreBackup, type RestorePlan } from '../src/lib/backup/restore.ts';
import { findProjectRoot, loadConfig } from '../src/lib/server/config.ts';

async function ask(plan: RestorePlan, yes: boolean): Promise<boolean> {
  console.log(confirmationText(plan));
  if (yes) return true;
  if (!process.stdin.isTTY) {
    console.error('Not asked, because this is not a terminal: add --yes to restore without being asked (for scripts).');
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return isYes(await rl.question('Restore now? Type yes to go on: '));
  } finally {
    rl.close();
  }
}

async function main(argv: string[]): Promise<number> {
  // Every file made here (backups, copies, restored databases) is private to this user.
  process.umask(0o077);
  const command = parseRestoreArgs(argv);
  if (command.kind === 'help') {
    console.log(RESTORE_USAGE);
    return 0;
  }
  const projectRoot = findProjectRoot();
  const envFile = path.join(projectRoot, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig(process.env, projectRoot);
  const dataDir = command.dataDir === undefined ? config.pbDataDir : path.resolve(command.dataDir);

  const result = await restoreBackup({
    file: path.resolve(command.file),
    dataDir,
    secretsFile: command.secretsFile === undefined ? undefined : path.resolve(command.secretsFile),
    keyFromEnvironment: Boolean(process.env.CREDENTIAL_SIGNING_KEY?.trim()),
    // The site's PocketBase matters only when restoring into its data folder.
    pocketBaseRunning: () => (dataDir === config.pbDataDir ? pocketBaseAnswers(config.pbUrl) : Promise.resolve(false)),
    confirm: (plan) => ask(plan, command.yes),
  });
  if (!result.restored) {
    console.log('Nothing was changed.');
    return 1;
  }
  console.log(`Restored into ${dataDir}.`);
  if (result.plan.setAside) console.log(`The previous data is in ${result.plan.setAside}; delete it once the site works.`);
  if (result.plan.backupsLeftIn) console.log(`The earlier backups of this machine stayed in ${result.plan.backupsLeftIn}; move that folder to ${path.join(dataDir, 'backups')} to see them in PocketBase again.`);
  console.log('Next: start the site (`npm start`, or `systemctl start lived-learning`). It sets a new service account password if there is none, and applies pending database changes.');
  if (result.plan.keySource === 'none') console.log('Remember: put the signing key back before issuing or checking certificates (see above).');
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Not expected errors too: still one line, no stack trace.
  const failure = cliFailure(error, (message) =>
    `The restore failed: ${message}. If it says nothing about what was changed, check the data folder before starting the site.`);
  console.error(failure.message);
  process.exitCode = failure.code;
}
