import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What is kept on the device until the server confirms it holds the same words. */
export interface DeviceCopy {
  body: string;
  title: string;
  /** The record the copy was based on ("" for a new one) and its version, to save against. */
  id: string;
  version: string;
}

/** A stored copy read back, or undefined when there is none or it is not one of ours. */
export function parseCopy(raw: string | null): DeviceCopy | undefined {
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v['body'] !== 'string') return undefined;
  return { body: v['body'], title: String(v['title'] ?? ''), id: String(v['id'] ?? ''), version: String(v['version'] ?? '') };
}

/**
 * What to do on load with a copy found on the device: nothing (none found), drop it (the page
 * already shows the same words, or it holds no words), or put its words back and save them.
 */
export function restorePlan(local: DeviceCopy | undefined, shown: { body: string; title: string }): 'none' | 'forget' | 'restore' {
  if (!local) return 'none';
  if (local.body === shown.body && local.title === shown.title) return 'forget';
  if (local.body.trim() === '') return 'forget';
  return 'restore';
}

/** A key for a record not created yet ends in `:new`; once created it is kept under its id. */
export function keyForCreated(key: string, id: string): string | undefined {
  return id && key.endsWith(':new') ? `${key.slice(0, -':new'.length)}:${id}` : undefined;
}

/**
 * The copy of unsaved words kept on this device (localStorage), so going offline, closing the
 * tab or a crash loses nothing. Never throws: storage that is full or blocked just means the
 * server copy is all there is.
 */
export class DeviceCopyController implements ReactiveController {
  private readonly key: () => string;
  private readonly storage: () => Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

  /**
   * @param key where the copy is kept, read at each use (the host may move it); "" keeps none
   * @param storage where to keep it (the browser's localStorage unless a test says otherwise)
   */
  constructor(host: ReactiveControllerHost, key: () => string, storage: () => Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = () => window.localStorage) {
    this.key = key;
    this.storage = storage;
    host.addController(this);
  }

  /** Nothing to set up: the host reads the copy once its form is found (see its restore step). */
  hostConnected(): void {}

  /** The copy kept under the current key, if any. */
  read(): DeviceCopy | undefined {
    const key = this.key();
    if (!key) return undefined;
    try {
      return parseCopy(this.storage().getItem(key));
    } catch {
      return undefined;
    }
  }

  /** Keeps these words (or drops the copy when there are none), stamped with the time. */
  keep(copy: DeviceCopy, at: Date = new Date()): void {
    const key = this.key();
    if (!key) return;
    try {
      if (copy.body.trim() === '' && copy.title.trim() === '') {
        this.storage().removeItem(key);
        return;
      }
      this.storage().setItem(key, JSON.stringify({ ...copy, at: at.toISOString() }));
    } catch {
      /* storage full or blocked: the server copy is all we have, and we keep trying to save */
    }
  }

  /**
   * Drops the copy once the server holds it. With `saved`, only when the copy still holds
   * those words: another tab may have written the same key since.
   */
  forget(saved?: string): void {
    const key = this.key();
    if (!key) return;
    try {
      if (saved !== undefined && this.read()?.body !== saved) return;
      this.storage().removeItem(key);
    } catch {
      /* nothing kept */
    }
  }
}
