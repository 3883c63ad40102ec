/**
 * What the web server remembers between requests about a signed-in person: their session (the
 * user record PocketBase gave back for their token) and their own rows (see
 * ../trainee/own-records-store.ts). With both remembered, a trainee's page needs no request to
 * PocketBase at all.
 *
 * It stays right by forgetting: every write this server sends drops what it touches
 * (./invalidation.ts), and PocketBase's realtime events drop what anybody else changes. It is
 * used only while those events flow ({@link PersonCache.enable} / {@link PersonCache.disable}).
 * A load that started before a forget is not kept (see {@link Stamp}). Entries also expire
 * after `ttlMs`; the next page then asks PocketBase again, which also slides the session on.
 */

/** Taken before asking PocketBase; a later forget of the same person makes the answer too old to keep. */
export interface Stamp {
  readonly epoch: number;
  readonly generation: number;
}

export interface PersonCacheOptions {
  /** How long an entry is used before PocketBase is asked again. */
  ttlMs: number;
  /** Most sessions, and most people's rows, kept; the oldest go first. */
  maxEntries: number;
  now?: () => number;
}

interface Kept<T> {
  value: T;
  at: number;
}

export class PersonCache<Session extends { id: string }, Rows> {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #enabled = false;
  /** Bumped by {@link clear}: every stamp taken before it is too old. */
  #epoch = 0;
  /** Bumped per person by each forget: stamps taken before it are too old. */
  readonly #generations = new Map<string, number>();
  readonly #sessions = new Map<string, Kept<Session>>();
  readonly #rows = new Map<string, Kept<Rows>>();

  constructor(options: PersonCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  /** Starts remembering, from nothing (call when the events that keep it right are flowing). */
  enable(): void {
    this.clear();
    this.#enabled = true;
  }

  /** Stops remembering and forgets everything (call when those events may be missed). */
  disable(): void {
    this.#enabled = false;
    this.clear();
  }

  clear(): void {
    this.#epoch++;
    this.#generations.clear();
    this.#sessions.clear();
    this.#rows.clear();
  }

  stamp(person: string): Stamp {
    return { epoch: this.#epoch, generation: this.#generations.get(person) ?? 0 };
  }

  /** A copy of the remembered user record for this token, if fresh. */
  session(token: string): Session | undefined {
    return this.#fresh(this.#sessions, token);
  }

  /** @returns whether it was kept (not when disabled, or when the person changed since `stamp`) */
  rememberSession(token: string, session: Session, stamp: Stamp): boolean {
    return this.#keep(this.#sessions, token, session, session.id, stamp);
  }

  /** A copy of the person's remembered rows, if fresh. */
  rows(person: string): Rows | undefined {
    return this.#fresh(this.#rows, person);
  }

  /** @returns whether they were kept (not when disabled, or when the person's rows changed since `stamp`) */
  rememberRows(person: string, rows: Rows, stamp: Stamp): boolean {
    return this.#keep(this.#rows, person, rows, person, stamp);
  }

  /** After signing out: this token is not used from memory again. */
  forgetToken(token: string): void {
    this.#sessions.delete(token);
  }

  /** One of the person's rows changed. */
  forgetRows(person: string): void {
    this.#bump(person);
    this.#rows.delete(person);
  }

  /** The person's account changed (role, password, preferences…): their sessions and rows go. */
  forgetPerson(person: string): void {
    this.forgetRows(person);
    for (const [token, kept] of this.#sessions) if (kept.value.id === person) this.#sessions.delete(token);
  }

  #bump(person: string): void {
    // Generations only need to outlive the loads in flight; past the bound, start afresh.
    if (this.#generations.size >= this.#maxEntries * 2) this.clear();
    this.#generations.set(person, (this.#generations.get(person) ?? 0) + 1);
  }

  #fresh<T>(map: Map<string, Kept<T>>, key: string): T | undefined {
    if (!this.#enabled) return undefined;
    const kept = map.get(key);
    if (!kept) return undefined;
    if (this.#now() - kept.at >= this.#ttlMs) {
      map.delete(key);
      return undefined;
    }
    // A copy: a page may change what it was given without changing what the next page gets.
    return structuredClone(kept.value);
  }

  #keep<T>(map: Map<string, Kept<T>>, key: string, value: T, person: string, stamp: Stamp): boolean {
    if (!this.#enabled || stamp.epoch !== this.#epoch || stamp.generation !== (this.#generations.get(person) ?? 0)) return false;
    map.delete(key);
    if (map.size >= this.#maxEntries) map.delete(map.keys().next().value!);
    map.set(key, { value: structuredClone(value), at: this.#now() });
    return true;
  }
}
