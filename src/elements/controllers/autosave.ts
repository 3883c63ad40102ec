import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Runs a task a while after the last change ("autosave"): each `schedule()` replaces the one
 * before, so the task runs once the person pauses. Cleared when the element leaves the page.
 * The reflection editor saves with it (and retries with a second one); the course editor
 * previews with it.
 */
export class AutosaveController implements ReactiveController {
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private readonly task: () => void;
  private readonly delay: () => number;

  /**
   * @param task what to run when the wait is over
   * @param delay the wait, in milliseconds, read at each `schedule()` (so it follows an attribute)
   */
  constructor(host: ReactiveControllerHost, task: () => void, delay: () => number = () => 0) {
    this.task = task;
    this.delay = delay;
    host.addController(this);
  }

  /** True while a run is waiting. */
  get pending(): boolean {
    return this._timer !== undefined;
  }

  /** (Re)starts the wait: the task runs `ms` from now unless scheduled again or cancelled first. */
  schedule(ms: number = this.delay()): void {
    this.cancel();
    this._timer = setTimeout(() => {
      this._timer = undefined;
      this.task();
    }, ms);
  }

  /** Drops a waiting run (the caller is about to do it now, or there is nothing to do). */
  cancel(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
  }

  hostDisconnected(): void {
    this.cancel();
  }
}

/** Browsers refuse a `keepalive` request (or a beacon) of 64 kB or more; stay under it. */
export const KEEPALIVE_LIMIT = 60_000;

/** Whether a form body is small enough to send with `keepalive` while the page goes away. */
export function fitsKeepalive(body: URLSearchParams): boolean {
  return new Blob([body.toString()]).size <= KEEPALIVE_LIMIT;
}

/** A form's text fields as pairs (files left out), for a URL-encoded body. */
export function formEntries(form: HTMLFormElement): [string, string][] {
  return [...new FormData(form).entries()].filter((e): e is [string, string] => typeof e[1] === 'string');
}

/** Posts a form body to the editors' JSON endpoints: same-origin cookies, asking for JSON. */
export function postForJson(url: string, body: BodyInit, options: { keepalive?: boolean } = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    ...(options.keepalive === undefined ? {} : { keepalive: options.keepalive }),
  });
}
