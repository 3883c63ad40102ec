/**
 * File sizes in words people read: `1 byte`, `850 kB`, `10.1 MB`, `2.4 GB` (1 MB = 1024 × 1024
 * bytes, as the limits are). One rule for every message (evidence uploads, course files, form
 * limits, backups): sizes round UP, so a file just over a limit never reads as the limit
 * itself ("10.1 MB, and each file can be up to 10 MB").
 */
const KB = 1024;
const UNITS = ['MB', 'GB', 'TB'] as const;

export function formatBytes(bytes: number): string {
  if (bytes < KB) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < KB * KB) return `${Math.ceil(bytes / KB).toLocaleString('en-GB')} kB`;
  let value = bytes / (KB * KB);
  let unit = 0;
  while (value >= KB && unit < UNITS.length - 1) {
    value /= KB;
    unit += 1;
  }
  return `${(Math.ceil(value * 10) / 10).toLocaleString('en-GB')} ${UNITS[unit]}`;
}
