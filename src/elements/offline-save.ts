import { offlineEn, savedMoment } from '../lib/i18n/offline.ts';
import type { SavedCourse } from '../lib/offline/offline.ts';
import serviceWorkerUrl from './offline-sw.ts?worker&url';

/**
 * "Save this course for offline reading" (issue 20; docs/OFFLINE.md). Progressive enhancement:
 * the server renders the button and status hidden inside this element; without JavaScript, or
 * in a browser without service workers, nothing shows and nothing changes. When it runs it
 * registers the site's service worker (src/elements/offline-sw.ts), shows the button, and says
 * in its status (a polite live region) whether and when the course was saved. When the course is
 * saved and the browser is online it asks the worker to check for a republished version.
 *
 * @attr course - the course's slug
 * @attr time-zone - the organisation's time zone, for the saved date
 * Contains `[data-offline-save]` (hidden), `[data-offline-button]`, `[data-offline-remove]`
 * and `[data-offline-status]`.
 */
export class OfflineSave extends HTMLElement {
  private _status: HTMLElement | null = null;
  private _button: HTMLButtonElement | null = null;
  private _remove: HTMLButtonElement | null = null;

  connectedCallback() {
    if (!('serviceWorker' in navigator) || !('caches' in window)) return;
    const box = this.querySelector<HTMLElement>('[data-offline-save]');
    this._status = this.querySelector('[data-offline-status]');
    this._button = this.querySelector('[data-offline-button]');
    this._remove = this.querySelector('[data-offline-remove]');
    if (!box || !this._status || !this._button) return;
    box.hidden = false;
    this._button.addEventListener('click', () => void this._save());
    this._remove?.addEventListener('click', () => void this._removeCopy());
    void this._start();
  }

  private get course(): string {
    return this.getAttribute('course') ?? '';
  }

  private async _start() {
    await registerOfflineWorker();
    const status = await ask<{ saved: SavedCourse | null }>({ type: 'status', course: this.course });
    this._show(status?.saved ?? null, false);
    if (status?.saved && navigator.onLine) {
      const refreshed = await ask<{ saved: SavedCourse | null }>({ type: 'refresh', course: this.course });
      if (refreshed) this._show(refreshed.saved, false);
    }
  }

  private async _save() {
    if (!this._button || !this._status) return;
    this._button.disabled = true;
    this._say(offlineEn.save.saving);
    const result = await ask<{ ok: boolean; saved?: SavedCourse; status?: number }>({ type: 'save', course: this.course });
    this._button.disabled = false;
    if (result?.ok && result.saved) this._show(result.saved, true);
    else this._say(result?.status === 401 ? offlineEn.save.signedOut : offlineEn.save.failed);
  }

  private async _removeCopy() {
    const result = await ask<{ ok: boolean }>({ type: 'remove', course: this.course });
    if (result?.ok) {
      this._show(null, false);
      this._say(offlineEn.save.removed);
    }
  }

  private _show(saved: SavedCourse | null, announce: boolean) {
    const label = this._button?.querySelector('[data-offline-label]');
    if (label) label.textContent = saved ? offlineEn.save.again : offlineEn.save.button;
    if (this._remove) this._remove.hidden = !saved;
    this.toggleAttribute('saved', Boolean(saved));
    if (saved) this._say(offlineEn.save.saved(savedMoment(new Date(saved.savedAt), this.getAttribute('time-zone') ?? undefined), saved.pages.length));
    else if (!announce) this._say('');
  }

  private _say(message: string) {
    if (this._status) this._status.textContent = message;
  }
}

let registering: Promise<ServiceWorkerRegistration | undefined> | undefined;

/** Registers the site's offline worker once per page; resolves when it is active. */
export function registerOfflineWorker(): Promise<ServiceWorkerRegistration | undefined> {
  registering ??= navigator.serviceWorker
    .register(serviceWorkerUrl, { scope: '/' })
    .then(() => navigator.serviceWorker.ready)
    .catch(() => undefined);
  return registering;
}

/** Sends the worker a message and waits for its answer (undefined when there is no worker). */
async function ask<T>(message: Record<string, string>): Promise<T | undefined> {
  const registration = await registerOfflineWorker();
  const worker = registration?.active;
  if (!worker) return undefined;
  return new Promise<T | undefined>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data as T);
    worker.postMessage(message, [channel.port2]);
  });
}

if (!customElements.get('offline-save')) customElements.define('offline-save', OfflineSave);
