import { html, LitElement } from 'lit';

/**
 * Wraps the "Make a sampling plan" form (components/qa/PlanForm.astro) and shows only the
 * field the chosen method uses: the assessor list, the unit list, or the percentage. Before a
 * method is chosen, and without JavaScript, every field shows (the server uses only the one
 * the method needs). A field with an error message always stays visible.
 *
 * Light DOM: the form is the server's HTML, styled by the site stylesheet.
 *
 * @slot - the server-rendered `<form>`: radios `name="method"`, fields marked `data-method`
 * @fires qa-plan-method - when the method changes; `detail.method` is `assessor`, `unit` or `random`
 */
export class QaPlanForm extends LitElement {
  static override properties = {
    _method: { state: true },
  };

  declare _method: string;

  constructor() {
    super();
    this._method = '';
  }

  /** No shadow root: the form stays server HTML. */
  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.addEventListener('change', this._onChange);
    const checked = this.querySelector<HTMLInputElement>('input[name="method"]:checked');
    this._method = checked?.value ?? '';
  }

  override disconnectedCallback() {
    this.removeEventListener('change', this._onChange);
    super.disconnectedCallback();
  }

  /** Nothing of its own to draw: it only shows and hides the server's fields. */
  override render() {
    return html``;
  }

  protected override updated() {
    for (const field of this.querySelectorAll<HTMLElement>('[data-method]')) {
      const hasError = field.classList.contains('field--error');
      field.hidden = this._method !== '' && field.dataset['method'] !== this._method && !hasError;
    }
  }

  private _onChange = (event: Event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || target.name !== 'method' || !target.checked) return;
    this._method = target.value;
    this.dispatchEvent(new CustomEvent('qa-plan-method', { detail: { method: target.value }, bubbles: true, composed: true }));
  };
}

customElements.define('qa-plan-form', QaPlanForm);

declare global {
  interface HTMLElementTagNameMap {
    'qa-plan-form': QaPlanForm;
  }
}
