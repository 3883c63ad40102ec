/**
 * What this web server is among several behind one load balancer (docs/SCALING.md). Pure: reads
 * the environment it is given.
 *
 * - `NODE_NAME` (optional): a short name for this web server, e.g. `web-2`. When set, every
 *   answer carries `X-Served-By: <name>`, so an operator (and the two-node test) can see which
 *   server answered through the balancer. Unset: no such header.
 * - `BACKGROUND_JOBS` (`on` by default, or `off`): whether this server runs the notification
 *   email sender and the daily retention job. Run them on exactly ONE web server; set
 *   `BACKGROUND_JOBS=off` on every other. (The email outbox worker runs on every server: its
 *   leases in PocketBase already make that safe, and it sends what this server queued at once.
 *   Notification emails are also guarded in PocketBase, pb_hooks/notifications.pb.js.)
 */

export interface NodeRole {
  /** `NODE_NAME`, or undefined. */
  name: string | undefined;
  /** Whether the notification sender and retention job run here. */
  backgroundJobs: boolean;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Reads NODE_NAME and BACKGROUND_JOBS.
 *
 * @returns the role, or `{ problem }`: one plain line naming the variable and the fix
 */
export function nodeRoleFromEnv(env: Record<string, string | undefined>): NodeRole | { problem: string } {
  const rawName = env.NODE_NAME?.trim() ?? '';
  if (rawName !== '' && !NAME.test(rawName)) {
    return { problem: `NODE_NAME must be 1–64 letters, digits, dots, dashes or underscores, e.g. web-2 (it is "${rawName.slice(0, 80)}")` };
  }
  const jobs = (env.BACKGROUND_JOBS ?? '').trim().toLowerCase();
  if (jobs !== '' && jobs !== 'on' && jobs !== 'off') {
    return { problem: `BACKGROUND_JOBS must be on or off — off on every web server but one (it is "${(env.BACKGROUND_JOBS ?? '').slice(0, 80)}")` };
  }
  return { name: rawName === '' ? undefined : rawName, backgroundJobs: jobs !== 'off' };
}

/**
 * `WEB_PROCESSES`: how many web server processes this machine runs (node:cluster, see
 * src/lib/server/web-cluster.ts). Unset or `auto`: one per core (`cores`). `1`: one process,
 * no cluster (as before).
 *
 * @returns the number, or `{ problem }`: one plain line naming the variable and the fix
 */
export function webProcessesFromEnv(env: Record<string, string | undefined>, cores: number): number | { problem: string } {
  const raw = (env.WEB_PROCESSES ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'auto') return Math.max(1, cores);
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 256) {
    return { problem: `WEB_PROCESSES must be auto (one per core) or a whole number from 1 to 256, e.g. 2 (it is "${(env.WEB_PROCESSES ?? '').slice(0, 80)}")` };
  }
  return Number(raw);
}

/**
 * The role of web process `index` (1…`count`) of a machine whose own role is `machine`:
 * only the first runs the background jobs (if the machine does); with several processes each
 * is named `<NODE_NAME>.<index>` so X-Served-By tells them apart.
 */
export function processRole(machine: NodeRole, index: number, count: number): NodeRole {
  return {
    name: machine.name && count > 1 ? `${machine.name}.${index}` : machine.name,
    backgroundJobs: machine.backgroundJobs && index === 1,
  };
}
