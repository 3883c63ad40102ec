/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** PocketBase client for this request, carrying the signed-in person's token (if any). */
    pb: import('./lib/pb.ts').TypedPocketBase;
    /** The signed-in person, fetched fresh from PocketBase on each request; null when signed out. */
    user: import('./lib/records.ts').UserRecord | null;
    /** True when the session cookie had expired: pages that need an account say so kindly. */
    sessionExpired: boolean;
    /** True when PocketBase could not be reached: account pages answer 503, reading still works. */
    serviceUnavailable: boolean;
    /**
     * The service (superuser) client, signed in lazily on first call. Pages only pass it on to
     * src/lib functions; they never import src/lib/pb-service.ts themselves.
     */
    /**
     * Set when the offline service worker asks for a module page's offline copy (the
     * `X-Offline-Copy: 1` header): the person it is for. `user` is then null, so the page is
     * rendered exactly as a signed-out visitor sees it, plus empty reflection boxes keyed to
     * this person (docs/OFFLINE.md). Never set for anything but a GET of a module page.
     */
    offlineCopyFor?: import('./lib/records.ts').UserRecord | null;
    /** Set when this request failed with a real bug: the id logged with it, shown on the 500 page. */
    failureId?: string;
    service: () => Promise<import('./lib/pb.ts').TypedPocketBase>;
  }
}
