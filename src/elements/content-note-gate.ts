import { css, html, LitElement } from 'lit';

/**
 * Holds back a module's text behind its content note until the reader chooses to go on.
 *
 * Progressive enhancement: without JavaScript the note and the text are simply shown in
 * order. With it, the text stays hidden until "Show the module" is pressed; the choice is
 * remembered for that module on this device, and the text is shown for printing.
 *
 * @attr key - identifies the module (e.g. `course/module`) for remembering the choice
 * @attr show-label - text of the button that reveals the module
 * @slot note - the content note (always shown)
 * @slot - the module text (shown once revealed)
 * @fires content-note-revealed - when the reader chooses to show the module
 */
export class ContentNoteGate extends LitElement {
  static override properties = {
    key: { type: String },
    showLabel: { type: String, attribute: 'show-label' },
    _revealed: { state: true },
  };

  static override styles = css`
    :host { display: block; }
    button {
      font: inherit; font-weight: 700; padding: 0.55rem 1.1rem; border-radius: 0.4rem;
      border: 2px solid #1d4e5f; background: #1d4e5f; color: #fff; cursor: pointer;
    }
    button:focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }
  `;

  declare key: string;
  declare showLabel: string;
  declare _revealed: boolean;

  constructor() {
    super();
    this.key = '';
    this.showLabel = 'Show the module';
    this._revealed = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    this._revealed = this._remembered();
    window.addEventListener('beforeprint', this._onPrint);
  }

  override disconnectedCallback() {
    window.removeEventListener('beforeprint', this._onPrint);
    super.disconnectedCallback();
  }

  override render() {
    return html`
      <slot name="note"></slot>
      ${this._revealed
        ? html`<slot></slot>`
        : html`<p><button type="button" @click=${this._onShow}>${this.showLabel}</button></p>`}
    `;
  }

  private _storageKey() {
    return `lived-learning:content-note:${this.key}`;
  }

  private _remembered(): boolean {
    try {
      return this.key !== '' && window.localStorage.getItem(this._storageKey()) === 'shown';
    } catch {
      return false; // storage can be blocked; then the note simply shows each time
    }
  }

  private _onPrint = () => {
    this._revealed = true;
  };

  private async _onShow() {
    this._revealed = true;
    try {
      if (this.key) window.localStorage.setItem(this._storageKey(), 'shown');
    } catch {
      /* not remembered: harmless */
    }
    this.dispatchEvent(new CustomEvent('content-note-revealed', { bubbles: true, composed: true }));
    await this.updateComplete;
    // Move focus to the start of the text so keyboard and screen-reader users land there.
    const start = this.querySelector<HTMLElement>('[data-reveal-focus]');
    start?.focus();
  }
}

customElements.define('content-note-gate', ContentNoteGate);

declare global {
  interface HTMLElementTagNameMap {
    'content-note-gate': ContentNoteGate;
  }
}
