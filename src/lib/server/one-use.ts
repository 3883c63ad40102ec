/**
 * "Use once" within this web server process, for one-time links (password reset, email
 * verification and change, invitations): while one request is using a link, a second request
 * with the same link (a double submit) is refused at once rather than racing the first. The
 * link's own row (used_at, accepted) is what decides across processes and machines; this only
 * closes the gap between reading that row and writing it in one process.
 */
export interface OneUse {
  /** Runs `use` unless `key` is being used right now, in which case it throws `refused()`. */
  <T>(key: string, refused: () => Error, use: () => Promise<T>): Promise<T>;
}

/** A new, separate set of keys in use (one per kind of link). */
export function oneUseAtATime(): OneUse {
  const inUse = new Set<string>();
  return async (key, refused, use) => {
    if (inUse.has(key)) throw refused();
    inUse.add(key);
    try {
      return await use();
    } finally {
      inUse.delete(key);
    }
  };
}
