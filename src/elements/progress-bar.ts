import { css, html, LitElement } from 'lit';

/**
 * A clear, high-contrast progress bar over server HTML.
 *
 * Progressive enhancement: the server renders a sentence ("3 of 7 modules done (43%)") and a
 * native `<progress>` labelled by it. Without JavaScript those are what people see and what
 * assistive technology reads. With it, this element draws a taller bar that is easier to
 * see; the sentence stays visible, and the native `<progress>` is kept for screen readers
 * (hidden only visually), so nothing is lost and nothing is announced twice. The drawn bar
 * is decorative (`aria-hidden`). It grows into place unless the person prefers reduced motion.
 *
 * @attr value - modules done (a number, 0 or more)
 * @attr max - modules in all (a number, more than 0)
 * @slot - the server HTML: the sentence and the native `<progress>`
 * @csspart track - the bar's background
 * @csspart fill - the done part of the bar
 * @fires (none) - display only
 */
export class ProgressBar extends LitElement {
  static override properties = {
    value: { type: Number },
    max: { type: Number },
    _drawn: { state: true },
    _still: { state: true },
  };

  static override styles = css`
    :host { display: block; }
    .track {
      position: relative; height: 0.9rem; margin: 0.4rem 0; max-width: 28rem;
      border: 1px solid #1d4e5f; border-radius: 999px; background: #ffffff; overflow: hidden;
    }
    .fill { height: 100%; background: #1d4e5f; border-radius: 999px 0 0 999px; transition: width 0.6s ease-out; }
    .fill.full { border-radius: 999px; }
    .still .fill { transition: none; }
    @media (prefers-reduced-motion: reduce) { .fill { transition: none; } }
    @media print { .track { border-color: #000; } .fill { background: #000; print-color-adjust: exact; } }
    ::slotted(progress) {
      position: absolute !important; width: 1px !important; height: 1px !important; margin: -1px !important;
      overflow: hidden !important; clip-path: inset(50%) !important; white-space: nowrap !important; border: 0 !important;
    }
  `;

  declare value: number;
  declare max: number;
  /** False for the first frame, so the bar can grow from empty to its value. */
  declare _drawn: boolean;
  /** True when the person chose reduced motion on their account page (a <body> class). */
  declare _still: boolean;

  constructor() {
    super();
    this.value = 0;
    this.max = 1;
    this._drawn = false;
    this._still = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    this._still = document.body.classList.contains('pref-reduced-motion');
    if (this._still) this._drawn = true;
  }

  override firstUpdated() {
    requestAnimationFrame(() => (this._drawn = true));
  }

  /**
   * The width is set through the CSSOM, never as a `style` attribute: the site's
   * Content-Security-Policy blocks inline style attributes (Lit's styleMap writes one first).
   */
  override updated() {
    const fill = this.renderRoot.querySelector<HTMLElement>('.fill');
    if (fill) fill.style.width = `${this._drawn ? this.percent : 0}%`;
  }

  /** Share done, 0–100, whatever attributes were given. */
  get percent(): number {
    const max = Number.isFinite(this.max) && this.max > 0 ? this.max : 1;
    const value = Number.isFinite(this.value) ? Math.min(Math.max(this.value, 0), max) : 0;
    return Math.round((value / max) * 100);
  }

  override render() {
    const width = this._drawn ? this.percent : 0;
    return html`
      <slot></slot>
      <div class="track ${this._still ? 'still' : ''}" part="track" aria-hidden="true">
        <div class="fill ${width >= 100 ? 'full' : ''}" part="fill"></div>
      </div>
    `;
  }
}

customElements.define('progress-bar', ProgressBar);

declare global {
  interface HTMLElementTagNameMap {
    'progress-bar': ProgressBar;
  }
}
