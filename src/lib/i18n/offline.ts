/**
 * Words for saving courses to read offline (src/lib/offline, <offline-save>, the offline copy of
 * a module page). Plain and kind; shown in the browser too, so no server-only imports here.
 */

/** "7 December 2026 at 17:52" in the given zone (the organisation's, given by the page). */
export function savedMoment(date: Date, timeZone = 'Europe/London'): string {
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(date);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(date);
  return `${day} at ${time}`;
}

export const offlineEn = {
  save: {
    button: 'Save this course for offline reading',
    again: 'Update the offline copy',
    remove: 'Remove the offline copy',
    hint: 'Keeps the modules on this device, so you can read them and write reflections without a connection. Your saved reflections are not kept in the copy.',
    saving: 'Saving this course for offline reading…',
    saved: (when: string, modules: number) =>
      `Saved for offline reading on ${when}: ${modules} ${modules === 1 ? 'module' : 'modules'}. You can open them on this device without a connection.`,
    failed: 'We could not save the course for offline reading. Please check your connection and try again.',
    signedOut: 'Please sign in again, then save the course for offline reading.',
    removed: 'The offline copy of this course has been removed from this device.',
  },
  /** Answers of GET /offline/<course>.json (read by the worker; said to a person only through the button's status). */
  manifest: {
    signedOut: 'Please sign in to save a course for offline reading.',
    unknownCourse: 'There is no course at this address.',
    unavailable: 'The service is not available just now. Please try again in a few minutes.',
    notEnrolled: 'Join the course first to save it for offline reading.',
  },
  copy: {
    banner: (when: string) => `You are offline; this is the copy saved on ${when}. Your reflections will be sent when you are back online.`,
    reflections:
      'To keep them private, reflections you saved before are not kept in this offline copy. What you write here stays on this device and is sent when you are back online. If you had already written something for a question, the new words are kept next to it, so nothing is overwritten.',
    checkOffline: 'The knowledge check and marking the module as done need a connection. Open this module again when you are back online.',
  },
} as const;
