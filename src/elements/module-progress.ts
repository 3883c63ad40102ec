import { LitElement, nothing } from 'lit';

/**
 * Brings the module page's "Your progress" panel up to date the moment the knowledge check on
 * the page is passed, without a reload.
 *
 * Progressive enhancement over server HTML: ModuleProgress.astro renders the panel's current
 * state inside `[data-progress-state]` (`aria-live="polite"`) and, while the module waits for
 * its check, the "done" state (with the link to the next module) in
 * `<template data-progress-passed>`. When `<knowledge-check>` fires `knowledge-check-graded`
 * with a passed attempt, this element swaps the template in, so the panel says the module is
 * done and offers the next one; screen readers hear it once. Focus stays on the check's result.
 * Without JavaScript the check's result page is a fresh load that renders the same state.
 *
 * No attributes.
 *
 * @slot - the server-rendered panel
 */
export class ModuleProgress extends LitElement {
  /** Light DOM: the panel stays the page's own, styled by the site's stylesheet. */
  protected override createRenderRoot() {
    return this;
  }

  /** Nothing of its own: the server's panel is the content. */
  override render() {
    return nothing;
  }

  override connectedCallback() {
    super.connectedCallback();
    document.addEventListener('knowledge-check-graded', this.onGraded);
  }

  override disconnectedCallback() {
    document.removeEventListener('knowledge-check-graded', this.onGraded);
    super.disconnectedCallback();
  }

  private onGraded = (event: Event) => {
    const attempt = (event as CustomEvent<{ passed?: boolean }>).detail;
    if (!attempt?.passed) return;
    const template = this.querySelector<HTMLTemplateElement>('template[data-progress-passed]');
    const state = this.querySelector<HTMLElement>('[data-progress-state]');
    if (!template || !state) return;
    state.replaceChildren(template.content.cloneNode(true));
    template.remove();
  };
}

customElements.define('module-progress', ModuleProgress);

declare global {
  interface HTMLElementTagNameMap {
    'module-progress': ModuleProgress;
  }
}
