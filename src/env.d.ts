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
  }
}
