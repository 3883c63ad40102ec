import { css, html, LitElement, nothing, render, type TemplateResult } from 'lit';
import { formatTime, reflectionsText } from '../lib/i18n/reflections.ts';
import { retryDelayMs } from '../lib/reflections/retry.ts';
import { appendBlock } from '../lib/courses/reflection-templates.ts';
import { AutosaveController, fitsKeepalive, formEntries, postForJson } from './controllers/autosave.ts';
import { DeviceCopyController, keyForCreated, restorePlan } from './controllers/device-copy.ts';
import { MarkdownToolbarController, shortcutFor } from './controllers/markdown-toolbar.ts';

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
  /** The optional reflection-guide chooser (inside the form; without JavaScript its button posts like Save). */
  private _templates: HTMLElement | null = null;
  private _body: HTMLTextAreaElement | null = null;
  private _autosave = new AutosaveController(this, () => void this._save(), () => this.delay);
  private _retry = new AutosaveController(this, () => void this._save());
  private _device = new DeviceCopyController(this, () => this.storageKey);
  private _toolbar = new MarkdownToolbarController(this, {
    container: () => this._form?.querySelector<HTMLElement>('[data-toolbar]'),
    textarea: () => this._body,
    template: () => this._toolbarButtons(),
    keepUndo: true,
  });
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
    this._form = this.querySelector<HTMLFormElement>('form.reflection-form') ?? this.querySelector('form');
    this._templates = this.querySelector<HTMLElement>('[data-template-chooser]');
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
    super.disconnectedCallback();
  }

  override render() {
    return html`<slot></slot>`;
  }

  /** The count and status live in the form (light DOM, like the toolbar), so they read in order and take the site's styles. */
  protected override updated() {
    if (!this._form) return;
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

  private _toolbarButtons(): TemplateResult {
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

  /** Keeps what is in the form on the device until the server confirms it. */
  private _keep() {
    if (!this._body) return;
    this._device.keep({ body: this._body.value, title: this._title(), id: this._input('id')?.value ?? '', version: this._input('version')?.value ?? '' });
  }

  /** On load: words kept on this device that the server never confirmed go back in the box, then are saved. */
  private _restore() {
    const local = this._device.read();
    if (!local || !this._body) return;
    if (restorePlan(local, { body: this._body.value, title: this._title() }) === 'forget') {
      this._device.forget();
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
    this._autosave.schedule();
  };

  /** A reflection guide chosen: its headings go after the words in the box, then the usual autosave and device copy. */
  private _onTemplate = (event: Event): boolean => {
    const select = this._templates?.querySelector<HTMLSelectElement>('select[name="template"]');
    const option = select?.selectedOptions[0];
    const block = option?.dataset['block'];
    if (!this._body || !block) return false;
    event.preventDefault();
    this._body.value = appendBlock(this._body.value, block);
    this._onInput();
    this._status = { message: this._text.templates.added(option.dataset['title'] ?? option.textContent ?? ''), kind: 'info' };
    this._body.focus();
    return true;
  };

  private _onSubmit = (event: Event) => {
    // "Add this guide": its headings go in the box here, then the usual autosave.
    if ((event as SubmitEvent).submitter?.getAttribute('name') === 'add_template' && this._onTemplate(event)) return;
    event.preventDefault();
    this._autosave.cancel();
    void this._save({ always: true });
  };

  private _onBlur = () => {
    if (!this._dirty()) return;
    this._autosave.cancel();
    void this._save();
  };

  private _onHidden = () => {
    if (document.visibilityState !== 'hidden' || !this._dirty()) return;
    this._autosave.cancel();
    void this._save({ keepalive: true });
  };

  /** The page is going away: send what is not saved yet without waiting for an answer. */
  private _onPageHide = () => {
    if (!this._dirty() || this._inFlight || !this._form) return;
    this._keep();
    const body = new URLSearchParams(formEntries(this._form));
    // keepalive requests (and beacons) are limited to 64 kB; larger texts wait on the device.
    if (!fitsKeepalive(body)) return;
    try {
      if (!('keepalive' in Request.prototype)) throw new Error('no keepalive');
      void postForJson(this._form.action, body, { keepalive: true }).catch(() => undefined);
    } catch {
      // Older browsers: a beacon (a plain form post; the server answers with a redirect nobody reads).
      navigator.sendBeacon?.(this._form.action, body);
    }
  };

  private _onOnline = () => {
    if (this._dirty()) void this._save();
  };

  private _onKeydown = (event: KeyboardEvent) => {
    const kind = shortcutFor(event);
    if (!kind) return;
    event.preventDefault();
    this._format(kind);
  };

  // ---- formatting ----

  private _format(kind: 'bold' | 'italic' | 'list' | 'quote') {
    const t = this._text.form;
    if (kind === 'bold') this._toolbar.wrap('**', '**', t.placeholderText);
    else if (kind === 'italic') this._toolbar.wrap('_', '_', t.placeholderItalic);
    else this._toolbar.prefixLines(kind === 'list' ? '- ' : '> ');
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
    this._retry.cancel();
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
    this._inFlight = true;
    this._status = { message: s.saving, kind: 'saving' };
    try {
      const response = await postForJson(form.action, body, { keepalive: options.keepalive === true && fitsKeepalive(body) });
      const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.ok) {
        this._failures = 0;
        this._confirmed(json, sent);
      } else if (response.status === 503) {
        // Not now (the service is down, or its disk is full): the words stay on the device,
        // and we try again later, waiting longer after each failure in a row.
        this._status = { message: s.unavailable, kind: 'problem' };
        this._retry.schedule(retryDelayMs(this._failures++, response.headers.get('Retry-After'), Math.random()));
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
      this._autosave.schedule(0);
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
    const created = keyForCreated(this.storageKey, id);
    if (created) {
      this._device.forget(sent.body);
      this.storageKey = created;
    }
    this._saved = sent;
    if (this._dirty()) this._keep();
    else this._device.forget(sent.body);

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

customElements.define('reflection-editor', ReflectionEditor);

declare global {
  interface HTMLElementTagNameMap {
    'reflection-editor': ReflectionEditor;
  }
}
