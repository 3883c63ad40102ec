import { css, html, LitElement } from 'lit';

/**
 * Wraps a plain staff form (a decision, a sign-off, a reply) so that a double click sends it
 * once: while the first submission is on its way, further submits are ignored, the submit
 * button is marked `aria-disabled` and a status line says what is happening. The form itself
 * is untouched: without JavaScript it works the same, and the server answers a second
 * submission with a kind "already decided" (409). Coming back to the page (the browser's back
 * button) makes the form usable again.
 *
 * @attr sending-label - announced while the form is being sent, e.g. "Recording your decision…"
 * @slot - the `<form>`
 * @fires staff-submitting - once, when the form is first submitted
 */
export class StaffSubmitOnce extends LitElement {
  static override properties = {
    sendingLabel: { type: String, attribute: 'sending-label' },
    _sending: { state: true },
  };

  static override styles = css`
    :host { display: block; }
    p { margin: 0.25rem 0 0; font-weight: 600; color: #4a5560; min-height: 1.6em; }
  `;

  declare sendingLabel: string;
  declare _sending: boolean;

  constructor() {
    super();
    this.sendingLabel = 'Sending…';
    this._sending = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.addEventListener('submit', this._onSubmit);
    window.addEventListener('pageshow', this._onPageShow);
  }

  override disconnectedCallback() {
    this.removeEventListener('submit', this._onSubmit);
    window.removeEventListener('pageshow', this._onPageShow);
    super.disconnectedCallback();
  }

  override render() {
    return html`<slot></slot><p role="status">${this._sending ? this.sendingLabel : ''}</p>`;
  }

  private readonly _onSubmit = (event: Event) => {
    if (this._sending) {
      event.preventDefault();
      return;
    }
    this._sending = true;
    for (const button of this.querySelectorAll('button[type="submit"], button:not([type])')) button.setAttribute('aria-disabled', 'true');
    this.dispatchEvent(new CustomEvent('staff-submitting', { bubbles: true, composed: true }));
  };

  private readonly _onPageShow = (event: PageTransitionEvent) => {
    if (!event.persisted) return;
    this._sending = false;
    for (const button of this.querySelectorAll('[aria-disabled="true"]')) button.removeAttribute('aria-disabled');
  };
}

customElements.define('staff-submit-once', StaffSubmitOnce);

declare global {
  interface HTMLElementTagNameMap {
    'staff-submit-once': StaffSubmitOnce;
  }
}
