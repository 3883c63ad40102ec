import { css, html, LitElement } from 'lit';

/**
 * Adds a "Copy link" button next to the read-only link field (input or textarea) inside it. Without JavaScript
 * (or without clipboard access) the field still shows the link to select and copy by hand.
 *
 * @attr copy-label - text of the button
 * @attr copied-message - announced after copying
 * @attr failed-message - announced when the browser refuses to copy
 * @slot - the `<textarea readonly>` (or `<input readonly>`) holding the link
 * @fires link-copied - after the link is on the clipboard; `detail.url` is the link
 */
export class CopyLink extends LitElement {
  static override properties = {
    copyLabel: { type: String, attribute: 'copy-label' },
    copiedMessage: { type: String, attribute: 'copied-message' },
    failedMessage: { type: String, attribute: 'failed-message' },
    _status: { state: true },
  };

  static override styles = css`
    :host { display: block; }
    .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: stretch; }
    ::slotted(input), ::slotted(textarea) { flex: 1 1 16rem; min-width: 0; }
    button {
      font: inherit; font-weight: 700; padding: 0.45rem 0.9rem; border-radius: 0.4rem;
      border: 2px solid #1d4e5f; background: #1d4e5f; color: #fff; cursor: pointer; min-height: 44px;
    }
    button:focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }
    p { margin: 0.5rem 0 0; font-weight: 700; }
  `;

  declare copyLabel: string;
  declare copiedMessage: string;
  declare failedMessage: string;
  declare _status: string;

  constructor() {
    super();
    this.copyLabel = 'Copy link';
    this.copiedMessage = 'Link copied.';
    this.failedMessage = 'Could not copy. Please select the link and copy it.';
    this._status = '';
  }

  override render() {
    return html`
      <div class="row">
        <slot></slot>
        <button type="button" @click=${this._onCopy}>${this.copyLabel}</button>
      </div>
      <p role="status">${this._status}</p>
    `;
  }

  private async _onCopy() {
    const input = this.querySelector<HTMLInputElement | HTMLTextAreaElement>('textarea, input');
    if (!input) return;
    try {
      await navigator.clipboard.writeText(input.value);
      this._status = this.copiedMessage;
      this.dispatchEvent(new CustomEvent('link-copied', { detail: { url: input.value }, bubbles: true, composed: true }));
    } catch {
      input.focus();
      input.select();
      this._status = this.failedMessage;
    }
  }
}

customElements.define('copy-link', CopyLink);

declare global {
  interface HTMLElementTagNameMap {
    'copy-link': CopyLink;
  }
}
