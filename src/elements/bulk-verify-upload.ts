import { css, html, LitElement, nothing } from 'lit';

/**
 * Enhances the bulk certificate check form. Progressive enhancement: without JavaScript the
 * form posts the CSV and the browser downloads the results file the server sends back. With
 * it, this element sends the file with `fetch`, shows a progress bar while the results stream
 * back ("Checked 2,400 of 10,000 codes…"), then offers the results as a download link and
 * moves focus to it. A problem with the file (the server's message) is shown and announced.
 *
 * @attr uploading-label - shown while the file is sent
 * @attr checking-label - progress text; `{done}` and `{total}` are replaced with numbers
 * @attr done-label - when finished; `{total}` is replaced
 * @attr download-label - text of the download link
 * @attr failed-label - when the server could not be reached or gave no message
 * @slot - the server's `<form method="post" enctype="multipart/form-data">` with a file input named `file`
 * @fires bulk-verify-complete - when the results are ready; `detail.rows` is the number of result rows
 */
export class BulkVerifyUpload extends LitElement {
  static override properties = {
    uploadingLabel: { type: String, attribute: 'uploading-label' },
    checkingLabel: { type: String, attribute: 'checking-label' },
    doneLabel: { type: String, attribute: 'done-label' },
    downloadLabel: { type: String, attribute: 'download-label' },
    failedLabel: { type: String, attribute: 'failed-label' },
    _phase: { state: true },
    _done: { state: true },
    _total: { state: true },
    _error: { state: true },
    _download: { state: true },
  };

  static override styles = css`
    :host { display: block; }
    .status { margin: 1rem 0; }
    progress { display: block; width: 100%; max-width: 28rem; height: 1rem; accent-color: #1d4e5f; }
    p { margin: 0.4rem 0; font-weight: 700; }
    .error { color: #a3261b; border-left: 5px solid #a3261b; padding-left: 0.9rem; }
    a {
      display: inline-block; font: inherit; font-weight: 700; padding: 0.55rem 1.1rem; border-radius: 0.4rem;
      border: 2px solid #1d4e5f; background: #1d4e5f; color: #fff; text-decoration: none; min-height: 44px; box-sizing: border-box;
    }
    a:focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }
  `;

  declare uploadingLabel: string;
  declare checkingLabel: string;
  declare doneLabel: string;
  declare downloadLabel: string;
  declare failedLabel: string;
  declare _phase: 'idle' | 'uploading' | 'checking' | 'done' | 'failed';
  declare _done: number;
  declare _total: number;
  declare _error: string;
  declare _download: { url: string; name: string } | undefined;

  constructor() {
    super();
    this.uploadingLabel = 'Sending your file…';
    this.checkingLabel = 'Checked {done} of {total} codes…';
    this.doneLabel = 'Done: {total} codes checked.';
    this.downloadLabel = 'Download the results (CSV)';
    this.failedLabel = 'The codes could not be checked just now. Please try again in a minute.';
    this._phase = 'idle';
    this._done = 0;
    this._total = 0;
    this._error = '';
    this._download = undefined;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.addEventListener('submit', this._onSubmit);
  }

  override disconnectedCallback() {
    this.removeEventListener('submit', this._onSubmit);
    if (this._download) URL.revokeObjectURL(this._download.url);
    super.disconnectedCallback();
  }

  override render() {
    const number = (n: number) => n.toLocaleString('en-GB');
    const text =
      this._phase === 'uploading'
        ? this.uploadingLabel
        : this._phase === 'checking'
          ? this.checkingLabel.replace('{done}', number(this._done)).replace('{total}', number(this._total))
          : this._phase === 'done'
            ? this.doneLabel.replace('{total}', number(this._done))
            : '';
    return html`
      <slot></slot>
      <div class="status">
        ${this._phase === 'uploading' || this._phase === 'checking'
          ? html`<progress max=${this._total || 1} value=${this._phase === 'uploading' ? nothing : this._done} aria-hidden="true"></progress>`
          : nothing}
        <p role="status">${text}</p>
        <p role="alert" class=${this._error ? 'error' : ''}>${this._error}</p>
        ${this._download
          ? html`<a href=${this._download.url} download=${this._download.name} id="download">${this.downloadLabel}</a>`
          : nothing}
      </div>
    `;
  }

  private _onSubmit = async (event: Event) => {
    const form = event.target as HTMLFormElement;
    const input = form.querySelector<HTMLInputElement>('input[type="file"]');
    const file = input?.files?.[0];
    // No file (or no fetch streaming): let the plain form post; the server explains.
    if (!file || !('body' in Response.prototype) || typeof TextDecoder === 'undefined') return;
    event.preventDefault();
    if (this._phase === 'uploading' || this._phase === 'checking') return;
    if (this._download) URL.revokeObjectURL(this._download.url);
    this._download = undefined;
    this._error = '';
    this._done = 0;
    this._total = countRows(await file.text());
    this._phase = 'uploading';
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body: new FormData(form),
        headers: { Accept: 'text/csv, application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        this._fail(body.error || this.failedLabel);
        return;
      }
      this._phase = 'checking';
      const total = Number(response.headers.get('X-Rows'));
      if (Number.isFinite(total) && total > 0) this._total = total;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parts: string[] = [];
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const chunk = decoder.decode(value, { stream: true });
        parts.push(chunk);
        for (const c of chunk) if (c === '\n') lines++;
        this._done = Math.min(Math.max(0, lines - 1), this._total);
      }
      parts.push(decoder.decode());
      this._done = Math.max(0, lines - 1);
      const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'certificate-check.csv';
      this._download = { url: URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' })), name };
      this._phase = 'done';
      this.dispatchEvent(new CustomEvent('bulk-verify-complete', { detail: { rows: this._done }, bubbles: true, composed: true }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLAnchorElement>('#download')?.focus();
    } catch {
      this._fail(this.failedLabel);
    }
  };

  private _fail(message: string) {
    this._phase = 'failed';
    this._error = message;
  }
}

/** Non-blank lines in the file: the number of codes, give or take a header row. */
function countRows(text: string): number {
  let rows = 0;
  for (const line of text.split(/\r\n|\n|\r/)) if (line.trim() !== '') rows++;
  return rows;
}

customElements.define('bulk-verify-upload', BulkVerifyUpload);

declare global {
  interface HTMLElementTagNameMap {
    'bulk-verify-upload': BulkVerifyUpload;
  }
}
