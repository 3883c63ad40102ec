/**
 * What to do about the PocketBase data folder's permissions at start-up, decided from facts
 * about the folder (pure: no filesystem access here; `ensureDataDir` gathers the facts and
 * carries the plan out).
 *
 * The folder holds the database (password hashes, private reflections), the service
 * superuser's credentials and the certificate signing key. Nobody but the account running
 * the site may read any of it, so:
 * - the folder must be 0700 and the database files and secrets 0600;
 * - anything looser is tightened when this process owns it (or is root);
 * - otherwise start-up stops, saying which `chmod` to run as the owner.
 */

/** The folder itself: only its owner may list or enter it. */
export const PRIVATE_DIR_MODE = 0o700;
/** Database files and secrets: only their owner may read or write them. */
export const PRIVATE_FILE_MODE = 0o600;

/** Secrets Lived Learning keeps in the data folder. */
const SECRET_FILES = new Set(['service-account.json', 'credential-signing-key.json', 'unsubscribe-secret']);

/**
 * Whether a file at the top of the data folder is checked and tightened: every SQLite
 * database PocketBase keeps there (data.db, auxiliary.db and any other `*.db`) with its
 * `-wal`, `-shm` and `-journal` files, and the secrets Lived Learning keeps there.
 */
export function isPrivateDataFile(name: string): boolean {
  return SECRET_FILES.has(name) || /\.db(-wal|-shm|-journal)?$/.test(name);
}

export interface PathFacts {
  /** Absolute path. */
  path: string;
  /** `stat().mode` (only the permission bits are looked at). */
  mode: number;
  /** Owner's user id. */
  uid: number;
}

export interface DataDirFacts {
  dir: PathFacts;
  /** The regular files at the top of the folder for which `isPrivateDataFile` holds. */
  files: readonly PathFacts[];
  /** The user id this process runs as. */
  processUid: number;
  /** The name of this process's user, for messages (e.g. `lived-learning`). */
  processUser: string;
}

export interface PermissionChange {
  path: string;
  from: number;
  to: number;
}

export type DataDirPlan =
  | { action: 'none' }
  | { action: 'tighten'; changes: PermissionChange[] }
  | { action: 'refuse'; message: string };

/** "0755". */
export function formatMode(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0');
}

/** True when the group or others have any permission at all. */
export function isOpenToOthers(mode: number): boolean {
  return (mode & 0o077) !== 0;
}

/**
 * Decides whether the data folder is private enough, can be made so, or must stop start-up.
 *
 * Root may change any mode; any other user only what it owns. When even one loose path
 * cannot be changed, nothing is changed and the answer is `refuse`, with a message naming
 * the folder, its owner's id and the commands to run.
 */
export function planDataDirPermissions(facts: DataDirFacts): DataDirPlan {
  const loose = [
    ...(isOpenToOthers(facts.dir.mode) ? [{ ...facts.dir, target: PRIVATE_DIR_MODE }] : []),
    ...facts.files.filter((file) => isOpenToOthers(file.mode)).map((file) => ({ ...file, target: PRIVATE_FILE_MODE })),
  ];
  if (loose.length === 0) return { action: 'none' };

  const mayChange = (entry: PathFacts) => facts.processUid === 0 || entry.uid === facts.processUid;
  const blocked = loose.filter((entry) => !mayChange(entry));
  if (blocked.length > 0) {
    const first = blocked[0]!;
    const commands = [
      ...(isOpenToOthers(facts.dir.mode) ? [`chmod 700 ${shellQuote(facts.dir.path)}`] : []),
      ...facts.files.filter((file) => isOpenToOthers(file.mode)).map((file) => `chmod 600 ${shellQuote(file.path)}`),
    ];
    const owners = [...new Set(blocked.map((entry) => entry.uid))].join(', ');
    return {
      action: 'refuse',
      message:
        `The PocketBase data folder ${facts.dir.path} can be read by other users of this machine ` +
        `(${first.path} has mode ${formatMode(first.mode)}), and Lived Learning cannot make it private because ` +
        `${blocked.length === 1 ? 'that is' : 'those are'} owned by user id ${owners}, not by ${facts.processUser} ` +
        `(user id ${facts.processUid}). As the owner (or with sudo), run:\n  ${commands.join('\n  ')}\n` +
        `or give the folder to this user (chown -R ${facts.processUser} ${shellQuote(facts.dir.path)}), ` +
        `or set PB_DATA_DIR to a folder this user owns. Then start again.`,
    };
  }

  return { action: 'tighten', changes: loose.map((entry) => ({ path: entry.path, from: entry.mode & 0o777, to: entry.target })) };
}

/** The log line for changes made: "Made the PocketBase data folder private: /srv/pb_data 0755 → 0700, data.db 0644 → 0600." */
export function describeChanges(dir: string, changes: readonly PermissionChange[]): string {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const parts = changes.map((change) => {
    const name = change.path.startsWith(prefix) ? change.path.slice(prefix.length) : change.path;
    return `${name} ${formatMode(change.from)} → ${formatMode(change.to)}`;
  });
  return `Made the PocketBase data folder private (other users of this machine could read it): ${parts.join(', ')}.`;
}

/** A path as one shell word, for commands printed to copy. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
