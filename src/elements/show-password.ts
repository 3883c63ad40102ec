import { css, html, LitElement } from 'lit';

/**
 * Adds a "Show password" toggle to the password input inside it, so a person can check what
 * they typed. Without JavaScript the input works as a normal password field.
 *
 * @attr show-label - text of the toggle button (it says the same whether shown or hidden;
 *   `aria-pressed` tells screen readers the state)
 * @attr shown-message - announced when the password becomes visible
 * @attr hidden-message - announced when it is hidden again
 * @slot - the `<input type="password">`
 * @fires password-visibility - when toggled; `detail.visible` is the new state
 */
export class ShowPassword extends LitElement {
  static override properties = {
    showLabel: { type: String, attribute: 'show-label' },
    shownMessage: { type: String, attribute: 'shown-message' },
    hiddenMessage: { type: String, attribute: 'hidden-message' },
    _visible: { state: true },
    _announcement: { state: true },
  };

  static override styles = css`
    :host { display: block; }
    .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: stretch; }
    ::slotted(input) { flex: 1 1 12rem; min-width: 0; }
    button {
      font: inherit; font-weight: 700; padding: 0.45rem 0.9rem; border-radius: 0.4rem;
      border: 2px solid #1d4e5f; background: #fff; color: #1d4e5f; cursor: pointer; min-height: 44px;
    }
    button[aria-pressed='true'] { background: #1d4e5f; color: #fff; }
    button:focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }
    .visually-hidden {
      position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
      clip: rect(0 0 0 0); white-space: nowrap; border: 0;
    }
  `;

  declare showLabel: string;
  declare shownMessage: string;
  declare hiddenMessage: string;
  declare _visible: boolean;
  declare _announcement: string;

  constructor() {
    super();
    this.showLabel = 'Show password';
    this.shownMessage = 'Your password is shown.';
    this.hiddenMessage = 'Your password is hidden.';
    this._visible = false;
    this._announcement = '';
  }

  override render() {
    return html`
      <div class="row">
        <slot></slot>
        <button type="button" aria-pressed=${this._visible ? 'true' : 'false'} @click=${this._onToggle}>${this.showLabel}</button>
      </div>
      <span class="visually-hidden" role="status">${this._announcement}</span>
    `;
  }

  private _input(): HTMLInputElement | null {
    return this.querySelector('input');
  }

  private _onToggle() {
    const input = this._input();
    if (!input) return;
    this._visible = !this._visible;
    input.type = this._visible ? 'text' : 'password';
    this._announcement = this._visible ? this.shownMessage : this.hiddenMessage;
    this.dispatchEvent(new CustomEvent('password-visibility', { detail: { visible: this._visible }, bubbles: true, composed: true }));
  }
}

customElements.define('show-password', ShowPassword);

declare global {
  interface HTMLElementTagNameMap {
    'show-password': ShowPassword;
  }
}
