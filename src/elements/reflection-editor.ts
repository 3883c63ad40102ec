import { css, html, LitElement, nothing, render, type TemplateResult } from 'lit';
import { formatTime, reflectionsText } from '../lib/i18n/reflections.ts';
import { retryDelayMs } from '../lib/reflections/retry.ts';

/**
 * Makes a reflection form kinder to write in: a small Markdown toolbar, a character count,
 * autosave, and a copy on the device so no word is lost.
 *
 * Progressive enhancement: the slotted `<form method="post" action="/reflections">` works
 * alone (a plain post, then a 303 back with "Saved"). This element, when it runs:
 * - saves by itself 1.5 s after typing stops, when the box loses focus, and when the page is
 *   hidden or closed (fetch with `keepalive`, or `navigator.sendBeacon`), sending
 *   `Accept: application/json`, one save at a time;
 * - keeps what was typed in localStorage (under `storage-key`) until the server confirms it,
 *   so after going offline, closing the tab or a crash the words come back on reload, and the
 *   person is told;
 * - retries when the browser comes back online, and after a 503 (service down, or its disk full)
 *   with backoff: from the server's Retry-After, doubling after each failure, at most 5 minutes;
 * - shows its status in the form's `[data-status]` element (a polite live region):
 *   "Saving…", "Saved at 14:02", "Offline — kept on this device…";
 * - fills `[data-toolbar]` with Bold, Italic, List and Quote buttons (Ctrl+B and Ctrl+I in
 *   the box too) and `[data-count]` with the character count.
 * When another tab saved first, the server keeps both texts; this element then carries on
 * with the copy that holds this tab's text, and says so plainly.
 *
 * The form must contain: `textarea[name=body]`, hidden `id` and `version` inputs, optionally
 * `input[name=title]`, and the empty `[data-toolbar]`, `[data-count]`, `[data-status]` elements.
 *
 * @attr storage-key - where the device copy is kept: user, course, module and prompt
 *   (a key ending in `:new` is moved to the reflection's id once it is created)
 * @attr delay - milliseconds after the last keystroke before saving (default 1500)
 * @attr limit - the most characters the server accepts (default 50000)
 * @slot - the plain form
 * @fires reflection-saved - after the server confirms a save; `detail` is `{ id, version,
 *   outcome }` where outcome is `saved`, `unchanged`, `empty` or `kept-both`
 */
export class ReflectionEditor extends LitElement {
  static override properties = {
    storageKey: { type: String, attribute: 'storage-key' },
    delay: { type: Number },
    limit: { type: Number },
    _status: { state: true },
    _count: { state: true },
  };

  static override styles = css`
    :host { display: block; }
  `;

  declare storageKey: string;
  declare delay: number;
  declare limit: number;
  /** What the status line says; `link` adds a link after the message (to a kept copy). */
  declare _status: { message: string; kind: 'info' | 'saving' | 'saved' | 'problem'; link?: { href: string; text: string } } | undefined;
  declare _count: number;

  private _text = reflectionsText(document.documentElement.lang || 'en-GB');
  private _form: HTMLFormElement | null = null;
  private _body: HTMLTextAreaElement | null = null;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _retry: ReturnType<typeof setTimeout> | undefined;
  /** 503 answers in a row, for the retry backoff. */
  private _failures = 0;
  private _inFlight = false;
  private _again = false;
  /** Words were restored from the device on load: say so until the person types again. */
  private _restoredNote = false;
  /** What the server holds, as far as this tab knows. */
  private _saved = { body: '', title: '' };

  constructor() {
    super();
    this.storageKey = '';
    this.delay = 1500;
    this.limit = 50_000;
    this._status = undefined;
    this._count = 0;
  }

  override connectedCallback() {
    super.connectedCallback();
    this._form = this.querySelector('form');
    this._body = this._form?.querySelector<HTMLTextAreaElement>('textarea[name="body"]') ?? null;
    if (!this._form || !this._body) return; // nothing to enhance: the plain form (if any) still works
    this._saved = { body: this._body.value, title: this._title() };
    const initial = this._form.querySelector('[data-status]')?.textContent?.trim();
    if (initial) this._status = { message: initial, kind: 'info' };
    this._count = length(this._body.value);
    this._form.addEventListener('input', this._onInput);
    this._form.addEventListener('submit', this._onSubmit);
    this._body.addEventListener('blur', this._onBlur);
    this._body.addEventListener('keydown', this._onKeydown);
    document.addEventListener('visibilitychange', this._onHidden);
    window.addEventListener('pagehide', this._onPageHide);
    window.addEventListener('online', this._onOnline);
    this._restore();
  }

  override disconnectedCallback() {
    this._form?.removeEventListener('input', this._onInput);
    this._form?.removeEventListener('submit', this._onSubmit);
    this._body?.removeEventListener('blur', this._onBlur);
    this._body?.removeEventListener('keydown', this._onKeydown);
    document.removeEventListener('visibilitychange', this._onHidden);
    window.removeEventListener('pagehide', this._onPageHide);
    window.removeEventListener('online', this._onOnline);
    clearTimeout(this._timer);
    clearTimeout(this._retry);
    super.disconnectedCallback();
  }

  override render() {
    return html`<slot></slot>`;
  }

  /** The toolbar, count and status live in the form (light DOM), so they read in order and take the site's styles. */
  protected override updated() {
    if (!this._form) return;
    const toolbar = this._form.querySelector<HTMLElement>('[data-toolbar]');
    if (toolbar) render(this._toolbar(), toolbar);
    const count = this._form.querySelector<HTMLElement>('[data-count]');
    if (count) {
      count.hidden = false;
      count.classList.toggle('is-over', this._count > this.limit);
      render(this._text.form.count(this._count, this.limit), count);
    }
    const status = this._form.querySelector<HTMLElement>('[data-status]');
    if (status) {
      if (!status.dataset['enhanced']) {
        status.textContent = '';
        status.dataset['enhanced'] = 'true';
      }
      status.dataset['kind'] = this._status?.kind ?? 'info';
      render(this._statusLine(), status);
    }
  }

  private _toolbar(): TemplateResult {
    const t = this._text.form;
    return html`<div class="reflection-toolbar" role="group" aria-label=${t.formatting}>
      <button type="button" aria-keyshortcuts="Control+B" @click=${() => this._format('bold')}><b>${t.bold}</b></button>
      <button type="button" aria-keyshortcuts="Control+I" @click=${() => this._format('italic')}><i>${t.italic}</i></button>
      <button type="button" @click=${() => this._format('list')}>${t.list}</button>
      <button type="button" @click=${() => this._format('quote')}>${t.quote}</button>
    </div>`;
  }

  private _statusLine(): TemplateResult | typeof nothing {
    const s = this._status;
    if (!s) return nothing;
    const note = this._restoredNote && s.message !== this._text.status.restored ? `${this._text.status.restored} ` : '';
    return html`${note}${s.message}${s.link ? html` <a href=${s.link.href}>${s.link.text}</a>` : nothing}`;
  }

  // ---- fields ----

  private _input(name: string): HTMLInputElement | null {
    return this._form?.querySelector<HTMLInputElement>(`input[name="${name}"]`) ?? null;
  }

  private _title(): string {
    return this._input('title')?.value ?? '';
  }

  private _dirty(): boolean {
    return !!this._body && (this._body.value !== this._saved.body || this._title() !== this._saved.title);
  }

  // ---- the device copy ----

  private _local(): { body: string; title: string; id: string; version: string } | undefined {
    if (!this.storageKey) return undefined;
    try {
      const raw = window.localStorage.getItem(this.storageKey);
      const value = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
      if (!value || typeof value['body'] !== 'string') return undefined;
      return { body: value['body'], title: String(value['title'] ?? ''), id: String(value['id'] ?? ''), version: String(value['version'] ?? '') };
    } catch {
      return undefined;
    }
  }

  private _keep() {
    if (!this.storageKey || !this._body) return;
    try {
      if (this._body.value.trim() === '' && this._title().trim() === '') {
        window.localStorage.removeItem(this.storageKey);
        return;
      }
      const copy = { body: this._body.value, title: this._title(), id: this._input('id')?.value ?? '', version: this._input('version')?.value ?? '', at: new Date().toISOString() };
      window.localStorage.setItem(this.storageKey, JSON.stringify(copy));
    } catch {
      /* storage full or blocked: the server copy is all we have, and we keep trying to save */
    }
  }

  /** Drops the device copy once the server holds it. Another tab may have written the same key since: only our text is dropped. */
  private _forget(saved?: string) {
    try {
      if (!this.storageKey) return;
      if (saved !== undefined && this._local()?.body !== saved) return;
      window.localStorage.removeItem(this.storageKey);
    } catch {
      /* nothing kept */
    }
  }

  /** On load: words kept on this device that the server never confirmed go back in the box, then are saved. */
  private _restore() {
    const local = this._local();
    if (!local || !this._body) return;
    if (local.body === this._body.value && local.title === this._title()) {
      this._forget();
      return;
    }
    if (local.body.trim() === '') {
      this._forget();
      return;
    }
    this._body.value = local.body;
    const title = this._input('title');
    if (title && local.title) title.value = local.title;
    // Save against what this copy was based on, so the server can tell if the text moved on meanwhile.
    const id = this._input('id');
    const version = this._input('version');
    if (id) id.value = local.id;
    if (version) version.value = local.id ? local.version : '';
    this._count = length(local.body);
    this._restoredNote = true;
    this._status = { message: this._text.status.restored, kind: 'info' };
    void this._save();
  }

  // ---- events ----

  private _onInput = () => {
    if (!this._body) return;
    this._restoredNote = false;
    this._count = length(this._body.value);
    this._keep();
    if (this._dirty()) this._status = { message: this._text.status.unsaved, kind: 'info' };
    clearTimeout(this._timer);
    this._timer = setTimeout(() => void this._save(), this.delay);
  };

  private _onSubmit = (event: Event) => {
    event.preventDefault();
    clearTimeout(this._timer);
    void this._save({ always: true });
  };

  private _onBlur = () => {
    if (!this._dirty()) return;
    clearTimeout(this._timer);
    void this._save();
  };

  private _onHidden = () => {
    if (document.visibilityState !== 'hidden' || !this._dirty()) return;
    clearTimeout(this._timer);
    void this._save({ keepalive: true });
  };

  /** The page is going away: send what is not saved yet without waiting for an answer. */
  private _onPageHide = () => {
    if (!this._dirty() || this._inFlight || !this._form) return;
    this._keep();
    const body = new URLSearchParams(formEntries(this._form));
    const size = new Blob([body.toString()]).size;
    // keepalive requests (and beacons) are limited to 64 kB; larger texts wait on the device.
    if (size > 60_000) return;
    try {
      if (!('keepalive' in Request.prototype)) throw new Error('no keepalive');
      void fetch(this._form.action, { method: 'POST', body, keepalive: true, credentials: 'same-origin', headers: { Accept: 'application/json' } }).catch(() => undefined);
    } catch {
      // Older browsers: a beacon (a plain form post; the server answers with a redirect nobody reads).
      navigator.sendBeacon?.(this._form.action, body);
    }
  };

  private _onOnline = () => {
    if (this._dirty()) void this._save();
  };

  private _onKeydown = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    const key = event.key.toLowerCase();
    if (key === 'b' || key === 'i') {
      event.preventDefault();
      this._format(key === 'b' ? 'bold' : 'italic');
    }
  };

  // ---- formatting ----

  private _format(kind: 'bold' | 'italic' | 'list' | 'quote') {
    const box = this._body;
    if (!box) return;
    const { selectionStart: start, selectionEnd: end, value } = box;
    let from = start;
    let to = end;
    let insert: string;
    let select: [number, number];
    if (kind === 'bold' || kind === 'italic') {
      const mark = kind === 'bold' ? '**' : '_';
      const chosen = value.slice(start, end) || (kind === 'bold' ? this._text.form.placeholderText : this._text.form.placeholderItalic);
      insert = `${mark}${chosen}${mark}`;
      select = [start + mark.length, start + mark.length + chosen.length];
    } else {
      const prefix = kind === 'list' ? '- ' : '> ';
      from = value.lastIndexOf('\n', start - 1) + 1;
      const lineEnd = value.indexOf('\n', end);
      to = lineEnd === -1 ? value.length : lineEnd;
      const lines = value.slice(from, to).split('\n');
      const all = lines.every((l) => l.startsWith(prefix));
      insert = lines.map((l) => (all ? l.slice(prefix.length) : l.startsWith(prefix) ? l : prefix + l)).join('\n');
      select = [from + insert.length, from + insert.length];
    }
    box.focus();
    box.setSelectionRange(from, to);
    // execCommand keeps the browser's undo history; setRangeText is the fallback.
    let done = false;
    try {
      done = document.execCommand('insertText', false, insert);
    } catch {
      done = false;
    }
    if (!done || box.value.slice(from, from + insert.length) !== insert) {
      box.setRangeText(insert, from, to, 'end');
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }
    box.setSelectionRange(select[0], select[1]);
  }

  // ---- saving ----

  private async _save(options: { always?: boolean; keepalive?: boolean } = {}): Promise<void> {
    const form = this._form;
    const box = this._body;
    if (!form || !box) return;
    if (this._inFlight) {
      this._again = true;
      return;
    }
    clearTimeout(this._retry);
    const s = this._text.status;
    if (box.value.trim() === '') {
      if (options.always || this._dirty()) this._status = { message: s.emptyEditor, kind: 'info' };
      return;
    }
    const count = length(box.value);
    if (count > this.limit) {
      this._status = { message: s.tooLongNow(count - this.limit), kind: 'problem' };
      return;
    }
    if (!this._dirty()) {
      if (options.always) this._status = { message: s.unchanged, kind: 'saved' };
      return;
    }
    if (navigator.onLine === false) {
      this._status = { message: s.offline, kind: 'problem' };
      return;
    }

    const sent = { body: box.value, title: this._title() };
    const body = new URLSearchParams(formEntries(form));
    const small = new Blob([body.toString()]).size <= 60_000;
    this._inFlight = true;
    this._status = { message: s.saving, kind: 'saving' };
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
        keepalive: options.keepalive === true && small,
      });
      const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.ok) {
        this._failures = 0;
        this._confirmed(json, sent);
      } else if (response.status === 503) {
        // Not now (the service is down, or its disk is full): the words stay on the device,
        // and we try again later, waiting longer after each failure in a row.
        this._status = { message: s.unavailable, kind: 'problem' };
        this._retry = setTimeout(() => void this._save(), retryDelayMs(this._failures++, response.headers.get('Retry-After'), Math.random()));
      } else if (response.status === 401) {
        this._status = { message: s.signedOut, kind: 'problem' };
      } else {
        this._status = { message: typeof json['error'] === 'string' ? json['error'] : s.failed, kind: 'problem' };
      }
    } catch {
      // No answer at all: offline, or the connection dropped. The words are on the device.
      this._status = { message: s.offline, kind: 'problem' };
    } finally {
      this._inFlight = false;
    }
    if (this._again) {
      this._again = false;
      clearTimeout(this._timer);
      this._timer = setTimeout(() => void this._save(), 0);
    }
  }

  private _confirmed(json: Record<string, unknown>, sent: { body: string; title: string }) {
    const s = this._text.status;
    const outcome = String(json['outcome'] ?? 'saved');
    const id = typeof json['id'] === 'string' ? json['id'] : '';
    const version = Number(json['version'] ?? 0);
    if (outcome === 'empty') {
      this._status = { message: s.empty, kind: 'info' };
      return;
    }
    const idInput = this._input('id');
    const versionInput = this._input('version');
    if (id && idInput) idInput.value = id;
    if (version > 0 && versionInput) versionInput.value = String(version);
    if (id && this.storageKey.endsWith(':new')) {
      this._forget(sent.body);
      this.storageKey = `${this.storageKey.slice(0, -':new'.length)}:${id}`;
    }
    this._saved = sent;
    if (this._dirty()) this._keep();
    else this._forget(sent.body);

    const copy = json['copy'] as { title?: string; href?: string } | undefined;
    if (outcome === 'kept-both' && copy?.href) {
      this._status = { message: s.keptBoth(String(copy.title ?? '')), kind: 'info', link: { href: copy.href, text: this._text.section.open } };
    } else {
      this._status = { message: s.savedAt(formatTime(new Date())), kind: 'saved' };
    }
    this.dispatchEvent(new CustomEvent('reflection-saved', { bubbles: true, composed: true, detail: { id, version, outcome } }));
  }
}

/** Characters as the server counts them (code points). */
function length(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

function formEntries(form: HTMLFormElement): [string, string][] {
  return [...new FormData(form).entries()].filter((e): e is [string, string] => typeof e[1] === 'string');
}

customElements.define('reflection-editor', ReflectionEditor);

declare global {
  interface HTMLElementTagNameMap {
    'reflection-editor': ReflectionEditor;
  }
}
