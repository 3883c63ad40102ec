import { html, LitElement, nothing, render, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { formatAttemptDate, quizText } from '../lib/i18n/quiz.ts';
import type { AttemptSummary, QuestionView, ResultView } from '../lib/quiz/attempts.ts';

/**
 * Checks a knowledge check in place, without a page load.
 *
 * Progressive enhancement over the server-rendered form (POST /checks), which works on its
 * own. With JavaScript the form is sent with fetch (`Accept: application/json`); the server
 * grades it and answers with the result, which is shown in the form: a summary (focus moves
 * there, and it is announced), under each question whether it is right or not yet with the
 * feedback for the chosen options, and the attempt history (each attempt links to how it
 * was shown). "Try again" loads the page afresh: the next attempt has its own order.
 * The element never knows the answer keys: it only shows what the server sends back.
 *
 * Renders into the light DOM, into the form's placeholders, so the site's styles apply:
 * `[data-kc-status]` (summary or problem), `[data-kc-error="<question id>"]` and
 * `[data-kc-feedback="<question id>"]` inside each `fieldset[data-kc-question]`, and
 * `[data-kc-history]`. A link marked `[data-kc-retry]` resets the form instead of loading.
 *
 * No attributes: the form's `action` is the address it posts to.
 *
 * @slot - the knowledge-check form and the history placeholder, as the server renders them
 * @fires knowledge-check-graded - after a result is shown; `detail` is the attempt summary
 *   `{ id, created, score, total, passed }`
 */
export class KnowledgeCheck extends LitElement {
  static override properties = {
    _status: { state: true },
    _result: { state: true },
    _problem: { state: true },
    _history: { state: true },
  };

  /** idle: nothing sent yet (or reset); sending; graded: a result is shown; problem: unanswered questions or an error. */
  declare _status: 'idle' | 'sending' | 'graded' | 'problem';
  declare _result: ResultView | undefined;
  declare _problem: { message: string; unanswered: string[] } | undefined;
  declare _history: AttemptSummary[] | undefined;

  private readonly _text = quizText(document.documentElement.lang || 'en-GB');
  /** Placeholders that still hold the server's HTML; cleared before the first client render. */
  private readonly _cleared = new WeakSet<Element>();
  /** False until the person first checks or resets: until then the server's HTML stays as it is. */
  private _enhanced = false;
  private _focusSummary = false;

  constructor() {
    super();
    this._status = 'idle';
    this._result = undefined;
    this._problem = undefined;
    this._history = undefined;
  }

  /** Light DOM: the form stays the page's own, styled by the site's stylesheet. */
  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.addEventListener('submit', this._onSubmit);
    this.addEventListener('click', this._onClick);
  }

  override disconnectedCallback() {
    this.removeEventListener('submit', this._onSubmit);
    this.removeEventListener('click', this._onClick);
    super.disconnectedCallback();
  }

  /** Nothing of its own: the results go into the form's placeholders in `updated`. */
  override render() {
    return nothing;
  }

  private get _form(): HTMLFormElement | null {
    return this.querySelector('form');
  }

  private _questions(): HTMLFieldSetElement[] {
    return [...this.querySelectorAll<HTMLFieldSetElement>('fieldset[data-kc-question]')];
  }

  private _onClick = (event: Event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-kc-retry]') : null;
    if (!target) return;
    event.preventDefault();
    this._reset();
  };

  private _onSubmit = async (event: SubmitEvent) => {
    const form = this._form;
    if (!form || event.target !== form) return;
    event.preventDefault();
    if (this._status === 'sending') return;
    this._enhanced = true;
    this._status = 'sending';
    this._problem = undefined;
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
      const data = (await response.json().catch(() => ({}))) as Partial<{
        result: ResultView;
        history: AttemptSummary[];
        error: string;
        unanswered: string[];
        signIn: string;
      }>;
      if (response.ok && data.result) {
        this._result = data.result;
        this._history = data.history ?? [];
        this._status = 'graded';
        this.dispatchEvent(new CustomEvent('knowledge-check-graded', { detail: data.result.attempt, bubbles: true, composed: true }));
      } else if (response.status === 401 && data.signIn) {
        window.location.assign(data.signIn); // the answers travel with the address
        return;
      } else {
        this._result = undefined;
        this._problem = { message: data.error ?? this._text.errors.generic, unanswered: data.unanswered ?? [] };
        this._status = 'problem';
      }
    } catch {
      this._problem = { message: this._text.errors.network, unanswered: [] };
      this._status = 'problem';
    }
    this._focusSummary = true;
  };

  /**
   * "Try again": a new attempt has its own order (and, from a pool, its own questions), which
   * only the server knows, so the page is loaded afresh without the result in its address.
   */
  private _reset() {
    this._status = 'sending';
    const url = new URL(window.location.href);
    url.searchParams.delete('attempt');
    url.searchParams.delete('answers');
    url.hash = 'knowledge-check';
    window.history.replaceState(window.history.state, '', url);
    window.location.reload();
  }

  /** Puts a template into a server-rendered placeholder, replacing the server's HTML once. */
  private _put(container: Element | null, template: TemplateResult | typeof nothing) {
    if (!container) return;
    if (!this._cleared.has(container)) {
      container.replaceChildren();
      this._cleared.add(container);
    }
    render(template, container as HTMLElement);
  }

  protected override updated() {
    // Before anything is sent, the server's HTML (e.g. a result opened by address) stays.
    if (!this._enhanced) return;

    const results = new Map((this._result?.questions ?? []).map((q) => [q.id, q] as const));
    const unanswered = new Set(this._problem?.unanswered ?? []);
    this._questions().forEach((fieldset, i) => {
      const id = fieldset.dataset['kcQuestion'] ?? '';
      const multiple = fieldset.querySelector('input[type=checkbox]') !== null;
      const errorId = `kc-q${i + 1}-error`;
      this._put(
        fieldset.querySelector(`[data-kc-error]`),
        unanswered.has(id) ? html`<p class="kc-error" id=${errorId}>${multiple ? this._text.errors.chooseAny : this._text.errors.chooseOne}</p>` : nothing,
      );
      if (unanswered.has(id)) fieldset.setAttribute('aria-describedby', errorId);
      else fieldset.removeAttribute('aria-describedby');
      const view = results.get(id);
      this._put(fieldset.querySelector(`[data-kc-feedback]`), view ? this._feedback(view) : nothing);
    });

    this._put(this.querySelector('[data-kc-status]'), this._summary());
    if (this._history) this._put(this.querySelector('[data-kc-history]'), this._historyTable(this._history));
    this.querySelector<HTMLButtonElement>('button[type=submit]')?.toggleAttribute('aria-disabled', this._status === 'sending');
    // A graded attempt is a record: its answers stay as sent, and "Try again" starts the next.
    if (this._status === 'graded') {
      for (const input of this.querySelectorAll<HTMLInputElement>('fieldset[data-kc-question] input')) input.disabled = true;
      this.querySelector<HTMLElement>('button[type=submit]')?.closest('p')?.setAttribute('hidden', '');
      this.querySelector<HTMLInputElement>('input[name=sitting]')?.remove();
    }

    if (this._focusSummary) {
      this._focusSummary = false;
      this.querySelector<HTMLElement>('[data-kc-summary]')?.focus();
    }
  }

  private _summary() {
    const t = this._text;
    if (this._status === 'sending') return html`<p class="kc-sending">${t.sending}</p>`;
    if (this._status === 'problem' && this._problem) {
      const numbers = this._questions().map((f) => f.dataset['kcQuestion'] ?? '');
      const unanswered = this._problem.unanswered;
      return html`<div class="kc-problem" data-kc-summary tabindex="-1">
        <h3>${unanswered.length > 0 ? t.errors.summaryTitle : t.result.title}</h3>
        <p>${this._problem.message}</p>
        ${unanswered.length > 0
          ? html`<ul>${unanswered.map((id) => {
              const n = numbers.indexOf(id) + 1;
              return html`<li><a href=${`#kc-q${n}`}>${t.questionNumber(n)}</a></li>`;
            })}</ul>`
          : nothing}
      </div>`;
    }
    const result = this._result;
    if (this._status !== 'graded' || !result) return nothing;
    const { attempt } = result;
    return html`<div class="kc-summary ${attempt.passed ? 'kc-summary--passed' : 'kc-summary--not-yet'}" data-kc-summary tabindex="-1">
      <h3>${t.result.title}</h3>
      <p class="kc-score">${t.result.score(attempt.score, attempt.total)}</p>
      ${attempt.passed ? html`<p>${t.result.passed}</p>` : html`<p>${t.result.notYet(result.needed, attempt.total)} ${t.result.tryAgainNote}</p>`}
      <p>${t.result.feedbackBelow}</p>
      <p><a class="button button--quiet" href="#knowledge-check" data-kc-retry>${t.result.tryAgain}</a></p>
    </div>`;
  }

  private _feedback(view: QuestionView) {
    const t = this._text;
    return html`<div class="kc-feedback ${view.right ? 'kc-feedback--right' : 'kc-feedback--not-yet'}">
      <p class="kc-verdict"><strong>${view.right ? t.result.right : t.result.notYetQuestion}</strong></p>
      <p class="kc-chose">${t.result.youChose}</p>
      <ul>
        ${view.chosen.map(
          // Server-rendered course Markdown (markdown-it, raw HTML off), as on the page itself.
          (c) => html`<li><span class="kc-chosen-option">${unsafeHTML(c.optionHtml)}</span><br /><span>${unsafeHTML(c.feedbackHtml)}</span></li>`,
        )}
      </ul>
      ${view.missed > 0 ? html`<p class="kc-hint">${t.result.missed(view.missed)}</p>` : nothing}
    </div>`;
  }

  private _historyTable(history: AttemptSummary[]) {
    const t = this._text;
    if (history.length === 0) return nothing;
    return html`<section class="kc-history" aria-labelledby="kc-history-title">
      <h3 id="kc-history-title">${t.history.title}</h3>
      <table>
        <caption class="kc-visually-hidden">${t.history.caption}</caption>
        <thead><tr><th scope="col">${t.history.date}</th><th scope="col">${t.history.score}</th><th scope="col">${t.history.result}</th><th scope="col">${t.history.attempt}</th></tr></thead>
        <tbody>
          ${history.map(
            (a) => html`<tr><td>${formatAttemptDate(a.created)}</td><td>${t.history.scoreOf(a.score, a.total)}</td><td>${a.passed ? t.history.passed : t.history.notYet}</td><td><a href=${`${window.location.pathname}?attempt=${encodeURIComponent(a.id)}#knowledge-check`} aria-label=${t.reviewLinkLabel(formatAttemptDate(a.created))}>${t.reviewLink}</a></td></tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }
}

customElements.define('knowledge-check', KnowledgeCheck);

declare global {
  interface HTMLElementTagNameMap {
    'knowledge-check': KnowledgeCheck;
  }
}
