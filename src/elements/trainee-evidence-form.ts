import { LitElement, nothing } from 'lit';
import { checkFiles, EVIDENCE_TEXT_LIMIT, SNIFF_BYTES, type FileFacts } from '../lib/assessment/evidence.ts';
import { assessmentTraineeText, fileProblemMessage } from '../lib/i18n/assessment-trainee.ts';

type Field = 'text' | 'files' | 'reflection';

/**
 * Sends the evidence form of one criterion without losing anything.
 *
 * Progressive enhancement over the server-rendered multipart form (POST /evidence/<course>),
 * which works on its own. With JavaScript, before anything is uploaded the files are checked
 * (count, type by name and first bytes, size) and the text's length, with the message next to
 * the field and focus moved there; then the form is sent with `Accept: application/json`,
 * showing how much is uploaded. On success the page moves to the criterion with its
 * "Submitted" message; on a problem (or a dropped connection) everything typed and chosen
 * stays in the form, with the server's message next to the field.
 *
 * Renders into the light DOM so the site's styles apply: messages go in `p.field__error`
 * elements placed before each control, the status in the form's `[data-status]`.
 *
 * @attr criterion - the criterion's ref (`U1/1.2`), sent with the event
 * @slot - the evidence form, as the server renders it
 * @fires evidence-submitted - after the server accepted the evidence, just before the page
 *   moves on; `detail` is `{ criterion, location }`
 */
export class TraineeEvidenceForm extends LitElement {
  static override properties = {
    criterion: { type: String },
    _status: { state: true },
    _percent: { state: true },
  };

  declare criterion: string;
  /** idle; checking the files; sending (with `_percent` uploaded); sent (the page is moving on); problem. */
  declare _status: 'idle' | 'checking' | 'sending' | 'sent' | 'problem';
  declare _percent: number | undefined;

  private readonly _text = assessmentTraineeText(document.documentElement.lang || 'en-GB');
  private _problem = '';

  constructor() {
    super();
    this.criterion = '';
    this._status = 'idle';
    this._percent = undefined;
  }

  /** Light DOM: the form stays the page's own. */
  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.addEventListener('submit', this._onSubmit);
  }

  override disconnectedCallback() {
    this.removeEventListener('submit', this._onSubmit);
    super.disconnectedCallback();
  }

  /** Nothing of its own: the status goes into the form's `[data-status]` in `updated`. */
  override render() {
    return nothing;
  }

  override updated() {
    const status = this.querySelector<HTMLElement>('[data-status]');
    if (status) {
      const t = this._text.form;
      status.textContent =
        this._status === 'sending' || this._status === 'sent'
          ? this._percent === undefined
            ? t.sending
            : t.sendingPercent(this._percent)
          : this._status === 'problem'
            ? this._problem
            : '';
      status.dataset['kind'] = this._status;
    }
    const button = this.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (button) {
      const busy = this._status === 'checking' || this._status === 'sending' || this._status === 'sent';
      if (busy) button.setAttribute('aria-disabled', 'true');
      else button.removeAttribute('aria-disabled');
    }
  }

  private get _form(): HTMLFormElement | null {
    return this.querySelector('form');
  }

  private readonly _onSubmit = (event: Event) => {
    const form = this._form;
    if (!form || event.target !== form) return;
    event.preventDefault();
    if (this._status === 'checking' || this._status === 'sending' || this._status === 'sent') return;
    void this._checkAndSend(form);
  };

  private async _checkAndSend(form: HTMLFormElement) {
    this._clearErrors(form);
    this._status = 'checking';
    const problem = await this._check(form);
    if (problem) {
      this._show(form, { [problem.field]: problem.message }, problem.message);
      return;
    }
    this._send(form);
  }

  /** The same checks as the server, so nothing is uploaded that would be refused. */
  private async _check(form: HTMLFormElement): Promise<{ field: Field; message: string } | undefined> {
    const t = this._text.errors;
    const text = (form.elements.namedItem('text') as HTMLTextAreaElement | null)?.value ?? '';
    const length = [...text.replace(/\r\n?/g, '\n')].length;
    if (length > EVIDENCE_TEXT_LIMIT) return { field: 'text', message: t.tooLong(length, EVIDENCE_TEXT_LIMIT) };

    const input = form.elements.namedItem('files') as HTMLInputElement | null;
    const files = [...(input?.files ?? [])];
    const facts: FileFacts[] = await Promise.all(
      files.map(async (f) => {
        let head: Uint8Array | undefined;
        try {
          head = new Uint8Array(await f.slice(0, SNIFF_BYTES).arrayBuffer());
        } catch {
          head = undefined; // Unreadable here: the server checks it.
        }
        return { name: f.name, size: f.size, head };
      }),
    );
    const fileProblem = checkFiles(facts);
    if (fileProblem) return { field: 'files', message: fileProblemMessage(fileProblem) };

    const reflection = (form.elements.namedItem('reflection') as HTMLSelectElement | null)?.value ?? '';
    if (text.trim() === '' && files.length === 0 && reflection === '') return { field: 'text', message: t.nothing };
    return undefined;
  }

  private _send(form: HTMLFormElement) {
    const t = this._text.errors;
    this._status = 'sending';
    this._percent = undefined;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (event) => {
      if (!event.lengthComputable || event.total === 0) return;
      // Steps of ten, so a screen reader is not flooded.
      const percent = Math.min(100, Math.floor((event.loaded / event.total) * 10) * 10);
      if (percent !== this._percent) this._percent = percent;
    });
    xhr.addEventListener('load', () => {
      const body = (xhr.response ?? {}) as { location?: string; error?: string; fields?: Record<string, string> };
      if (xhr.status === 200 && body.location) {
        this._status = 'sent';
        this.dispatchEvent(new CustomEvent('evidence-submitted', { detail: { criterion: this.criterion, location: body.location }, bubbles: true, composed: true }));
        window.location.assign(body.location);
        return;
      }
      const fields = body.fields ?? {};
      const message = body.error ?? (xhr.status === 401 ? t.signedOut : xhr.status === 503 ? t.unavailable : t.generic);
      this._show(form, fields, message);
    });
    xhr.addEventListener('error', () => this._show(form, {}, t.network));
    xhr.addEventListener('timeout', () => this._show(form, {}, t.network));
    xhr.send(new FormData(form));
  }

  /** Shows messages next to their fields (focus on the first), or in the status line. Nothing typed is touched. */
  private _show(form: HTMLFormElement, fields: Record<string, string>, message: string) {
    this._clearErrors(form);
    let first: HTMLElement | undefined;
    for (const [name, text] of Object.entries(fields)) {
      const control = form.elements.namedItem(name);
      if (!(control instanceof HTMLElement) || !control.id) continue;
      const error = document.createElement('p');
      error.className = 'field__error';
      error.id = `${control.id}-error`;
      error.dataset['errorFor'] = name;
      const prefix = document.createElement('span');
      prefix.className = 'visually-hidden';
      prefix.textContent = this._text.form.errorPrefix;
      error.append(prefix, text);
      control.before(error);
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), error.id].filter(Boolean).join(' '));
      control.closest('.te-field')?.classList.add('te-field--error');
      first ??= control;
    }
    this._problem = first ? '' : message;
    this._status = 'problem';
    if (first) first.focus();
  }

  private _clearErrors(form: HTMLFormElement) {
    for (const error of form.querySelectorAll<HTMLElement>('p.field__error[data-error-for]')) {
      const control = form.querySelector(`[aria-describedby~="${error.id}"]`);
      if (control) {
        const rest = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== error.id);
        if (rest.length) control.setAttribute('aria-describedby', rest.join(' '));
        else control.removeAttribute('aria-describedby');
        control.removeAttribute('aria-invalid');
      }
      error.remove();
    }
    for (const field of form.querySelectorAll('.te-field--error')) field.classList.remove('te-field--error');
    form.querySelector('.te-form__problem')?.remove();
    this._problem = '';
  }
}

customElements.define('trainee-evidence-form', TraineeEvidenceForm);

declare global {
  interface HTMLElementTagNameMap {
    'trainee-evidence-form': TraineeEvidenceForm;
  }
}
