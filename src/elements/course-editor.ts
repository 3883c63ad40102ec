import { css, html, LitElement, render, type TemplateResult } from 'lit';
import { authoringEn } from '../lib/i18n/authoring.ts';
import { AutosaveController, postForJson } from './controllers/autosave.ts';
import { MarkdownToolbarController } from './controllers/markdown-toolbar.ts';
import { VisualMode } from './controllers/visual-mode.ts';

/**
 * Makes the course editor live: the preview and the course check update as the author types,
 * drafts save without leaving the page, a toolbar inserts the course boxes, and at 600 px or
 * less the page becomes two tabs (Write / Preview).
 *
 * Progressive enhancement: the slotted editor form posts to its own page and works alone
 * ("Preview and check" and "Save draft" re-render the page with every input kept). When this
 * element runs:
 * - 400 ms after typing pauses it posts the form to `preview-url` (Accept: application/json)
 *   and replaces the preview (`[data-preview]`), the problem list (`[data-problems]`) and the
 *   messages under each field (`[data-errors-for=<id>]`);
 * - "Save draft" posts the form to `save-url` with fetch and stays on the page; when someone
 *   else saved first, it submits the form normally so the server shows both versions;
 * - the status (`[data-editor-status]`, a polite live region) says what happened;
 * - `[data-toolbar]` gets buttons that insert `::: activity` / reflection / content-note /
 *   key-point boxes, a heading, bold, a list, a link and a picture;
 * - problem links with `data-line` put the cursor on that line of the text;
 * - the picture upload form (`[data-upload-form]`) is sent with fetch and the picture's
 *   Markdown is inserted at the cursor, so unsaved text is never lost.
 *
 * @attr preview-url - where to post the form for a preview (JSON answer)
 * @attr save-url - where to post the form to save (JSON answer)
 * - a "Markdown text / Visual" switch above the text gives a visual mode (ProseMirror, see
 *   controllers/visual-mode.ts) that writes the same Markdown back into the text box.
 *
 * @attr delay - milliseconds after the last keystroke before previewing (default 400)
 * @attr files-base - where the course's pictures are served from, for the visual mode
 * @slot - the editor (plain form, preview and problems) and the upload form
 * @fires course-saved - after a save the server confirmed; `detail` is `{ hash, outcome }`
 * @fires course-previewed - after the preview was updated; `detail` is `{ problems }`
 */
export class CourseEditor extends LitElement {
  static override properties = {
    previewUrl: { type: String, attribute: 'preview-url' },
    saveUrl: { type: String, attribute: 'save-url' },
    delay: { type: Number },
    filesBase: { type: String, attribute: 'files-base' },
    _tab: { state: true },
    _narrow: { state: true },
  };

  static override styles = css`
    :host { display: block; }
  `;

  declare previewUrl: string;
  declare saveUrl: string;
  declare delay: number;
  declare filesBase: string;
  declare _tab: 'write' | 'preview';
  declare _narrow: boolean;

  private _t = authoringEn.editor;
  private _form: HTMLFormElement | null = null;
  private _body: HTMLTextAreaElement | null = null;
  private _autosave = new AutosaveController(this, () => void this._preview(), () => this.delay);
  private _toolbar = new MarkdownToolbarController(this, {
    container: () => this.querySelector<HTMLElement>('[data-toolbar]'),
    textarea: () => this._body,
    template: () => this._toolbarButtons(),
  });
  private _seq = 0;
  private _lastCount = -1;
  private _media: MediaQueryList | undefined;
  private _bypass = false;
  private _visual: VisualMode | undefined;

  constructor() {
    super();
    this.previewUrl = '';
    this.saveUrl = '';
    this.delay = 400;
    this.filesBase = '';
    this._tab = 'write';
    this._narrow = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    this._form = this.querySelector<HTMLFormElement>('form.editor-form');
    this._body = this._form?.querySelector<HTMLTextAreaElement>('textarea[name="body"]') ?? null;
    if (!this._form || !this._body) return;
    this._form.addEventListener('input', this._onInput);
    this._form.addEventListener('change', this._onInput);
    this._form.addEventListener('submit', this._onSubmit);
    this.addEventListener('click', this._onClick);
    this._form.addEventListener('focusin', this._keepClearOfSaveBar);
    this.querySelector<HTMLFormElement>('[data-upload-form]')?.addEventListener('submit', this._onUpload);
    this._media = window.matchMedia('(max-width: 600px)');
    this._narrow = this._media.matches;
    this._media.addEventListener('change', this._onMedia);
    for (const note of this.querySelectorAll<HTMLElement>('[data-upload-note]')) note.hidden = true;
    const field = this._form.querySelector<HTMLElement>('[data-field="body"]');
    if (field && !this._visual) {
      this._visual = new VisualMode({
        textarea: this._body,
        field,
        filesBase: this.filesBase,
        status: (message, kind) => this._status(message, kind),
        onPicture: () => {
          this._status(this._t.visual.pictureUpload, 'info');
          this._picture();
        },
      });
      this._visual.attach();
    }
    const count = this.querySelectorAll('.editor-problems__list li').length;
    this._lastCount = count;
  }

  override disconnectedCallback() {
    this._form?.removeEventListener('input', this._onInput);
    this._form?.removeEventListener('change', this._onInput);
    this._form?.removeEventListener('submit', this._onSubmit);
    this.removeEventListener('click', this._onClick);
    this._form?.removeEventListener('focusin', this._keepClearOfSaveBar);
    this._media?.removeEventListener('change', this._onMedia);
    super.disconnectedCallback();
  }

  override render() {
    return html`<slot></slot>`;
  }

  /**
   * WCAG 2.2 SC 2.4.11: the sticky Save bar must never hide the focused field. The browser
   * scrolls a focused field only until some of it shows, which can leave it under the bar, so
   * scroll on until all of it is above the bar (for a box taller than the room, its top).
   */
  private _keepClearOfSaveBar = (event: FocusEvent) => {
    const target = event.target as HTMLElement | null;
    const bar = this._form?.querySelector<HTMLElement>('.editor-actions');
    if (!target || !bar || bar.contains(target) || getComputedStyle(bar).position !== 'sticky') return;
    const field = target.getBoundingClientRect();
    const top = bar.getBoundingClientRect().top;
    const gap = 16;
    const room = top - gap;
    if (field.bottom <= room && field.top >= 0) return;
    const by = field.height <= room - gap ? field.bottom - room : field.top - gap * 4;
    if (by !== 0) window.scrollBy({ top: by, behavior: 'instant' });
  };

  /** The tabs live in the light DOM (like the toolbar), so they read in order and take the site's styles. */
  protected override updated() {
    const editor = this.querySelector<HTMLElement>('[data-editor]');
    const write = this.querySelector<HTMLElement>('[data-pane="write"]');
    const preview = this.querySelector<HTMLElement>('[data-pane="preview"]');
    if (!editor || !write || !preview) return;
    let tabs = this.querySelector<HTMLElement>('[data-tabs]');
    if (!tabs) {
      tabs = document.createElement('div');
      tabs.dataset['tabs'] = '';
      editor.before(tabs);
    }
    render(this._narrow ? this._tabs() : html``, tabs);
    editor.classList.toggle('editor--tabs', this._narrow);
    for (const [pane, name] of [[write, 'write'], [preview, 'preview']] as const) {
      if (this._narrow) {
        pane.setAttribute('role', 'tabpanel');
        pane.setAttribute('aria-labelledby', `tab-${name}`);
        pane.hidden = this._tab !== name;
      } else {
        pane.removeAttribute('role');
        pane.removeAttribute('aria-labelledby');
        pane.hidden = false;
      }
    }
    for (const skip of this.querySelectorAll<HTMLElement>('[data-skip-preview]')) skip.hidden = this._narrow;
  }

  private _tabs(): TemplateResult {
    const tab = (name: 'write' | 'preview', label: string) => html`<button type="button" role="tab" id=${`tab-${name}`} class="editor-tab"
      aria-selected=${this._tab === name ? 'true' : 'false'} aria-controls=${`${name}-pane`} tabindex=${this._tab === name ? 0 : -1}
      @click=${() => this._select(name)} @keydown=${this._onTabKey}>${label}</button>`;
    return html`<div class="editor-tabs" role="tablist" aria-label=${this._t.tabs}>${tab('write', this._t.write)}${tab('preview', this._t.preview)}</div>`;
  }

  private _select(name: 'write' | 'preview', focus = false) {
    this._tab = name;
    if (name === 'preview') void this._preview();
    if (focus) void this.updateComplete.then(() => this.querySelector<HTMLElement>(`#tab-${name}`)?.focus());
  }

  private _onTabKey = (event: KeyboardEvent) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next = event.key === 'Home' ? 'write' : event.key === 'End' ? 'preview' : this._tab === 'write' ? 'preview' : 'write';
    this._select(next, true);
  };

  private _onMedia = () => {
    this._narrow = !!this._media?.matches;
  };

  private _toolbarButtons(): TemplateResult {
    const tools = this._t.tools;
    const box = (name: string) => () => this._toolbar.insertBlock(`::: ${name}\n`, '\n:::', '');
    return html`<div class="editor-toolbar" role="toolbar" aria-label=${this._t.toolbar} @keydown=${this._toolbar.rovingKeydown}>
      <button type="button" @click=${box('activity')}>${tools.activity}</button>
      <button type="button" tabindex="-1" @click=${box('reflection')}>${tools.reflection}</button>
      <button type="button" tabindex="-1" @click=${box('content-note')}>${tools.contentNote}</button>
      <button type="button" tabindex="-1" @click=${box('key-point')}>${tools.keyPoint}</button>
      <button type="button" tabindex="-1" @click=${() => this._toolbar.insertBlock('## ', '', 'Heading')}>${tools.heading}</button>
      <button type="button" tabindex="-1" @click=${() => this._toolbar.wrap('**', '**', 'bold text')}><b>${tools.bold}</b></button>
      <button type="button" tabindex="-1" @click=${() => this._toolbar.insertBlock('- ', '', 'item')}>${tools.list}</button>
      <button type="button" tabindex="-1" @click=${() => this._toolbar.wrap('[', '](https://)', 'link text')}>${tools.link}</button>
      <button type="button" tabindex="-1" @click=${this._picture}>${tools.picture}</button>
    </div>`;
  }

  private _picture = () => {
    const input = this.querySelector<HTMLInputElement>('[data-upload-form] input[type=file]');
    input?.scrollIntoView({ block: 'center' });
    input?.focus();
  };

  private _onInput = (event: Event) => {
    const target = event.target as HTMLElement;
    if (target.closest('[data-upload-form]') || (target as HTMLInputElement).name === 'message') return;
    this._autosave.schedule();
  };

  private _onClick = (event: MouseEvent) => {
    const link = (event.target as HTMLElement).closest<HTMLAnchorElement>('a[href^="#"]');
    if (!link || !this.contains(link)) return;
    const id = link.getAttribute('href')!.slice(1);
    const target = id ? document.getElementById(id) : null;
    if (!target) return;
    if (this._narrow && this.querySelector('[data-pane="write"]')?.contains(target)) this._tab = 'write';
    const line = Number(link.dataset['line']);
    if (line && target === this._body) {
      event.preventDefault();
      void this.updateComplete.then(() => this._goToLine(line));
    } else if (this._narrow) {
      event.preventDefault();
      void this.updateComplete.then(() => {
        target.scrollIntoView({ block: 'center' });
        target.focus();
      });
    }
  };

  private _goToLine(line: number) {
    // A line of the file is a place in the Markdown text: show that.
    if (this._visual?.active) this._visual.close(false);
    const box = this._body!;
    const lines = box.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    box.focus();
    box.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    // Scroll the line into view: roughly its share of the box's height.
    box.scrollTop = Math.max(0, (box.scrollHeight * (line - 1)) / Math.max(1, lines.length) - box.clientHeight / 3);
  }

  private _onSubmit = (event: SubmitEvent) => {
    if (this._bypass) return;
    const submitter = event.submitter as HTMLButtonElement | null;
    const action = submitter?.name === 'action' ? submitter.value : submitter?.name === 'op' ? 'op' : 'preview';
    if (action === 'op') return; // rows are added on the server: a normal post keeps every input
    event.preventDefault();
    if (action === 'save') void this._save(submitter);
    else void this._preview(true);
  };

  private _status(message: string, kind = '') {
    const status = this.ownerDocument.querySelector<HTMLElement>('[data-editor-status]');
    if (!status) return;
    status.dataset['kind'] = kind;
    status.textContent = '';
    const p = document.createElement('p');
    p.textContent = message;
    status.append(p);
  }

  private _formData(action: 'preview' | 'save'): FormData {
    const data = new FormData(this._form!);
    data.set('action', action);
    return data;
  }

  private async _post(url: string, action: 'preview' | 'save'): Promise<Response> {
    return postForJson(url, this._formData(action));
  }

  private async _preview(announce = false) {
    if (!this.previewUrl) return;
    const seq = ++this._seq;
    try {
      const response = await this._post(this.previewUrl, 'preview');
      if (seq !== this._seq) return; // a newer preview is on its way
      if (response.status === 401 || response.redirected) return this._status(this._t.status.sessionEnded, 'problem');
      if (!response.ok) return this._status(this._t.status.failed, 'problem');
      this._apply(await response.json());
      if (announce) this.querySelector<HTMLElement>('#problems')?.focus();
    } catch {
      if (seq === this._seq) this._status(this._t.status.failed, 'problem');
    }
  }

  /** Puts a preview answer on the page; announces only when the number of problems changed (or when asked). */
  private _apply(data: { preview: string; problems: string; count: number; fields: Record<string, string[]>; credits?: { credits: number; hours: number } }, force = false) {
    const preview = this.querySelector<HTMLElement>('[data-preview]');
    const problems = this.querySelector<HTMLElement>('[data-problems]');
    // Both fragments come from the server's own pipeline (course Markdown never allows raw HTML).
    if (preview) preview.innerHTML = data.preview;
    if (problems) problems.innerHTML = data.problems;
    for (const box of this.querySelectorAll<HTMLElement>('[data-errors-for]')) {
      const id = box.dataset['errorsFor']!;
      const messages = data.fields[id] ?? [];
      box.replaceChildren(...messages.map((m) => Object.assign(document.createElement('p'), { textContent: m })));
      box.hidden = messages.length === 0;
      box.closest('.field')?.classList.toggle('field--error', messages.length > 0);
      const control = document.getElementById(id);
      if (control && control !== box) {
        if (messages.length) control.setAttribute('aria-invalid', 'true');
        else control.removeAttribute('aria-invalid');
        const described = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
        if (messages.length) described.add(`${id}-error`);
        else described.delete(`${id}-error`);
        if (described.size) control.setAttribute('aria-describedby', [...described].join(' '));
        else control.removeAttribute('aria-describedby');
      }
    }
    const sums = this.querySelector<HTMLElement>('[data-credit-sums]');
    if (sums && data.credits) sums.textContent = authoringEn.course.sums(data.credits.credits, data.credits.hours);
    if (force || data.count !== this._lastCount) this._status(this._t.status.checked(data.count), data.count ? 'problem' : 'info');
    this._lastCount = data.count;
    this.dispatchEvent(new CustomEvent('course-previewed', { detail: { problems: data.count }, bubbles: true, composed: true }));
  }

  private async _save(submitter: HTMLButtonElement | null) {
    this._autosave.cancel();
    this._status(this._t.status.saving, 'saving');
    try {
      const response = await this._post(this.saveUrl, 'save');
      if (response.status === 401 || response.redirected) return this._status(this._t.status.sessionEnded, 'problem');
      if (response.status === 409) {
        // Someone else saved first: let the server show both versions (the form keeps this text).
        this._bypass = true;
        this._form!.requestSubmit(submitter ?? undefined);
        return;
      }
      const data = await response.json().catch(() => undefined);
      if (!response.ok || !data) return this._status(data?.error ?? this._t.status.failed, 'problem');
      const base = this._form!.querySelector<HTMLInputElement>('input[name="base_hash"]');
      if (base && data.hash) base.value = data.hash;
      if (data.view) this._apply(data.view, false);
      this._status(data.outcome === 'unchanged' ? this._t.status.unchanged : this._t.status.saved, 'saved');
      const message = this._form!.querySelector<HTMLInputElement>('input[name="message"]');
      if (message) message.value = '';
      this.dispatchEvent(new CustomEvent('course-saved', { detail: { hash: data.hash, outcome: data.outcome }, bubbles: true, composed: true }));
    } catch {
      this._status(this._t.status.failed, 'problem');
    }
  }

  private _onUpload = async (event: SubmitEvent) => {
    const form = event.currentTarget as HTMLFormElement;
    event.preventDefault();
    const status = (message: string) => this._status(message, 'problem');
    try {
      const response = await postForJson(form.action, new FormData(form));
      const data = await response.json().catch(() => undefined);
      if (!response.ok || !data?.markdown) {
        const field = form.querySelector<HTMLElement>(`[data-errors-for="${data?.field === 'alt' ? 'upload-alt' : 'upload-file'}"]`);
        if (field) {
          field.replaceChildren(Object.assign(document.createElement('p'), { textContent: data?.error ?? this._t.status.failed }));
          field.hidden = false;
        }
        return status(data?.error ?? this._t.status.failed);
      }
      for (const box of form.querySelectorAll<HTMLElement>('[data-errors-for]')) box.hidden = true;
      if (this._visual?.active) this._visual.insertMarkdown(data.markdown);
      else this._toolbar.insertBlock(data.markdown, '', '');
      form.reset();
      this._status(this._t.upload.done(data.path), 'saved');
    } catch {
      status(this._t.status.failed);
    }
  };
}

customElements.define('course-editor', CourseEditor);

declare global {
  interface HTMLElementTagNameMap {
    'course-editor': CourseEditor;
  }
}
