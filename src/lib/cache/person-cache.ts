/**
 * Memory the web server keeps between requests, right only as long as it is told about every
 * change (see ./remembered.ts for who tells it).
 *
 * {@link KeyedMemory} is the building block: values by key, each belonging to an "owner" whose
 * change forgets them, expiring after `ttlMs`, at most `maxEntries`, and used only while
 * enabled. {@link PersonCache} is the memory of signed-in people: their sessions (the user
 * record PocketBase gave back for a token) and their own rows (../trainee/own-records-store.ts).
 * With both remembered, a trainee's page needs no request to PocketBase at all.
 *
 * A load that started before a forget is not kept: take a {@link Stamp} before asking
 * PocketBase and pass it when remembering the answer.
 */

/** Taken before asking PocketBase; a later forget of the same owner makes the answer too old to keep. */
export interface Stamp {
  readonly epoch: number;
  readonly generation: number;
}

export interface MemoryOptions {
  /** How long an entry is used before PocketBase is asked again. */
  ttlMs: number;
  /** Most entries kept; the oldest go first. */
  maxEntries: number;
  now?: () => number;
}

interface Kept<T> {
  value: T;
  owner: string;
  at: number;
}

export class KeyedMemory<V> {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #enabled = false;
  /** Bumped by {@link clear}: every stamp taken before it is too old. */
  #epoch = 0;
  /** Bumped per owner by each forget: stamps taken before it are too old. */
  readonly #generations = new Map<string, number>();
  readonly #entries = new Map<string, Kept<V>>();

  constructor(options: MemoryOptions) {
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
    this.#entries.clear();
  }

  stamp(owner: string): Stamp {
    return { epoch: this.#epoch, generation: this.#generations.get(owner) ?? 0 };
  }

  /** A copy of the remembered value, if fresh (a caller may change it without changing what the next one gets). */
  get(key: string): V | undefined {
    if (!this.#enabled) return undefined;
    const kept = this.#entries.get(key);
    if (!kept) return undefined;
    if (this.#now() - kept.at >= this.#ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return structuredClone(kept.value);
  }

  /** @returns whether it was kept (not when disabled, or when the owner changed since `stamp`) */
  remember(key: string, owner: string, value: V, stamp: Stamp): boolean {
    if (!this.#enabled || stamp.epoch !== this.#epoch || stamp.generation !== (this.#generations.get(owner) ?? 0)) return false;
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value: structuredClone(value), owner, at: this.#now() });
    return true;
  }

  forgetKey(key: string): void {
    this.#entries.delete(key);
  }

  /** Everything the owner's change may have made wrong, and any answer about them still on its way. */
  forgetOwner(owner: string): void {
    // Generations only need to outlive the loads in flight; past the bound, start afresh.
    if (this.#generations.size >= this.#maxEntries * 2) return this.clear();
    this.#generations.set(owner, (this.#generations.get(owner) ?? 0) + 1);
    const direct = this.#entries.get(owner);
    if (direct?.owner === owner) this.#entries.delete(owner);
    else for (const [key, kept] of this.#entries) if (kept.owner === owner) this.#entries.delete(key);
  }
}

/** Stamps for both memories about one person; see {@link Stamp}. */
export interface PersonStamp {
  readonly session: Stamp;
  readonly rows: Stamp;
}

/** Sessions by token and own rows by person, switched on and off together. */
export class PersonCache<Session extends { id: string }, Rows> {
  readonly #sessions: KeyedMemory<Session>;
  readonly #rows: KeyedMemory<Rows>;

  constructor(options: MemoryOptions) {
    this.#sessions = new KeyedMemory(options);
    this.#rows = new KeyedMemory(options);
  }

  get enabled(): boolean {
    return this.#rows.enabled;
  }

  enable(): void {
    this.#sessions.enable();
    this.#rows.enable();
  }

  disable(): void {
    this.#sessions.disable();
    this.#rows.disable();
  }

  clear(): void {
    this.#sessions.clear();
    this.#rows.clear();
  }

  /** Take before asking PocketBase about the person (their session, their rows or both). */
  stamp(person: string): PersonStamp {
    return { session: this.#sessions.stamp(person), rows: this.#rows.stamp(person) };
  }

  /** A copy of the remembered user record for this token, if fresh. */
  session(token: string): Session | undefined {
    return this.#sessions.get(token);
  }

  /** @returns whether it was kept (not when disabled, or when the account changed since `stamp`) */
  rememberSession(token: string, session: Session, stamp: PersonStamp): boolean {
    return this.#sessions.remember(token, session.id, session, stamp.session);
  }

  /** A copy of the person's remembered rows, if fresh. */
  rows(person: string): Rows | undefined {
    return this.#rows.get(person);
  }

  /** @returns whether they were kept (not when disabled, or when the person's rows changed since `stamp`) */
  rememberRows(person: string, rows: Rows, stamp: PersonStamp): boolean {
    return this.#rows.remember(person, person, rows, stamp.rows);
  }

  /** After signing out: this token is not used from memory again. */
  forgetToken(token: string): void {
    this.#sessions.forgetKey(token);
  }

  /** One of the person's rows changed. */
  forgetRows(person: string): void {
    this.#rows.forgetOwner(person);
  }

  /** The person's account changed (role, password, preferences…): their sessions and rows go. */
  forgetPerson(person: string): void {
    this.#sessions.forgetOwner(person);
    this.#rows.forgetOwner(person);
  }
}
